import type { Redis } from 'ioredis';
import { assertCacheNamespace, type Cache } from './cache.js';
import { createMemoryCache, type MemoryCacheOptions } from './memory-cache.js';
import { createRedisCache } from './redis-cache.js';

/** Options of {@link createCache}. */
export interface CreateCacheOptions extends MemoryCacheOptions {
  /** Keeps services' keys apart in a shared Redis; usually the service name. */
  namespace: string;
  /** A Redis client (see `connectRedis`); without one the cache lives in this process. */
  redis?: Redis | undefined;
}

/**
 * The cache the environment calls for: Redis when a client is given (`REDIS_URL` set), an in-process LRU
 * otherwise. Both behave the same; see {@link Cache}.
 *
 * ### Example
 * ```ts
 * const cache = createCache({ namespace: 'core', redis });
 * ```
 */
export function createCache(options: CreateCacheOptions): Cache {
  assertCacheNamespace(options.namespace);
  if (options.redis) return createRedisCache({ redis: options.redis, namespace: options.namespace });
  return createMemoryCache(options);
}
