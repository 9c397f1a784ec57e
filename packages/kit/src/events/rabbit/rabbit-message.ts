import type { CloudEvent } from '@erp/contracts';
import type { ConsumeMessage, Options } from 'amqplib';

/** Header with the number of the delivery attempt a message is on, starting at 1. */
export const ATTEMPT_HEADER = 'x-erp-attempt';
/** Header on a dead-lettered message: why its last attempt failed. */
export const ERROR_HEADER = 'x-erp-error';

/**
 * Message properties of a freshly published event: persistent, structured-mode CloudEvents JSON, the event
 * id as message id, so broker tools show what a message is.
 *
 * ### Example
 * ```ts
 * channel.publish(exchange, event.type, encodeCloudEvent(event), publishProperties(event), onConfirm);
 * ```
 */
export function publishProperties(event: CloudEvent): Options.Publish {
  return {
    persistent: true,
    contentType: 'application/cloudevents+json',
    messageId: event.id,
    type: event.type,
    appId: event.source,
    timestamp: Math.floor(Date.parse(event.time) / 1000),
    headers: { [ATTEMPT_HEADER]: 1 },
  };
}

/**
 * The attempt a delivered message is on, read from {@link ATTEMPT_HEADER}; 1 when absent or malformed.
 *
 * ### Example
 * ```ts
 * if (attemptOf(message) >= retry.attempts) await deadLetter(message);
 * ```
 */
export function attemptOf(message: ConsumeMessage): number {
  const value = Number(message.properties.headers?.[ATTEMPT_HEADER]);
  return Number.isInteger(value) && value >= 1 ? value : 1;
}

/**
 * Properties for sending `message` on: the original properties, with `headers` merged in.
 *
 * ### Example
 * ```ts
 * channel.sendToQueue(retryQueue, message.content, forwardProperties(message, { [ATTEMPT_HEADER]: 2 }));
 * ```
 */
export function forwardProperties(message: ConsumeMessage, headers: Record<string, string | number>): Options.Publish {
  const properties = message.properties;
  return {
    persistent: true,
    contentType: properties.contentType,
    messageId: properties.messageId,
    type: properties.type,
    appId: properties.appId,
    timestamp: properties.timestamp,
    headers: { ...properties.headers, ...headers },
  };
}
