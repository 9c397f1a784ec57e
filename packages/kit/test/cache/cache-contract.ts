import { setTimeout as sleep } from 'node:timers/promises';
import type { Cache } from '@erp/kit';
import { describe, expect, it } from 'vitest';

/** The behaviour every {@link Cache} must show, run once per implementation; `create` gives an empty namespace. */
export function describeCacheContract(create: () => Cache): void {
  it('should return a copy of what was set when the key is read back', async () => {
    const cache = create();
    const product = { id: '42', name: 'Schraube M4', price: '0.12', tags: ['din-912'], stock: null };

    await cache.set('product:42', product, { ttlMs: 60_000 });
    const hit = await cache.get<typeof product>('product:42');

    expect(hit).toEqual(product);
    expect(hit).not.toBe(product);
  });

  it('should return undefined for a key that was never set', async () => {
    const cache = create();

    expect(await cache.get('product:missing')).toBeUndefined();
  });

  it('should keep falsy values apart from a miss', async () => {
    const cache = create();

    await cache.set('zero', 0, { ttlMs: 60_000 });
    await cache.set('empty', '', { ttlMs: 60_000 });
    await cache.set('nothing', null, { ttlMs: 60_000 });

    expect([await cache.get('zero'), await cache.get('empty'), await cache.get('nothing')]).toEqual([0, '', null]);
  });

  it('should forget an entry when its TTL has passed', async () => {
    const cache = create();
    await cache.set('short', 'lived', { ttlMs: 50 });

    await sleep(150);

    expect(await cache.get('short')).toBeUndefined();
  });

  it('should replace the value and the TTL when a key is set again', async () => {
    const cache = create();
    await cache.set('rate', 1, { ttlMs: 50 });

    await cache.set('rate', 2, { ttlMs: 60_000 });
    await sleep(150);

    expect(await cache.get('rate')).toBe(2);
  });

  it('should delete one key and say whether it existed', async () => {
    const cache = create();
    await cache.set('product:1', 'a', { ttlMs: 60_000 });

    const removed = await cache.delete('product:1');
    const removedAgain = await cache.delete('product:1');

    expect([removed, removedAgain]).toEqual([true, false]);
    expect(await cache.get('product:1')).toBeUndefined();
  });

  it('should delete exactly the keys with a prefix, treating pattern characters literally', async () => {
    const cache = create();
    for (const key of ['product:1', 'product:2', 'products', 'order:1', 'p*:1', 'p?x']) await cache.set(key, key, { ttlMs: 60_000 });

    const removed = await cache.deleteByPrefix('product:');
    const removedPattern = await cache.deleteByPrefix('p*');

    expect([removed, removedPattern]).toEqual([2, 1]);
    expect(await Promise.all(['product:1', 'product:2', 'products', 'order:1', 'p*:1', 'p?x'].map((key) => cache.get(key)))).toEqual([
      undefined,
      undefined,
      'products',
      'order:1',
      undefined,
      'p?x',
    ]);
  });

  it('should delete many keys by prefix in batches', async () => {
    const cache = create();
    await Promise.all(Array.from({ length: 1200 }, (_unused, i) => cache.set(`bulk:${i}`, i, { ttlMs: 60_000 })));

    const removed = await cache.deleteByPrefix('bulk:');

    expect(removed).toBe(1200);
    expect(await cache.get('bulk:999')).toBeUndefined();
  });

  describe('input checks', () => {
    it.each([
      ['an empty key', '', 1, { ttlMs: 1000 }, /Cache keys/],
      ['a key over 512 characters', 'k'.repeat(513), 1, { ttlMs: 1000 }, /Cache keys/],
      ['a zero TTL', 'key', 1, { ttlMs: 0 }, /ttlMs/],
      ['a fractional TTL', 'key', 1, { ttlMs: 1.5 }, /ttlMs/],
      ['an undefined value', 'key', undefined, { ttlMs: 1000 }, /JSON/],
      ['a function value', 'key', () => 1, { ttlMs: 1000 }, /JSON/],
    ])('should refuse %s and store nothing', async (_case, key, value, options, message) => {
      const cache = create();

      await expect(cache.set(key, value, options)).rejects.toThrow(message);
      if (key.length > 0 && key.length <= 512) expect(await cache.get(key)).toBeUndefined();
    });

    it('should refuse a value that cannot be serialised, such as a cycle', async () => {
      const cache = create();
      const cyclic: Record<string, unknown> = {};
      cyclic.self = cyclic;

      await expect(cache.set('cyclic', cyclic, { ttlMs: 1000 })).rejects.toThrow(/circular/i);
    });
  });
}
