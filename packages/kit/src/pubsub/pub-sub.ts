/** Receives one message; errors it throws or rejects with go to the pub/sub's `onError`, not to other handlers. */
export type PubSubHandler = (message: unknown) => void | Promise<void>;

/** Ends one subscription; the channel is released when its last handler leaves. */
export type Unsubscribe = () => Promise<void>;

/**
 * Publish/subscribe between processes, for signals such as cache invalidation and live updates. Delivery is
 * at most once and only to subscribers connected at that moment: a message published while a subscriber
 * reconnects is lost to it, so use domain events (the outbox) for anything that must arrive. Messages are
 * JSON values of at most {@link PUBSUB_MESSAGE_LIMIT_BYTES}. Redis and PostgreSQL LISTEN/NOTIFY implement it.
 *
 * ### Example
 * ```ts
 * const pubsub = createPubSub({ redis, databaseUrl: runtimeUrl(config.databaseUrl, db.roles) });
 * const unsubscribe = await pubsub.subscribe('cache.product', (message) => invalidate(message));
 * await pubsub.publish('cache.product', { id: '42' });
 * await unsubscribe();
 * ```
 */
export interface PubSub {
  /** Which transport carries the messages. */
  readonly kind: 'redis' | 'postgres';
  publish(channel: string, message: unknown): Promise<void>;
  subscribe(channel: string, handler: PubSubHandler): Promise<Unsubscribe>;
  /** Ends every subscription and releases the connections the pub/sub owns. */
  close(): Promise<void>;
}

/**
 * The largest message, in bytes of its JSON text. PostgreSQL refuses a NOTIFY payload of 8000 bytes or more;
 * Redis applies the same limit so that code tested on one transport cannot fail on the other.
 */
export const PUBSUB_MESSAGE_LIMIT_BYTES = 7999;

// Channel names are PostgreSQL identifiers (at most 63 bytes) and parts of Redis channel names.
const CHANNEL = /^[A-Za-z0-9_.:-]{1,63}$/;

/** Checks a channel name before it reaches LISTEN or SUBSCRIBE. */
export function assertChannel(channel: string): void {
  if (typeof channel !== 'string' || !CHANNEL.test(channel)) {
    throw new TypeError(`Channel "${channel}" must be 1 to 63 letters, digits, ".", ":", "_" or "-"`);
  }
}

/** Serialises a message and enforces the size limit with a message that says what to do instead. */
export function encodeMessage(channel: string, message: unknown): string {
  assertChannel(channel);
  const payload = JSON.stringify(message);
  if (payload === undefined) throw new TypeError(`The message for channel "${channel}" cannot be represented as JSON`);
  const bytes = Buffer.byteLength(payload, 'utf8');
  if (bytes > PUBSUB_MESSAGE_LIMIT_BYTES) {
    throw new RangeError(
      `The message for channel "${channel}" is ${bytes} bytes, over the pub/sub limit of ${PUBSUB_MESSAGE_LIMIT_BYTES} bytes (PostgreSQL NOTIFY). Publish an id and let subscribers load the rest.`,
    );
  }
  return payload;
}
