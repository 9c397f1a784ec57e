import type { PubSub, PubSubHandler } from '@erp/kit';
import { describe, expect, it } from 'vitest';
import { createMemoryGenerations, GENERATION_TTL_MS } from '../../src/response-cache/generations.js';
import { createPurger, PURGE_CHANNEL } from '../../src/response-cache/purger.js';

/** One channel between the purgers of a test, delivering to every subscriber as LISTEN/NOTIFY does. */
function createLoopbackPubSub(): PubSub & { published: unknown[] } {
  const handlers: PubSubHandler[] = [];
  const published: unknown[] = [];
  return {
    kind: 'postgres',
    published,
    async publish(_channel, message) {
      published.push(message);
      for (const handler of handlers) await handler(JSON.parse(JSON.stringify(message)));
    },
    async subscribe(channel, handler) {
      expect(channel).toBe(PURGE_CHANNEL);
      handlers.push(handler);
      return async () => {
        handlers.splice(handlers.indexOf(handler), 1);
      };
    },
    close: async () => {},
  };
}

describe('createMemoryGenerations', () => {
  it('should start every tag at 0 and give each bump a value never seen before', async () => {
    const generations = createMemoryGenerations();

    const initial = await generations.read('t1', ['products', 'customers']);
    await generations.bump('t1', ['products']);
    const once = await generations.read('t1', ['products', 'customers']);
    await generations.bump('t1', ['products']);
    const twice = await generations.read('t1', ['products']);

    expect(initial).toEqual(['0', '0']);
    expect(once[0]).not.toBe('0');
    expect(once[1]).toBe('0');
    expect(twice[0]).not.toBe(once[0]);
    expect(await generations.read('t2', ['products'])).toEqual(['0']);
  });

  it('should forget a generation its time after the last bump', async () => {
    let nowMs = 0;
    const generations = createMemoryGenerations({ now: () => nowMs });
    await generations.bump('t1', ['products']);

    nowMs = GENERATION_TTL_MS;

    expect(await generations.read('t1', ['products'])).toEqual(['0']);
  });
});

describe('createPurger without shared generations', () => {
  it("should bump its own generations at once and the other instances' through the broadcast", async () => {
    const pubsub = createLoopbackPubSub();
    const [mine, theirs] = [createMemoryGenerations(), createMemoryGenerations()];
    const sources: string[] = [];
    const purger = await createPurger({ generations: mine, pubsub, onPurge: (source) => sources.push(source) });
    await createPurger({ generations: theirs, pubsub, onPurge: (source) => sources.push(source) });

    await purger.purge('t1', ['products'], 'write');

    expect((await mine.read('t1', ['products']))[0]).not.toBe('0');
    expect((await theirs.read('t1', ['products']))[0]).not.toBe('0');
    expect(sources.sort()).toEqual(['broadcast', 'write']);
    expect(pubsub.published).toEqual([expect.objectContaining({ tenantId: 't1', tags: ['products'] })]);
  });

  it('should ignore a broadcast that is not a purge message', async () => {
    const pubsub = createLoopbackPubSub();
    const generations = createMemoryGenerations();
    await createPurger({ generations, pubsub });

    await pubsub.publish(PURGE_CHANNEL, { tenantId: 't1', tags: 'products' });

    expect(await generations.read('t1', ['products'])).toEqual(['0']);
  });
});
