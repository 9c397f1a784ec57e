import { EVENT_TYPE_PATTERN } from '@erp/contracts';

const QUEUE_NAME = /^[a-z][a-z0-9_.-]{0,100}$/;

/**
 * Throws unless `type` follows `erp.<service>.<entity>.<verb>.v<major>`.
 *
 * ### Example
 * ```ts
 * assertEventType('erp.core.order.invoiced.v1');
 * ```
 */
export function assertEventType(type: string): void {
  if (!EVENT_TYPE_PATTERN.test(type)) {
    throw new TypeError(`Event type "${type}" does not match erp.<service>.<entity>.<verb>.v<major>, e.g. erp.core.order.invoiced.v1`);
  }
}

/**
 * Throws unless `name` is usable as a queue or consumer name on both transports: lower case letters,
 * digits, `_`, `.` and `-`, starting with a letter.
 *
 * ### Example
 * ```ts
 * assertQueueName('reporting');
 * ```
 */
export function assertQueueName(name: string): void {
  if (!QUEUE_NAME.test(name)) {
    throw new TypeError(`Queue name "${name}" must start with a letter and contain only a-z, 0-9, "_", "." and "-" (at most 101 characters)`);
  }
}
