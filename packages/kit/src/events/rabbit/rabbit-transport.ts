import type { CloudEvent, HealthCheck } from '@erp/contracts';
import { type ChannelModel, connect } from 'amqplib';
import type { EventLogger, EventSubscription, EventTransport } from '../event-transport.js';
import { assertEventType, assertQueueName } from '../names.js';
import { assertRetryPolicy, DEFAULT_RETRY_POLICY, type RetryPolicy } from '../retry-policy.js';
import { createRabbitPublisher } from './rabbit-publisher.js';
import { createRabbitSubscriptions } from './rabbit-subscriptions.js';

/** Settings of {@link createRabbitTransport}; only `url` and `logger` are required. */
export interface RabbitTransportOptions {
  /** `amqp://user:password@host:5672/vhost`. */
  readonly url: string;
  readonly logger: EventLogger;
  /** The topic exchange. Default `erp.events`; tests use their own. */
  readonly exchange?: string;
  readonly retry?: RetryPolicy;
  /** Deliveries each subscription handles at the same time, each in its own database transaction. Default 4, well inside the default pool of 10. */
  readonly concurrency?: number;
  /** How long a publish waits for the broker's confirm. Default 10 s. */
  readonly publishTimeoutMs?: number;
  /** Reconnect backoff after the connection drops. Default 200 ms doubling up to 5 s. */
  readonly reconnect?: { readonly delayMs: number; readonly delayMsMax: number };
}

/**
 * Creates the RabbitMQ transport: a topic exchange (routing key = event type), a durable queue per
 * subscription with delay queues for retries and `<queue>.dlq` for dead letters, publisher confirms, and
 * automatic reconnection (amqplib's recovery) that declares the topology and consumers again. While the
 * connection is down, `publish` rejects at once, so the outbox keeps the event for the relay's next try.
 * Returns immediately and connects in the background; `subscribe` resolves once its queue is declared.
 *
 * ### Example
 * ```ts
 * const transport = await createRabbitTransport({ url: config.amqpUrl, logger: app.log });
 * ```
 */
export async function createRabbitTransport(options: RabbitTransportOptions): Promise<EventTransport> {
  const retry = options.retry ?? DEFAULT_RETRY_POLICY;
  assertRetryPolicy(retry);
  const settings = { exchange: options.exchange ?? 'erp.events', publishTimeoutMs: options.publishTimeoutMs ?? 10_000, logger: options.logger };
  const reconnect = options.reconnect ?? { delayMs: 200, delayMsMax: 5_000 };
  const publisher = createRabbitPublisher(settings);
  let current: ChannelModel | undefined;
  let closing = false;
  const subscriptions = createRabbitSubscriptions({ ...settings, retry, concurrency: options.concurrency ?? 4 }, (model, reason) => {
    if (closing || model !== current) return;
    options.logger.warn({ reason }, 'restarting the RabbitMQ connection');
    model.close().catch(() => undefined);
  });

  const connection = await connect(options.url, {
    recovery: {
      waitForConnect: false,
      initialDelay: reconnect.delayMs,
      maxDelay: reconnect.delayMsMax,
      async setup(model: ChannelModel) {
        current = model;
        publisher.reset();
        await subscriptions.startAll(model);
      },
    },
  });
  connection.on('connect', () => options.logger.info({ exchange: settings.exchange }, 'connected to RabbitMQ'));
  connection.on('connect-failed', (error: Error) => options.logger.warn({ err: error }, 'RabbitMQ connection attempt failed'));
  connection.on('error', (error: Error) => options.logger.warn({ err: error }, 'RabbitMQ connection error'));
  connection.on('disconnect', (error: Error) => {
    current = undefined;
    publisher.reset();
    if (!closing) options.logger.warn({ err: error }, 'RabbitMQ connection lost; reconnecting');
  });

  return {
    kind: 'rabbitmq',
    async publish(event: CloudEvent) {
      assertEventType(event.type);
      if (!current) throw new Error('RabbitMQ is not connected');
      await publisher.publish(current, event);
    },
    async subscribe(subscription: EventSubscription) {
      assertQueueName(subscription.queue);
      for (const type of subscription.types) assertEventType(type);
      subscriptions.add(subscription);
      // Without a connection, the next connection's setup starts it; waiting for that means the queue and its
      // bindings exist when subscribe resolves, so no event published afterwards can miss the subscription.
      const started = current ? subscriptions.start(current, subscription) : new Promise<void>((resolve) => connection.once('connect', () => resolve()));
      await started.catch((error: unknown) => {
        subscriptions.remove(subscription);
        throw error;
      });
    },
    async check(): Promise<HealthCheck> {
      return current ? { status: 'pass' } : { status: 'fail', detail: 'not connected to RabbitMQ' };
    },
    async close() {
      closing = true;
      await subscriptions.stopAll();
      await connection.close();
    },
  };
}
