import type { Redis } from 'ioredis';
import { assertChannel, encodeMessage, type PubSub } from './pub-sub.js';
import { createSubscriptions, type PubSubErrorHandler } from './subscriptions.js';

/** Options of {@link createRedisPubSub}. */
export interface RedisPubSubOptions {
  /** Publishes on this client; a dedicated subscriber connection is duplicated from it. Not closed by the pub/sub. */
  redis: Redis;
  /** Prefix of every Redis channel, default `erp:`; tests use their own to stay apart. */
  channelPrefix?: string;
  onError?: PubSubErrorHandler;
}

/**
 * A {@link PubSub} over Redis: PUBLISH on the shared client, SUBSCRIBE on a connection of its own (a
 * subscribed Redis connection can run no other command). ioredis subscribes again after a reconnect, and
 * `onError` hears of the outage once.
 *
 * ### Example
 * ```ts
 * const pubsub = createRedisPubSub({ redis });
 * await pubsub.subscribe('cache.product', (message) => invalidate(message));
 * ```
 */
export function createRedisPubSub(options: RedisPubSubOptions): PubSub {
  const prefix = options.channelPrefix ?? 'erp:';
  const onError = options.onError ?? (() => {});
  const subscriptions = createSubscriptions(onError);
  // Lazy: a process that only publishes never opens the second connection.
  const subscriber = options.redis.duplicate({ lazyConnect: true });
  // ioredis reports every failed reconnect attempt; onError hears the first of each outage only.
  let connected = true;
  subscriber.on('error', (error: Error) => {
    if (!connected) return;
    connected = false;
    onError(error, undefined);
  });
  subscriber.on('ready', () => {
    connected = true;
  });
  subscriber.on('message', (channel: string, payload: string) => {
    if (channel.startsWith(prefix)) subscriptions.dispatch(channel.slice(prefix.length), payload);
  });

  return {
    kind: 'redis',
    async publish(channel, message) {
      await options.redis.publish(prefix + channel, encodeMessage(channel, message));
    },
    async subscribe(channel, handler) {
      assertChannel(channel);
      const { token, first } = subscriptions.add(channel, handler);
      if (first) {
        try {
          await subscriber.subscribe(prefix + channel);
        } catch (error) {
          subscriptions.remove(channel, token);
          throw error;
        }
      }
      return async () => {
        if (subscriptions.remove(channel, token)) await subscriber.unsubscribe(prefix + channel);
      };
    },
    async close() {
      subscriptions.clear();
      if (subscriber.status === 'wait') subscriber.disconnect();
      else await subscriber.quit().catch(() => subscriber.disconnect());
    },
  };
}
