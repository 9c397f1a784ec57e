import type { Redis } from 'ioredis';
import { createPostgresRegistry } from './postgres-registry.js';
import { createRedisRegistry } from './redis-registry.js';
import type { RegistryTiming, ServiceRegistry } from './service-registry.js';

/** Options of {@link createServiceRegistry}. */
export interface CreateServiceRegistryOptions extends RegistryTiming {
  /** The service this process acts for. */
  service: string;
  /** Admin connection URL (the service's `DATABASE_URL`); used by the PostgreSQL registry to provision. */
  adminUrl: string;
  /** A Redis client (see `connectRedis`); when given, the registry lives in Redis. */
  redis?: Redis | undefined;
}

/**
 * The instance registry the environment calls for: Redis when a client is given (`REDIS_URL` set), the shared
 * PostgreSQL table otherwise. Both behave the same; see {@link ServiceRegistry}.
 *
 * ### Example
 * ```ts
 * const redis = config.redisUrl ? connectRedis(config.redisUrl, { name: 'core' }) : undefined;
 * const registry = await createServiceRegistry({ service: 'core', adminUrl: config.databaseUrl, redis });
 * await startService(app, { ...config, registry });
 * ```
 */
export async function createServiceRegistry(options: CreateServiceRegistryOptions): Promise<ServiceRegistry> {
  const timing = { heartbeatIntervalMs: options.heartbeatIntervalMs, ttlMs: options.ttlMs };
  if (options.redis) return createRedisRegistry({ service: options.service, redis: options.redis, ...timing });
  return createPostgresRegistry({ service: options.service, adminUrl: options.adminUrl, ...timing });
}
