import type { ConfirmChannel, Options } from 'amqplib';

/** Where a confirmed publish goes: an exchange and routing key, or a queue through the default exchange. */
export interface ConfirmedTarget {
  readonly exchange: string;
  readonly routingKey: string;
}

/**
 * Publishes on a confirm channel and resolves when the broker confirms the message; rejects when the broker
 * refuses it, the channel closes first, or `timeoutMs` passes, so the caller never mistakes a lost message
 * for a sent one.
 *
 * ### Example
 * ```ts
 * await publishConfirmed(channel, { exchange: 'erp.events', routingKey: event.type }, body, properties, 10_000);
 * ```
 */
export function publishConfirmed(
  channel: ConfirmChannel,
  target: ConfirmedTarget,
  content: Buffer,
  properties: Options.Publish,
  timeoutMs: number,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`RabbitMQ did not confirm the message within ${timeoutMs} ms`)), timeoutMs);
    try {
      channel.publish(target.exchange, target.routingKey, content, properties, (error: unknown) => {
        clearTimeout(timer);
        if (error) reject(error instanceof Error ? error : new Error(`RabbitMQ refused the message: ${String(error)}`));
        else resolve();
      });
    } catch (error) {
      clearTimeout(timer);
      reject(error);
    }
  });
}
