import { randomUUID } from 'node:crypto';
import type { Permission } from '@erp/contracts';
import { connectServiceDb, type ServiceApp, type ServiceDb } from '@erp/kit';
import { createTestDatabase, createTestTokens, type TestDatabase, type TestTokens } from '@erp/kit/testing';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { AiDb } from '../../src/db/schema.js';
import { migrationsFolder } from '../helpers.js';

export interface AssistantTestApp {
  app: ServiceApp;
  db: ServiceDb<AiDb>;
  database: TestDatabase;
  tokens: TestTokens;
  /** `Authorization` of a user (a fresh one unless named) of a tenant with the given permissions. */
  bearer(tenantId: string, permissions: readonly Permission[], userId?: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * The ai service on a fresh database, like `buildTestApp`, but verifying the tokens of `tokens` when given: the
 * test against the real finance service needs both services to accept the same user's token.
 */
export async function buildAssistantApp(
  serverAdminUrl: string,
  options: { env: Record<string, string>; tokens?: TestTokens; now?: () => Date },
): Promise<AssistantTestApp> {
  const database = await createTestDatabase(serverAdminUrl);
  const tokens = options.tokens ?? (await createTestTokens());
  const config = loadConfig({
    DATABASE_URL: database.adminUrl,
    LOG_LEVEL: 'silent',
    AI_KEY_SECRET: 'test-secret-of-sufficient-length',
    AI_ALLOW_PRIVATE_PROVIDER_URLS: 'true',
    AI_TENANT_SETTINGS_TTL_MS: '0',
    AUTH_URL: 'http://auth.test',
    ...options.env,
  });
  const db = await connectServiceDb<AiDb>({ adminUrl: database.adminUrl, service: 'ai', migrationsFolder });
  const app = await buildApp({ config, db, verifier: tokens.verifier, now: options.now });
  return {
    app,
    db,
    database,
    tokens,
    bearer: (tenantId, permissions, userId = randomUUID()) => tokens.bearer({ tenantId, userId, permissions, ttlS: 600 }),
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}

/** The permissions of a bookkeeper who may use the assistant and read everything it reads. */
export const ASSISTANT_USER: Permission[] = [
  'ai.assistant:use',
  'ai.suggestions:read',
  'core.customers:read',
  'core.suppliers:read',
  'core.products:read',
  'core.inventory:read',
  'finance.entries:read',
  'finance.entries:post',
  'finance.reports:read',
];

export interface SseEvent {
  readonly event: string;
  readonly data: Record<string, unknown>;
}

/** Splits a `text/event-stream` body into its events, checking the framing of each. */
export function parseSse(body: string): SseEvent[] {
  if (!body.endsWith('\n\n')) throw new Error('the stream does not end with a blank line');
  return body
    .slice(0, -2)
    .split('\n\n')
    .map((frame) => {
      const match = /^event: ([a-z-]+)\ndata: (.*)$/s.exec(frame);
      if (!match?.[1] || match[2] === undefined || match[2].includes('\n')) throw new Error(`malformed frame: ${frame}`);
      return { event: match[1], data: JSON.parse(match[2]) as Record<string, unknown> };
    });
}
