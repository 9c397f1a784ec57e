import { LRUCache } from 'lru-cache';
import { assertCacheKey, type Cache, encodeCacheValue } from './cache.js';

/** Options of {@link createMemoryCache}. */
export interface MemoryCacheOptions {
  /** Default 10 000 entries. */
  maxEntries?: number;
  /** Upper bound of the JSON text held, default 32 MiB; entries larger than a tenth of it are not kept. */
  maxBytes?: number;
}

/**
 * A {@link Cache} in this process's memory: least recently used entries go first when a bound is reached.
 * Each process has its own, so use it only for what may differ briefly between instances.
 *
 * ### Example
 * ```ts
 * const cache = createMemoryCache({ maxEntries: 1000 });
 * await cache.set('rates:EUR', rates, { ttlMs: 300_000 });
 * ```
 */
export function createMemoryCache(options: MemoryCacheOptions = {}): Cache {
  const maxBytes = options.maxBytes ?? 32 * 1024 * 1024;
  // Sizes count UTF-16 code units of key and value: cheap to compute, and close enough for a memory bound.
  const entries = new LRUCache<string, string>({
    max: options.maxEntries ?? 10_000,
    maxSize: maxBytes,
    maxEntrySize: Math.max(1, Math.floor(maxBytes / 10)),
    sizeCalculation: (value, key) => value.length + key.length,
  });
  return {
    kind: 'memory',
    async get<Value>(key: string) {
      assertCacheKey(key);
      const encoded = entries.get(key);
      return encoded === undefined ? undefined : (JSON.parse(encoded) as Value);
    },
    async set(key, value, setOptions) {
      entries.set(key, encodeCacheValue(key, value, setOptions), { ttl: setOptions.ttlMs });
    },
    async delete(key) {
      assertCacheKey(key);
      return entries.delete(key);
    },
    async deleteByPrefix(prefix) {
      const doomed = [...entries.keys()].filter((key) => key.startsWith(prefix));
      for (const key of doomed) entries.delete(key);
      return doomed.length;
    },
  };
}
