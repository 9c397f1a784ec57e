import type { CloudEvent, HealthCheck } from '@erp/contracts';

/**
 * Handles one delivered event. Resolving acknowledges it; throwing asks the transport to retry it later
 * and, after the retry policy's last attempt, to move it to the dead-letter queue.
 */
export type DeliveryHandler = (event: CloudEvent) => Promise<void>;

/** One consumer's standing order for events: a durable queue that receives every event of `types`. */
export interface EventSubscription {
  /** Durable queue name, one per consuming service, e.g. `reporting`. The dead-letter queue is `<queue>.dlq`. */
  readonly queue: string;
  /**
   * Exact event type names, e.g. `erp.core.order.invoiced.v1`. Wildcards are not offered: the Postgres
   * queue routes by exact name, and both transports must route alike.
   */
  readonly types: readonly string[];
  readonly handler: DeliveryHandler;
}

/**
 * A message broker as the event backbone sees it. RabbitMQ and the Postgres queue (pg-boss) implement it;
 * the outbox relay publishes through it and event consumers subscribe through it.
 *
 * ### Example
 * ```ts
 * const transport = createEventTransport({ amqpUrl: config.amqpUrl, databaseUrl: config.databaseUrl, logger: app.log });
 * await transport.subscribe({ queue: 'reporting', types: ['erp.core.order.invoiced.v1'], handler });
 * await transport.publish(event);
 * ```
 */
export interface EventTransport {
  /** `rabbitmq` or `pg-boss`, for logs and the health document. */
  readonly kind: 'rabbitmq' | 'pg-boss';
  /**
   * Resolves once the broker has durably accepted the event (a publisher confirm, or a committed insert);
   * rejects otherwise, so the caller keeps the event and tries again. A subscription that does not exist
   * yet does not receive it, as with any publish/subscribe broker.
   */
  publish(event: CloudEvent): Promise<void>;
  /** Declares the subscription's queue, routes its types to it and starts delivering to its handler. */
  subscribe(subscription: EventSubscription): Promise<void>;
  /** A `/health` check: `pass` while the broker is reachable. */
  check(): Promise<HealthCheck>;
  /** Stops delivering, waits for handlers in progress, and closes the broker connections. */
  close(): Promise<void>;
}

/** The logging the event backbone needs; a pino or Fastify logger (`app.log`) fits. */
export interface EventLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}
