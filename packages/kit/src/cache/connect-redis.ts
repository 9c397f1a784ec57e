import { Redis } from 'ioredis';

/** The Redis client the kit's adapters take (an ioredis `Redis`), so services need no ioredis import. */
export type RedisClient = Redis;

/** Options of {@link connectRedis}. */
export interface ConnectRedisOptions {
  /** Shown by `CLIENT LIST` as `erp-<name>`, so an operator can tell the services' connections apart. */
  name: string;
  /** Called with the first error of each outage (not once per reconnect attempt). */
  onError?: (error: Error) => void;
  /** Default 5000 ms. */
  connectTimeoutMs?: number;
}

/**
 * Connects to Redis with the kit's defaults: reconnects forever with a backoff capped at two seconds, but a
 * command fails after one retry instead of waiting out an outage, so a request or a health check answers
 * promptly when Redis is down. Close it with `quit()` when the process stops.
 *
 * ### Example
 * ```ts
 * const redis = config.redisUrl ? connectRedis(config.redisUrl, { name: 'core' }) : undefined;
 * // ... on shutdown:
 * await redis?.quit();
 * ```
 */
export function connectRedis(url: string, options: ConnectRedisOptions): Redis {
  const redis = new Redis(url, {
    connectionName: `erp-${options.name}`,
    connectTimeout: options.connectTimeoutMs ?? 5000,
    maxRetriesPerRequest: 1,
    retryStrategy: (attempt) => Math.min(attempt * 100, 2000),
  });
  let healthy = true;
  // Without a listener ioredis prints every failed reconnect to the console; failures surface where a
  // command fails (cache, registry heartbeat, health check) and, once per outage, through onError.
  redis.on('error', (error: Error) => {
    if (!healthy) return;
    healthy = false;
    options.onError?.(error);
  });
  redis.on('ready', () => {
    healthy = true;
  });
  return redis;
}
