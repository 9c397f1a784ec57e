import { CloudEvent } from '@erp/contracts';
import { Value } from 'typebox/value';

const INVALID_EVENT_CODE = 'KIT_EVENT_INVALID';

/** A delivered message that is not a valid CloudEvent; retrying cannot help, so it goes straight to the dead-letter queue. */
export class InvalidCloudEventError extends Error {
  readonly code = INVALID_EVENT_CODE;
  override readonly name = 'InvalidCloudEventError';
}

/**
 * Tells whether `error` is an {@link InvalidCloudEventError}, by its code rather than `instanceof`, so two
 * copies of the kit agree.
 *
 * ### Example
 * ```ts
 * if (isInvalidCloudEventError(error)) await deadLetter(message, error);
 * ```
 */
export function isInvalidCloudEventError(error: unknown): error is InvalidCloudEventError {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === INVALID_EVENT_CODE;
}

/**
 * Validates a delivered value against the CloudEvents 1.0 envelope of `@erp/contracts`.
 *
 * ### Example
 * ```ts
 * const event = parseCloudEvent(job.data); // throws InvalidCloudEventError
 * ```
 */
export function parseCloudEvent(value: unknown): CloudEvent {
  if (Value.Check(CloudEvent, value)) return value as CloudEvent;
  const problems = [...Value.Errors(CloudEvent, value)].slice(0, 3).map((error) => `${error.instancePath || '/'} ${error.message}`);
  throw new InvalidCloudEventError(`Not a valid CloudEvent: ${problems.join('; ')}`);
}

/**
 * Parses a message body (structured-mode CloudEvents JSON) into a validated event.
 *
 * ### Example
 * ```ts
 * const event = decodeCloudEvent(message.content);
 * ```
 */
export function decodeCloudEvent(content: Buffer): CloudEvent {
  let value: unknown;
  try {
    value = JSON.parse(content.toString('utf8'));
  } catch {
    throw new InvalidCloudEventError('Not a valid CloudEvent: the body is not JSON');
  }
  return parseCloudEvent(value);
}

/**
 * Serialises an event as a structured-mode CloudEvents JSON body.
 *
 * ### Example
 * ```ts
 * channel.publish(exchange, event.type, encodeCloudEvent(event));
 * ```
 */
export function encodeCloudEvent(event: CloudEvent): Buffer {
  return Buffer.from(JSON.stringify(event), 'utf8');
}
