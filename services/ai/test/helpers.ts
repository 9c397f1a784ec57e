import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Permission } from '@erp/contracts';
import { connectRedis, connectServiceDb, type EventTransport, type RedisClient, type ServiceApp, type ServiceDb } from '@erp/kit';
import { createTestDatabase, createTestTokens, type TestDatabase, type TestTokens } from '@erp/kit/testing';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import type { AiDb } from '../src/db/schema.js';

export const migrationsFolder = fileURLToPath(new URL('../dist/db/migrations', import.meta.url));

export const ALL_AI_PERMISSIONS: Permission[] = ['ai.assistant:use', 'ai.admin:manage', 'ai.suggestions:read'];

export interface TestAi {
  app: ServiceApp;
  db: ServiceDb<AiDb>;
  database: TestDatabase;
  tokens: TestTokens;
  /** `Authorization` headers for a tenant, with all ai permissions unless told otherwise. */
  headers(tenantId: string, permissions?: Permission[]): Promise<Record<string, string>>;
  /** Another instance of the service on the same database (and Redis), as a second replica would be. */
  replica(): Promise<ServiceApp>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  env?: Record<string, string>;
  /** Redis URL for the cache and the quota store; without one they live in process and in Postgres. */
  redisUrl?: string;
  authFetch?: typeof globalThis.fetch;
  /** Connects an event transport to the test database (pg-boss) or a broker; the ledger consumer subscribes on it. */
  events?: (databaseAdminUrl: string) => Promise<EventTransport>;
  /** The ledger consumer's queue, unique per test file so that files never take each other's events. */
  ledgerQueue?: string;
  /** The batch worker's queue, unique per test file on a shared broker. */
  batchQueue?: string;
  now?: () => Date;
}

/** The ai service on a fresh database of `serverAdminUrl`, verifying tokens of a local test issuer. */
export async function buildTestApp(serverAdminUrl: string, options: TestAppOptions = {}): Promise<TestAi> {
  const database = await createTestDatabase(serverAdminUrl);
  const tokens = await createTestTokens();
  const config = loadConfig({
    DATABASE_URL: database.adminUrl,
    LOG_LEVEL: 'silent',
    AI_KEY_SECRET: 'test-secret-of-sufficient-length',
    AI_ALLOW_PRIVATE_PROVIDER_URLS: 'true',
    AI_TENANT_SETTINGS_TTL_MS: '0',
    AUTH_URL: 'http://auth.test',
    ...options.env,
  });
  const redisClients: RedisClient[] = [];
  const instances: ServiceApp[] = [];
  const transports: EventTransport[] = [];
  const start = async () => {
    const db = await connectServiceDb<AiDb>({ adminUrl: database.adminUrl, service: 'ai', migrationsFolder });
    const redis = options.redisUrl ? connectRedis(options.redisUrl, { name: 'ai-test' }) : undefined;
    if (redis) redisClients.push(redis);
    const events = options.events ? await options.events(database.adminUrl) : undefined;
    if (events) transports.push(events);
    const app = await buildApp({
      config,
      db,
      redis,
      verifier: tokens.verifier,
      authFetch: options.authFetch,
      events,
      ledgerQueue: options.ledgerQueue,
      batchQueue: options.batchQueue,
      now: options.now,
    });
    instances.push(app);
    return { app, db };
  };
  const { app, db } = await start();
  return {
    app,
    db,
    database,
    tokens,
    headers: async (tenantId, permissions = ALL_AI_PERMISSIONS) => ({ authorization: await tokens.bearer({ tenantId, permissions }) }),
    replica: async () => (await start()).app,
    close: async () => {
      for (const transport of transports) await transport.close();
      for (const instance of instances) await instance.close();
      for (const redis of redisClients) await redis.quit();
      await database.drop();
    },
  };
}

export const newTenant = () => randomUUID();

/** The operator's inline configuration (`AI_CONFIG`) with chat providers at the given base URLs. */
export function providersConfig(
  providers: Record<string, { kind?: string; baseUrl: string; models?: unknown[]; timeoutMs?: number; maxConcurrency?: number }>,
  extra: Record<string, unknown> = {},
) {
  const entries = Object.entries(providers).map(([name, provider]) => [
    name,
    {
      kind: provider.kind ?? 'openai',
      base_url: provider.baseUrl,
      api_key: `key-${name}`,
      timeout_ms: provider.timeoutMs ?? 2000,
      max_concurrency: provider.maxConcurrency ?? 8,
      models: provider.models ?? [chatModel('gpt-4o-mini')],
    },
  ]);
  return JSON.stringify({ providers: Object.fromEntries(entries), ...extra });
}

export function chatModel(id: string, input = '0.15', output = '0.6', capabilities: Record<string, unknown> = {}) {
  return {
    id,
    capabilities: { chat: true, embeddings: false, tools: true, json: true, streaming: true, context_tokens: 128_000, ...capabilities },
    price: { input_eur_per_million: input, output_eur_per_million: output },
  };
}

export function embeddingModel(id: string, input = '0.02') {
  return {
    id,
    capabilities: { chat: false, embeddings: true, context_tokens: 8191 },
    price: { input_eur_per_million: input, output_eur_per_million: '0' },
  };
}

export const userMessage = (content = 'Summarise: the invoice 4711 of Müller GmbH is overdue.') => [{ role: 'user', content }];
