import {
  createService,
  type EventTransport,
  type HealthCheckDefinition,
  type PubSub,
  packageVersion,
  type RedisClient,
  redisHealthCheck,
  registryHealthCheck,
  type ServiceApp,
  type ServiceDb,
  type ServiceLogger,
  type ServiceRegistry,
} from '@erp/kit';
import { startHealthChecker } from './balancing/health-checker.js';
import { upstreamsHealthCheck } from './balancing/upstreams-health-check.js';
import type { GatewayConfig } from './config.js';
import { graphqlPlugin } from './graphql/plugin.js';
import { createMemoryLimiter } from './rate-limit/memory-limiter.js';
import { createRedisLimiter } from './rate-limit/redis-limiter.js';
import { installResponseCache } from './response-cache/install-response-cache.js';
import { installGatewayAuthentication } from './routes/authenticate.js';
import { forwardRoutes } from './routes/forward.js';
import { installRateLimit } from './routes/rate-limit.js';
import { installTransform } from './routes/transform.js';
import { createUpstreamResolver, type UpstreamResolver } from './upstream-resolver.js';

export interface GatewayDeps {
  config: GatewayConfig;
  db: ServiceDb;
  /** Where the gateway finds the live instances of each service. */
  registry: ServiceRegistry;
  /** Present when `REDIS_URL` is set; checked by `/health`. */
  redis?: RedisClient | undefined;
  /** The event transport (from `connectPlatform`): domain events purge the response cache. */
  events?: Pick<EventTransport, 'subscribe'> | undefined;
  /** Without Redis, carries response-cache purges to the other gateway instances. */
  pubsub?: PubSub | undefined;
  /** Further `/health` checks (the broker, from `connectPlatform`). */
  checks?: Record<string, HealthCheckDefinition>;
  logger?: ServiceLogger;
}

/** Builds the gateway: the kit's operational routes plus forwarding of every `/api/v1/<area>` to its service. */
export async function buildApp(deps: GatewayDeps): Promise<ServiceApp> {
  const redisLimiter = deps.redis ? createRedisLimiter({ redis: deps.redis, timeoutMs: deps.config.rateLimitRedisTimeoutMs }) : undefined;
  // The check reads the resolver, which needs the app's logger and so exists only after createService.
  let resolver: UpstreamResolver | undefined;
  const checks = {
    registry: registryHealthCheck(deps.registry),
    upstreams: upstreamsHealthCheck(() => resolver),
    ...(deps.redis ? { redis: redisHealthCheck(deps.redis) } : {}),
    ...(redisLimiter ? { rateLimit: redisLimiter.healthCheck } : {}),
    ...deps.checks,
  };
  const app = await createService({ name: 'gateway', version: packageVersion(import.meta.url), config: deps.config, db: deps.db, checks, logger: deps.logger });
  const config = deps.config;
  const upstreams = createUpstreamResolver({
    registry: deps.registry,
    fallbacks: config.upstreams,
    configured: config.upstreamInstances,
    policy: config.balancingPolicy,
    refreshMs: config.registryRefreshMs,
    ejectMs: config.upstreamEjectMs,
    breaker: { failureThreshold: config.breakerFailureThreshold, cooldownMs: config.breakerCooldownMs },
    log: app.log,
  });
  resolver = upstreams;
  const healthChecker = startHealthChecker({
    targets: upstreams.targets,
    report: upstreams.setHealthy,
    intervalMs: config.healthCheckIntervalMs,
    timeoutMs: config.healthCheckTimeoutMs,
    recheckMs: config.healthCheckRecheckMs,
    log: app.log,
  });
  app.addHook('onClose', () => healthChecker.stop());
  await installTransform(app, { corsOrigins: deps.config.corsOrigins, bodyLimitBytes: deps.config.bodyLimitBytes });
  installGatewayAuthentication(app, deps.config);
  await installRateLimit(app, {
    limiter: redisLimiter ?? createMemoryLimiter(),
    policies: deps.config.rateLimitPolicies,
    identify: (request) => request.principal ?? {},
  });
  await installResponseCache(app, { config, redis: deps.redis, pubsub: deps.pubsub, events: deps.events });
  await app.register(forwardRoutes, {
    resolver: upstreams,
    upstreamTimeoutMs: config.upstreamTimeoutMs,
    retries: config.upstreamRetries,
    retryBodyLimitBytes: config.upstreamRetryBodyLimitBytes,
    ejectStatuses: config.upstreamEjectStatuses,
  });
  await app.register(graphqlPlugin, {
    config,
    services: { resolver: upstreams, timeoutMs: config.upstreamTimeoutMs, retries: config.upstreamRetries, ejectStatuses: config.upstreamEjectStatuses },
  });
  return app;
}
