import { randomUUID } from 'node:crypto';
import { connectRedis, type RedisClient } from '@erp/kit';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createMemorySemanticStore } from '../../src/cache/memory-semantic-store.js';
import { createRedisSemanticStore } from '../../src/cache/redis-semantic-store.js';
import { ENTRIES_PER_SCOPE_MAX, type SemanticEntry } from '../../src/cache/semantic-store.js';

const entry = (text: string, expiresAtMs = Date.now() + 60_000): SemanticEntry => ({
  vector: [0.6, 0.8],
  guard: ['n:1'],
  result: { text },
  deploymentName: 'local/extractive',
  expiresAtMs,
});
const texts = (entries: SemanticEntry[]) => entries.map((listed) => (listed.result as { text: string }).text);

describe('the in-process semantic store', () => {
  it('should keep at most entriesMax entries, dropping the oldest of the least recently used scope', async () => {
    const store = createMemorySemanticStore({ entriesMax: 3 });
    await store.add('a', entry('a1'), 60_000);
    await store.add('a', entry('a2'), 60_000);
    await store.add('b', entry('b1'), 60_000);

    await store.add('b', entry('b2'), 60_000);

    expect(texts(await store.entries('a', Date.now()))).toEqual(['a2']);
    expect(texts(await store.entries('b', Date.now()))).toEqual(['b2', 'b1']);
  });

  it('should forget expired entries and cap a scope at its maximum', async () => {
    const store = createMemorySemanticStore({ entriesMax: 10_000 });
    await store.add('a', entry('gone', Date.now() - 1), 1);
    for (let index = 0; index <= ENTRIES_PER_SCOPE_MAX; index += 1) await store.add('b', entry(`b${index}`), 60_000);

    expect(await store.entries('a', Date.now())).toEqual([]);
    expect((await store.entries('b', Date.now())).length).toBe(ENTRIES_PER_SCOPE_MAX);
  });
});

const redisUrl = inject('redisUrl');
let redis: RedisClient | undefined;
afterAll(async () => {
  await redis?.quit();
});

describe.runIf(redisUrl)('the Redis semantic store', () => {
  it('should give back the vectors, guarded terms and answers, newest first, without expired entries', async () => {
    redis = connectRedis(redisUrl, { name: 'ai-cache-store-test' });
    const prefix = `erp:ai:test:${randomUUID()}:`;
    const store = createRedisSemanticStore(redis, prefix);
    await store.add('scope', entry('old', Date.now() - 1), 60_000);
    await store.add('scope', entry('first'), 60_000);
    await store.add('scope', entry('second'), 60_000);

    const entries = await store.entries('scope', Date.now());

    expect(texts(entries)).toEqual(['second', 'first']);
    expect(entries[0]?.vector[0]).toBeCloseTo(0.6, 6);
    expect(entries[0]?.guard).toEqual(['n:1']);
    expect(await redis.pttl(`${prefix}scope`)).toBeGreaterThan(50_000);
    await redis.del(`${prefix}scope`);
  });
});
