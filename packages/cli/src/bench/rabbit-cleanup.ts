import { DEFAULT_RETRY_POLICY, rabbitQueueNames } from '@erp/kit';
import { connect } from 'amqplib';

/** The exchange `createEventTransport` publishes to; it belongs to the running system as much as to the benchmark. */
export const EVENTS_EXCHANGE = 'erp.events';

/** True when `exchange` exists on the broker, so the benchmark knows whether it may remove it afterwards. */
export async function exchangeExists(amqpUrl: string, exchange: string): Promise<boolean> {
  const connection = await connect(amqpUrl);
  try {
    const channel = await connection.createChannel();
    // A missing exchange closes the channel with an error event; the rejected check already says so.
    channel.on('error', () => {});
    return await channel.checkExchange(exchange).then(
      () => true,
      () => false,
    );
  } finally {
    await connection.close().catch(() => undefined);
  }
}

/**
 * Deletes the queues a subscription declared (main, dead-letter and delay queues under the default retry
 * policy), and `exchange` when given and nothing else is bound to it any more.
 */
export async function deleteSubscriptionQueues(amqpUrl: string, queue: string, exchange?: string): Promise<void> {
  const connection = await connect(amqpUrl);
  try {
    const channel = await connection.createChannel();
    channel.on('error', () => {});
    const names = rabbitQueueNames(queue, DEFAULT_RETRY_POLICY);
    for (const name of [names.queue, names.deadLetter, ...names.retry.values()]) await channel.deleteQueue(name);
    // ifUnused: an exchange that someone bound a queue to in the meantime is theirs now, and stays.
    if (exchange) await channel.deleteExchange(exchange, { ifUnused: true }).catch(() => undefined);
  } finally {
    await connection.close().catch(() => undefined);
  }
}
