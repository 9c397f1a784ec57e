import type { ChannelModel, ConfirmChannel, ConsumeMessage } from 'amqplib';
import { decodeCloudEvent, isInvalidCloudEventError } from '../cloud-event.js';
import type { EventLogger, EventSubscription } from '../event-transport.js';
import { type RetryPolicy, retryDelayMs } from '../retry-policy.js';
import { publishConfirmed } from './publish-confirmed.js';
import { ATTEMPT_HEADER, attemptOf, ERROR_HEADER, forwardProperties } from './rabbit-message.js';
import { assertSubscriptionTopology, type RabbitQueueNames } from './rabbit-topology.js';

/** What a RabbitMQ consumer needs to know besides its subscription. */
export interface RabbitSubscriberSettings {
  readonly exchange: string;
  readonly retry: RetryPolicy;
  /** Deliveries handled at the same time (the channel's prefetch). */
  readonly concurrency: number;
  readonly publishTimeoutMs: number;
  readonly logger: EventLogger;
  /** Called when the broker cancels the consumer or closes its channel while the connection stays up. */
  readonly onLost: (reason: string) => void;
}

/** A running consumer of one subscription on one connection. */
export interface RabbitSubscriber {
  /** Stops taking deliveries and waits for the ones in progress. */
  stop(): Promise<void>;
}

/**
 * Declares the subscription's topology on a new confirm channel and consumes its queue. A delivery whose
 * handler fails is sent to the delay queue of its attempt with the attempt number raised, or, after the
 * last attempt or when it is not a CloudEvent at all, to `<queue>.dlq` with the error in a header. The
 * original is acknowledged only after RabbitMQ confirmed that copy, so a crash in between duplicates the
 * event (the inbox absorbs that) but never loses it.
 *
 * ### Example
 * ```ts
 * const subscriber = await startRabbitSubscriber(model, subscription, settings);
 * await subscriber.stop();
 * ```
 */
export async function startRabbitSubscriber(
  model: ChannelModel,
  subscription: EventSubscription,
  settings: RabbitSubscriberSettings,
): Promise<RabbitSubscriber> {
  const channel = await model.createConfirmChannel();
  // Only a consumer that was running is lost when its channel closes; a failed start rejects instead.
  let consuming = false;
  channel.on('error', (error: Error) => settings.logger.warn({ err: error, queue: subscription.queue }, 'RabbitMQ consumer channel failed'));
  channel.on('close', () => {
    if (consuming) settings.onLost(`consumer channel of ${subscription.queue} closed`);
  });
  const names = await assertSubscriptionTopology(channel, settings.exchange, subscription, settings.retry);
  await channel.prefetch(settings.concurrency);
  const inFlight = new Set<Promise<void>>();
  const { consumerTag } = await channel.consume(names.queue, (message) => {
    if (!message) return settings.onLost(`RabbitMQ cancelled the consumer of ${subscription.queue}`);
    const delivery = deliver(channel, message, subscription, names, settings).finally(() => inFlight.delete(delivery));
    inFlight.add(delivery);
  });
  consuming = true;
  return {
    async stop() {
      consuming = false;
      await channel.cancel(consumerTag).catch(() => undefined);
      await Promise.allSettled([...inFlight]);
      await channel.close().catch(() => undefined);
    },
  };
}

async function deliver(
  channel: ConfirmChannel,
  message: ConsumeMessage,
  subscription: EventSubscription,
  names: RabbitQueueNames,
  settings: RabbitSubscriberSettings,
): Promise<void> {
  try {
    await subscription.handler(decodeCloudEvent(message.content));
  } catch (error) {
    await park(channel, message, error, names, settings);
    return;
  }
  settle(() => channel.ack(message), names, settings);
}

/** Moves a failed delivery to its delay queue or the dead-letter queue, then acknowledges the original. */
async function park(
  channel: ConfirmChannel,
  message: ConsumeMessage,
  error: unknown,
  names: RabbitQueueNames,
  settings: RabbitSubscriberSettings,
): Promise<void> {
  const attempt = attemptOf(message);
  const retryable = !isInvalidCloudEventError(error) && attempt < settings.retry.attempts;
  const target = (retryable && names.retry.get(retryDelayMs(settings.retry, attempt))) || names.deadLetter;
  const headers: Record<string, string | number> = retryable
    ? { [ATTEMPT_HEADER]: attempt + 1 }
    : { [ATTEMPT_HEADER]: attempt, [ERROR_HEADER]: describe(error).slice(0, 1000) };
  settings.logger.warn({ err: error, queue: names.queue, messageId: message.properties.messageId, attempt, target }, 'event handler failed');
  try {
    await publishConfirmed(channel, { exchange: '', routingKey: target }, message.content, forwardProperties(message, headers), settings.publishTimeoutMs);
  } catch (sendError) {
    settings.logger.warn({ err: sendError, queue: names.queue }, 'could not park a failed event; it goes back to its queue');
    settle(() => channel.nack(message, false, true), names, settings);
    return;
  }
  settle(() => channel.ack(message), names, settings);
}

function settle(action: () => void, names: RabbitQueueNames, settings: RabbitSubscriberSettings): void {
  try {
    action();
  } catch (error) {
    // The channel closed under us; RabbitMQ redelivers the message and the inbox skips it if it was applied.
    settings.logger.warn({ err: error, queue: names.queue }, 'could not settle an event delivery');
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
