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
import { forwardRoutes } from './routes/forward.js';
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
  const checks = { registry: registryHealthCheck(deps.registry), ...(deps.redis ? { redis: redisHealthCheck(deps.redis) } : {}), ...deps.checks };
  const app = await createService({ name: 'gateway', version: packageVersion(import.meta.url), config: deps.config, db: deps.db, checks, logger: deps.logger });
  const resolver = createUpstreamResolver({
    registry: deps.registry,
    fallbacks: deps.config.upstreams,
    refreshMs: deps.config.registryRefreshMs,
    ejectMs: deps.config.upstreamEjectMs,
    log: app.log,
  });
  await app.register(forwardRoutes, { resolver, upstreamTimeoutMs: deps.config.upstreamTimeoutMs });
  return app;
}
