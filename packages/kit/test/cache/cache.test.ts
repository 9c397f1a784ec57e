import { connectRedis, createCache, createMemoryCache, createRedisCache, type RedisClient } from '@erp/kit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { describeCacheContract } from './cache-contract.js';

describe('memory cache', () => {
  describeCacheContract(() => createMemoryCache());

  it('should evict the least recently used entry when maxEntries is reached', async () => {
    const cache = createMemoryCache({ maxEntries: 2 });
    await cache.set('a', 1, { ttlMs: 60_000 });
    await cache.set('b', 2, { ttlMs: 60_000 });
    await cache.get('a');

    await cache.set('c', 3, { ttlMs: 60_000 });

    expect([await cache.get('a'), await cache.get('b'), await cache.get('c')]).toEqual([1, undefined, 3]);
  });

  it('should not keep an entry larger than a tenth of maxBytes', async () => {
    const cache = createMemoryCache({ maxBytes: 1000 });

    await cache.set('big', 'x'.repeat(200), { ttlMs: 60_000 });
    await cache.set('small', 'x'.repeat(20), { ttlMs: 60_000 });

    expect(await cache.get('big')).toBeUndefined();
    expect(await cache.get('small')).toBe('x'.repeat(20));
  });
});

describe('createCache', () => {
  it('should choose the memory cache when no Redis client is given', () => {
    expect(createCache({ namespace: 'core' }).kind).toBe('memory');
  });

  it('should reject a namespace with separators or patterns even without Redis', () => {
    expect(() => createCache({ namespace: 'core:*' })).toThrow(/namespace/);
  });
});

describe.runIf(Boolean(inject('redisUrl')))('Redis cache', () => {
  let redis: RedisClient;
  let namespaces = 0;
  // A namespace per test and per run keeps parallel runs and earlier leftovers out of each test.
  const run = `t${process.pid}-${Date.now()}`;
  beforeAll(() => {
    redis = connectRedis(inject('redisUrl'), { name: 'cache-test' });
  });
  afterAll(async () => {
    await createRedisCache({ redis, namespace: run }).deleteByPrefix('');
    for (let i = 1; i <= namespaces; i += 1) await createRedisCache({ redis, namespace: `${run}-${i}` }).deleteByPrefix('');
    await redis.quit();
  });

  describeCacheContract(() => {
    namespaces += 1;
    return createRedisCache({ redis, namespace: `${run}-${namespaces}` });
  });

  it('should keep namespaces apart when two services use the same key', async () => {
    const core = createRedisCache({ redis, namespace: `${run}-core` });
    const finance = createRedisCache({ redis, namespace: `${run}-finance` });

    await core.set('settings', 'core', { ttlMs: 60_000 });
    await finance.set('settings', 'finance', { ttlMs: 60_000 });
    await finance.deleteByPrefix('');

    expect([await core.get('settings'), await finance.get('settings')]).toEqual(['core', undefined]);
    await core.deleteByPrefix('');
  });

  it('should reject a namespace that could reach into other keys', () => {
    expect(() => createRedisCache({ redis, namespace: 'core:*' })).toThrow(/namespace/);
  });

  it('should choose Redis in createCache when a client is given', () => {
    expect(createCache({ namespace: run, redis }).kind).toBe('redis');
  });
});
