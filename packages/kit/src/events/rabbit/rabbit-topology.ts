import type { Channel } from 'amqplib';
import { type RetryPolicy, retryDelaysMs } from '../retry-policy.js';

/** The RabbitMQ queues behind one subscription. */
export interface RabbitQueueNames {
  /** The durable queue bound to the exchange. */
  readonly queue: string;
  /** Where events land after the last failed attempt: `<queue>.dlq`. */
  readonly deadLetter: string;
  /** One delay queue per distinct retry delay: `<queue>.retry.<ms>`, keyed by the delay. */
  readonly retry: ReadonlyMap<number, string>;
}

/**
 * Names the queues of a subscription. A delay queue is named after its delay, so a changed retry policy
 * declares new queues instead of clashing with the arguments of existing ones.
 *
 * ### Example
 * ```ts
 * rabbitQueueNames('reporting', { attempts: 3, retryDelayMs: 1_000, retryDelayMsMax: 5_000 });
 * // { queue: 'reporting', deadLetter: 'reporting.dlq', retry: Map { 1000 => 'reporting.retry.1000', 2000 => 'reporting.retry.2000' } }
 * ```
 */
export function rabbitQueueNames(queue: string, retry: RetryPolicy): RabbitQueueNames {
  const delays = retryDelaysMs(retry).map((delayMs): [number, string] => [delayMs, `${queue}.retry.${delayMs}`]);
  return { queue, deadLetter: `${queue}.dlq`, retry: new Map(delays) };
}

/**
 * Declares everything a subscription needs, idempotently: the topic exchange, the durable queue bound to
 * each event type, the dead-letter queue, and the delay queues. A delay queue has no consumer; its messages
 * expire after the delay and RabbitMQ dead-letters them back into the main queue.
 *
 * ### Example
 * ```ts
 * await assertSubscriptionTopology(channel, 'erp.events', { queue: 'reporting', types: ['erp.core.order.invoiced.v1'] }, retry);
 * ```
 */
export async function assertSubscriptionTopology(
  channel: Channel,
  exchange: string,
  subscription: { queue: string; types: readonly string[] },
  retry: RetryPolicy,
): Promise<RabbitQueueNames> {
  const names = rabbitQueueNames(subscription.queue, retry);
  await channel.assertExchange(exchange, 'topic', { durable: true });
  await channel.assertQueue(names.queue, { durable: true });
  for (const type of subscription.types) await channel.bindQueue(names.queue, exchange, type);
  await channel.assertQueue(names.deadLetter, { durable: true });
  for (const [delayMs, name] of names.retry) {
    await channel.assertQueue(name, { durable: true, messageTtl: delayMs, deadLetterExchange: '', deadLetterRoutingKey: names.queue });
  }
  return names;
}
