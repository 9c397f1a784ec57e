import type { Redis } from 'ioredis';
import { assertCacheKey, assertCacheNamespace, type Cache, encodeCacheValue } from './cache.js';

/** Options of {@link createRedisCache}. */
export interface RedisCacheOptions {
  /** A connected client; the cache uses it but does not close it. */
  redis: Redis;
  /** Keeps services' keys apart: keys become `erp:cache:<namespace>:<key>`. */
  namespace: string;
}

const SCAN_BATCH = 500;

/** Escapes the characters `SCAN MATCH` treats as a pattern, so a prefix matches only itself. */
function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (character) => `\\${character}`);
}

/**
 * A {@link Cache} in Redis, shared by every instance of a service. Expiry is Redis's (`PX`), and prefix
 * deletion walks the namespace with `SCAN` (never `KEYS`, which would block Redis on a large keyspace).
 *
 * ### Example
 * ```ts
 * const cache = createRedisCache({ redis, namespace: 'core' });
 * await cache.set('product:42', product, { ttlMs: 60_000 });
 * ```
 */
export function createRedisCache(options: RedisCacheOptions): Cache {
  assertCacheNamespace(options.namespace);
  const { redis } = options;
  const base = `erp:cache:${options.namespace}:`;
  return {
    kind: 'redis',
    async get<Value>(key: string) {
      assertCacheKey(key);
      const encoded = await redis.get(base + key);
      return encoded === null ? undefined : (JSON.parse(encoded) as Value);
    },
    async set(key, value, setOptions) {
      await redis.set(base + key, encodeCacheValue(key, value, setOptions), 'PX', setOptions.ttlMs);
    },
    async delete(key) {
      assertCacheKey(key);
      return (await redis.del(base + key)) > 0;
    },
    async deleteByPrefix(prefix) {
      const pattern = `${escapeGlob(base + prefix)}*`;
      let cursor = '0';
      let removed = 0;
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', SCAN_BATCH);
        cursor = next;
        if (keys.length > 0) removed += await redis.unlink(...keys);
      } while (cursor !== '0');
      return removed;
    },
  };
}
