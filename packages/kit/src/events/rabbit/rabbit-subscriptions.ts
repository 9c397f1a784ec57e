import type { ChannelModel } from 'amqplib';
import type { EventSubscription } from '../event-transport.js';
import { type RabbitSubscriber, type RabbitSubscriberSettings, startRabbitSubscriber } from './rabbit-subscriber.js';

/** The subscriptions of a RabbitMQ transport and their consumers on the current connection. */
export interface RabbitSubscriptions {
  /** Remembers `subscription`, so every future connection starts it too. */
  add(subscription: EventSubscription): void;
  remove(subscription: EventSubscription): void;
  /** Starts `subscription` on `model` unless it runs there already. */
  start(model: ChannelModel, subscription: EventSubscription): Promise<void>;
  /** Starts every subscription on a new connection; consumers of the old one died with it. */
  startAll(model: ChannelModel): Promise<void>;
  stopAll(): Promise<void>;
}

/**
 * Creates the subscription registry of a RabbitMQ transport. `onLost` is told when a consumer dies while its
 * connection lives (the broker cancelled it or closed its channel); the transport then restarts the connection.
 *
 * ### Example
 * ```ts
 * const subscriptions = createRabbitSubscriptions(settings, (model, reason) => model.close());
 * ```
 */
export function createRabbitSubscriptions(
  settings: Omit<RabbitSubscriberSettings, 'onLost'>,
  onLost: (model: ChannelModel, reason: string) => void,
): RabbitSubscriptions {
  const subscriptions: EventSubscription[] = [];
  // One entry per subscription started on the current connection, set before the start is awaited, so that
  // a subscribe() racing a reconnect's setup cannot start the same consumer twice.
  let running = new Map<EventSubscription, Promise<RabbitSubscriber>>();

  const start = async (model: ChannelModel, subscription: EventSubscription): Promise<void> => {
    const started = running.get(subscription);
    if (started) return void (await started);
    const starting = startRabbitSubscriber(model, subscription, { ...settings, onLost: (reason) => onLost(model, reason) });
    running.set(subscription, starting);
    await starting.catch((error: unknown) => {
      running.delete(subscription);
      throw error;
    });
  };

  return {
    add: (subscription) => void subscriptions.push(subscription),
    remove: (subscription) => void subscriptions.splice(subscriptions.indexOf(subscription), 1),
    start,
    async startAll(model) {
      running = new Map();
      for (const subscription of [...subscriptions]) await start(model, subscription);
    },
    async stopAll() {
      await Promise.allSettled([...running.values()].map(async (subscriber) => (await subscriber).stop()));
    },
  };
}
