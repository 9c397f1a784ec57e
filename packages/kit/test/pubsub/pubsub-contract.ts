import { setTimeout as sleep } from 'node:timers/promises';
import { PUBSUB_MESSAGE_LIMIT_BYTES, type PubSub } from '@erp/kit';
import { afterEach, describe, expect, it, vi } from 'vitest';

/** One transport under test; every pub/sub it creates is its own process's view onto the same transport. */
export interface PubSubFixture {
  create(onError?: (error: Error, channel: string | undefined) => void): PubSub;
}

/** A handler that records what it receives. */
function recorder() {
  const received: unknown[] = [];
  return { received, handler: (message: unknown) => void received.push(message) };
}

/** The behaviour every {@link PubSub} must show, run once per transport. */
export function describePubSubContract(fixture: () => PubSubFixture): void {
  const opened: PubSub[] = [];
  const open = (onError?: (error: Error, channel: string | undefined) => void) => {
    const pubsub = fixture().create(onError);
    opened.push(pubsub);
    return pubsub;
  };
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((pubsub) => pubsub.close()));
  });

  it('should deliver a message published by one instance to a subscriber on another connection', async () => {
    const publisher = open();
    const subscriber = open();
    const { received, handler } = recorder();
    await subscriber.subscribe('cache.product', handler);

    await publisher.publish('cache.product', { id: '42', reason: 'price changed' });

    await vi.waitFor(() => expect(received).toEqual([{ id: '42', reason: 'price changed' }]));
  });

  it('should deliver to every handler of a channel and to no other channel', async () => {
    const pubsub = open();
    const first = recorder();
    const second = recorder();
    const other = recorder();
    await pubsub.subscribe('orders', first.handler);
    await pubsub.subscribe('orders', second.handler);
    await pubsub.subscribe('invoices', other.handler);

    await pubsub.publish('orders', 'o-1');

    await vi.waitFor(() => expect([first.received, second.received]).toEqual([['o-1'], ['o-1']]));
    await sleep(100);
    expect(other.received).toEqual([]);
  });

  it('should stop delivering to a handler after it unsubscribed, and keep delivering to the others', async () => {
    const pubsub = open();
    const leaving = recorder();
    const staying = recorder();
    const unsubscribe = await pubsub.subscribe('stock', leaving.handler);
    await pubsub.subscribe('stock', staying.handler);

    await unsubscribe();
    await pubsub.publish('stock', 1);

    await vi.waitFor(() => expect(staying.received).toEqual([1]));
    expect(leaving.received).toEqual([]);
  });

  it('should treat the same function subscribed twice as two subscriptions', async () => {
    const pubsub = open();
    const { received, handler } = recorder();
    const unsubscribeFirst = await pubsub.subscribe('twice', handler);
    await pubsub.subscribe('twice', handler);

    await unsubscribeFirst();
    await pubsub.publish('twice', 'x');

    await vi.waitFor(() => expect(received).toEqual(['x']));
  });

  it('should deliver again after a channel was released and subscribed anew', async () => {
    const pubsub = open();
    const { received, handler } = recorder();
    const unsubscribe = await pubsub.subscribe('again', handler);
    await unsubscribe();

    await pubsub.subscribe('again', handler);
    await pubsub.publish('again', 'back');

    await vi.waitFor(() => expect(received).toEqual(['back']));
  });

  it('should report a throwing handler and still deliver to the other handlers', async () => {
    const errors: Error[] = [];
    const pubsub = open((error) => errors.push(error));
    const { received, handler } = recorder();
    await pubsub.subscribe('fragile', () => {
      throw new Error('handler broke');
    });
    await pubsub.subscribe('fragile', async () => Promise.reject(new Error('async handler broke')));
    await pubsub.subscribe('fragile', handler);

    await pubsub.publish('fragile', 'still here');

    await vi.waitFor(() => expect(received).toEqual(['still here']));
    await vi.waitFor(() => expect(errors.map((error) => error.message).sort()).toEqual(['async handler broke', 'handler broke']));
  });

  it('should carry a message of exactly the size limit, multi-byte characters counted as bytes', async () => {
    const pubsub = open();
    const { received, handler } = recorder();
    await pubsub.subscribe('big', handler);
    // Two quotes, 3998 two-byte characters and one one-byte character: 7999 bytes of JSON.
    const text = `${'ä'.repeat(3998)}x`;
    expect(Buffer.byteLength(JSON.stringify(text))).toBe(PUBSUB_MESSAGE_LIMIT_BYTES);

    await pubsub.publish('big', text);

    await vi.waitFor(() => expect(received).toEqual([text]));
  });

  describe('input checks', () => {
    it('should refuse a message over the size limit with an error that says what to do', async () => {
      const pubsub = open();

      await expect(pubsub.publish('big', 'x'.repeat(PUBSUB_MESSAGE_LIMIT_BYTES))).rejects.toThrow(/over the pub\/sub limit of 7999 bytes.*Publish an id/);
    });

    it.each([
      ['an empty channel', ''],
      ['a channel with a quote', 'orders"; drop table x; --'],
      ['a channel with spaces', 'cache product'],
      ['a channel over 63 characters', 'c'.repeat(64)],
    ])('should refuse %s when publishing and subscribing', async (_case, channel) => {
      const pubsub = open();

      await expect(pubsub.publish(channel, 1)).rejects.toThrow(/Channel/);
      await expect(pubsub.subscribe(channel, () => {})).rejects.toThrow(/Channel/);
    });

    it('should refuse a message that JSON cannot carry', async () => {
      const pubsub = open();

      await expect(pubsub.publish('orders', undefined)).rejects.toThrow(/JSON/);
    });
  });
}
