import {
  createService,
  type HealthCheckDefinition,
  packageVersion,
  type RedisClient,
  redisHealthCheck,
  registryHealthCheck,
  type ServiceApp,
  type ServiceDb,
  type ServiceLogger,
  type ServiceRegistry,
} from '@erp/kit';
import type { GatewayConfig } from './config.js';
import { createMemoryLimiter } from './rate-limit/memory-limiter.js';
import { createRedisLimiter } from './rate-limit/redis-limiter.js';
import { installGatewayAuthentication } from './routes/authenticate.js';
import { forwardRoutes } from './routes/forward.js';
import { installRateLimit } from './routes/rate-limit.js';
import { installTransform } from './routes/transform.js';
import { createUpstreamResolver } from './upstream-resolver.js';

export interface GatewayDeps {
  config: GatewayConfig;
  db: ServiceDb;
  /** Where the gateway finds the live instances of each service. */
  registry: ServiceRegistry;
  /** Present when `REDIS_URL` is set; checked by `/health`. */
  redis?: RedisClient | undefined;
  /** Further `/health` checks (the broker, from `connectPlatform`). */
  checks?: Record<string, HealthCheckDefinition>;
  logger?: ServiceLogger;
}

/** Builds the gateway: the kit's operational routes plus forwarding of every `/api/v1/<area>` to its service. */
export async function buildApp(deps: GatewayDeps): Promise<ServiceApp> {
  const redisLimiter = deps.redis ? createRedisLimiter({ redis: deps.redis, timeoutMs: deps.config.rateLimitRedisTimeoutMs }) : undefined;
  const checks = {
    registry: registryHealthCheck(deps.registry),
    ...(deps.redis ? { redis: redisHealthCheck(deps.redis) } : {}),
    ...(redisLimiter ? { rateLimit: redisLimiter.healthCheck } : {}),
    ...deps.checks,
  };
  const app = await createService({ name: 'gateway', version: packageVersion(import.meta.url), config: deps.config, db: deps.db, checks, logger: deps.logger });
  const resolver = createUpstreamResolver({
    registry: deps.registry,
    fallbacks: deps.config.upstreams,
    refreshMs: deps.config.registryRefreshMs,
    ejectMs: deps.config.upstreamEjectMs,
    log: app.log,
  });
  await installTransform(app, { corsOrigins: deps.config.corsOrigins, bodyLimitBytes: deps.config.bodyLimitBytes });
  installGatewayAuthentication(app, deps.config);
  await installRateLimit(app, {
    limiter: redisLimiter ?? createMemoryLimiter(),
    policies: deps.config.rateLimitPolicies,
    identify: (request) => request.principal ?? {},
  });
  await app.register(forwardRoutes, { resolver, upstreamTimeoutMs: deps.config.upstreamTimeoutMs });
  return app;
}
