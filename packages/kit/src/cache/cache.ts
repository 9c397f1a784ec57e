/** Options of {@link Cache.set}. */
export interface CacheSetOptions {
  /** How long the entry lives, in milliseconds; a positive integer. */
  ttlMs: number;
}

/**
 * A key-value cache with a time to live per entry. Values are stored as JSON, so what `get` returns is a copy
 * (never the object that was set) and must be JSON-serialisable; `get` does not validate the shape, so the
 * code that sets a key is the code that reads it. Redis and an in-process LRU implement it.
 *
 * ### Example
 * ```ts
 * const cache = createCache({ namespace: 'core', redis });
 * await cache.set('product:42', product, { ttlMs: 60_000 });
 * const hit = await cache.get<Product>('product:42');
 * await cache.deleteByPrefix('product:'); // after a bulk price change
 * ```
 */
export interface Cache {
  /** Which store holds the entries. */
  readonly kind: 'redis' | 'memory';
  get<Value>(key: string): Promise<Value | undefined>;
  set(key: string, value: unknown, options: CacheSetOptions): Promise<void>;
  /** Returns whether an entry was removed. */
  delete(key: string): Promise<boolean>;
  /** Removes every entry whose key starts with `prefix` (all of the namespace for `''`); returns how many. */
  deleteByPrefix(prefix: string): Promise<number>;
}

const KEY_LENGTH_MAX = 512;
const NAMESPACE = /^[a-z0-9][a-z0-9_.-]{0,62}$/;

/** Checks a namespace: it becomes part of every Redis key, so it must not contain separators or patterns. */
export function assertCacheNamespace(namespace: string): void {
  if (!NAMESPACE.test(namespace)) throw new TypeError(`Cache namespace "${namespace}" must be lower case letters, digits, ".", "_" or "-" (at most 63)`);
}

/** Checks a key; keys come from request data often enough that a limit matters. */
export function assertCacheKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0 || key.length > KEY_LENGTH_MAX) {
    throw new TypeError(`Cache keys must be strings of 1 to ${KEY_LENGTH_MAX} characters`);
  }
}

/** Serialises a value for storage; refuses what JSON cannot carry instead of storing something else. */
export function encodeCacheValue(key: string, value: unknown, options: CacheSetOptions): string {
  assertCacheKey(key);
  if (!Number.isInteger(options.ttlMs) || options.ttlMs <= 0) throw new RangeError(`ttlMs must be a positive integer, got ${options.ttlMs}`);
  const encoded = JSON.stringify(value);
  if (encoded === undefined) throw new TypeError(`The value for cache key "${key}" cannot be represented as JSON`);
  return encoded;
}
