import {
  createCache,
  createService,
  createTokenVerifier,
  type EventTransport,
  type HealthCheckDefinition,
  packageVersion,
  type RedisClient,
  type ServiceApp,
  type ServiceDb,
  type ServiceLogger,
  type TokenVerifier,
} from '@erp/kit';
import { createApiKeyExchange } from './auth/api-key-exchange.js';
import { startBatchJobs } from './batch/start-batch-jobs.js';
import { createLedgerGenerations } from './cache/ledger-generations.js';
import { createMemorySemanticStore } from './cache/memory-semantic-store.js';
import { createRedisSemanticStore } from './cache/redis-semantic-store.js';
import { createSemanticCache } from './cache/semantic-cache.js';
import type { AiConfig } from './config.js';
import { pruneQuotaWindows } from './db/quota-counters.js';
import type { AiDb } from './db/schema.js';
import { retryAfterOf } from './errors.js';
import { createDeploymentHealth } from './gateway/deployment-health.js';
import type { GatewayDeps } from './gateway/gateway-deps.js';
import { installAiMetrics } from './gateway/metrics.js';
import { createResponseCache } from './gateway/response-cache.js';
import { createScheduler } from './gateway/scheduler.js';
import { startGrpcServer } from './grpc/grpc-server.js';
import type { IntelligenceContext } from './intelligence/intelligence-context.js';
import { createLedgerConsumer } from './intelligence/ledger-consumer.js';
import { createFinanceModel } from './intelligence/model/finance-model.js';
import { createKeyCipher } from './keys/key-encryption.js';
import { createGuardedFetch } from './providers/address-guard.js';
import { createOperatorFetch } from './providers/undici-fetch.js';
import { createPostgresQuotaStore } from './quota/postgres-quota-store.js';
import { createRedisQuotaStore } from './quota/redis-quota-store.js';
import { registerRoutes } from './routes/register-routes.js';
import { createTenantSettingsSource } from './settings/tenant-settings.js';
import { createUsageWriter } from './usage/usage-writer.js';

export interface AiDeps {
  config: AiConfig;
  db: ServiceDb<AiDb>;
  /** With `REDIS_URL`: the exact cache and the quota counters live there. */
  redis?: RedisClient | undefined;
  /** Verifies access tokens; tests pass `createTestTokens().verifier`. Default: the auth service's JWKS. */
  verifier?: TokenVerifier;
  /** The `fetch` that reaches the auth service to exchange API keys; tests pass one to a fake auth service. */
  authFetch?: typeof globalThis.fetch;
  /** `/health` checks of the platform parts (registry, broker, redis). */
  checks?: Record<string, HealthCheckDefinition>;
  logger?: ServiceLogger;
  /** The event transport (from `connectPlatform`): finance's entry events feed the ledger read model. */
  events?: Pick<EventTransport, 'subscribe'> | undefined;
  /** The consumer's durable queue; `ai` unless a test needs a queue of its own. */
  ledgerQueue?: string;
  /** The batch worker's durable queue; `ai.batch` unless a test needs a queue of its own. */
  batchQueue?: string;
  /** The clock of the finance intelligence (default ranges, suggestion times); tests pass a fixed one. */
  now?: () => Date;
  /**
   * Serves the finance intelligence over gRPC on this port (0: one the OS chooses) from now until the app
   * closes; main.ts passes `AI_GRPC_PORT`. Without it (tests of the HTTP API) no gRPC server runs.
   */
  grpcPort?: number | undefined;
}

/**
 * Builds the ai service: the LLM gateway's native API under `/api/v1/ai`, the OpenAI-compatible API under
 * `/v1`, and the finance intelligence under `/api/v1/finance/llm` with its ledger read model's event consumer.
 */
export async function buildApp(deps: AiDeps): Promise<ServiceApp> {
  const { config, db } = deps;
  const verifier = deps.verifier ?? createTokenVerifier({ jwksUrl: config.authJwksUrl, issuer: config.authIssuer });
  let reportError: (error: unknown, what: string) => void = () => {};
  const usage = createUsageWriter({ db: db.kysely, flushIntervalMs: config.usageFlushMs, onError: (error) => reportError(error, 'writing usage records') });
  // Usage still buffered must reach the database before the kit closes the pool.
  const closingDb = {
    ...db,
    close: async () => {
      await usage.close();
      await db.close();
    },
  };
  const app = await createService({
    name: 'ai',
    version: packageVersion(import.meta.url),
    config,
    db: closingDb,
    checks: deps.checks,
    logger: deps.logger,
    auth: { verifier },
  });
  reportError = (error, what) => app.log.warn({ err: error }, `${what} failed`);
  const health = createDeploymentHealth(config.breaker, (key, breaker) => app.log.info({ deployment: key, breaker: breaker.state }, 'circuit breaker changed'));
  const scheduler = createScheduler({ queueTimeoutMs: config.queueTimeoutMs, queueLengthMax: config.queueLengthMax });
  const cipher = createKeyCipher(config.keySecret);
  const quota = deps.redis ? createRedisQuotaStore(deps.redis) : createPostgresQuotaStore(db.kysely);
  const operatorFetch = createOperatorFetch();
  const gateway: GatewayDeps = {
    settings: createTenantSettingsSource({
      db: db.kysely,
      global: config.global,
      cipher,
      ttlMs: config.tenantSettingsTtlMs,
      operatorFetch,
      tenantFetch: config.allowPrivateProviderUrls ? operatorFetch : createGuardedFetch(),
    }),
    operatorPolicies: config.global.tasks,
    health,
    scheduler,
    metrics: installAiMetrics(app, { health, scheduler, tenantLabel: config.metricsTenantLabel }),
    cache: createResponseCache(createCache({ namespace: 'ai', redis: deps.redis }), (error) => reportError(error, 'the exact cache')),
    quota,
    usage,
    onBackgroundError: reportError,
    semanticCache: createSemanticCache(
      deps.redis ? createRedisSemanticStore(deps.redis) : createMemorySemanticStore({ entriesMax: config.cache.semanticEntriesMax }),
      (error) => reportError(error, 'the semantic cache'),
    ),
    cacheGenerations: createLedgerGenerations(db.kysely, config.cache.ledgerDependentTasks),
  };
  app.addHook('onError', async (_request, reply, error) => {
    const seconds = retryAfterOf(error);
    if (seconds !== undefined) reply.header('retry-after', String(seconds));
  });
  const apiKeys = createApiKeyExchange({ authUrl: config.authUrl, verifier, cacheTtlMs: config.apiKeyCacheTtlMs, fetch: deps.authFetch });
  const intelligence: IntelligenceContext = {
    db: db.kysely,
    cache: createCache({ namespace: 'ai-intelligence', redis: deps.redis }),
    settings: config.intelligence,
    now: deps.now ?? (() => new Date()),
    model: createFinanceModel(gateway, (task, error) => app.log.info({ err: error, task }, 'the language model was not used; patterns and templates answered')),
  };
  const assistant = { gateway, intelligence, settings: config.assistant };
  await registerRoutes(app, { context: { db: db.kysely, config, gateway, cipher }, verifier, apiKeys, intelligence, assistant });
  if (deps.events) await createLedgerConsumer({ db: db.kysely, transport: deps.events, queue: deps.ledgerQueue }).start();
  await startBatchJobs(app, { db: db.kysely, gateway, settings: config.batch, transport: deps.events, queue: deps.batchQueue });
  if (quota.kind === 'postgres') scheduleWindowPruning(app, deps.db);
  if (deps.grpcPort !== undefined) {
    const grpc = await startGrpcServer({ host: config.host, port: deps.grpcPort, settings: config.grpc, verifier, intelligence, logger: app.log });
    // Before the database closes: calls in flight finish (or are cancelled) while the pool still serves them.
    app.addHook('preClose', () => grpc.stop());
  }
  return app;
}

const PRUNE_INTERVAL_MS = 600_000;
const WINDOW_RETENTION_MS = 3_600_000;

/** Deletes per-minute quota windows older than an hour every ten minutes (Postgres store only; Redis expires them). */
function scheduleWindowPruning(app: ServiceApp, db: ServiceDb<AiDb>): void {
  const timer = setInterval(() => {
    pruneQuotaWindows(db.kysely, new Date(Date.now() - WINDOW_RETENTION_MS)).catch((error: unknown) =>
      app.log.warn({ err: error }, 'pruning quota windows failed'),
    );
  }, PRUNE_INTERVAL_MS);
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));
}
