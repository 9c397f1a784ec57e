import type { EventLogger, EventTransport } from './event-transport.js';
import { createPgBossTransport } from './pg-boss/pg-boss-transport.js';
import { createRabbitTransport } from './rabbit/rabbit-transport.js';
import type { RetryPolicy } from './retry-policy.js';

/** The configuration {@link createEventTransport} chooses a transport from; a service passes its config values. */
export interface EventTransportConfig {
  /** RabbitMQ URL (`AMQP_URL`); when set, events go through RabbitMQ. */
  readonly amqpUrl?: string | undefined;
  /** Admin URL of the database (`DATABASE_URL`); without `amqpUrl`, events go through pg-boss there. */
  readonly databaseUrl: string;
  readonly logger: EventLogger;
  readonly retry?: RetryPolicy | undefined;
  /** Deliveries each subscription handles at the same time. */
  readonly concurrency?: number | undefined;
}

/**
 * Chooses the event transport from the configuration: RabbitMQ when `amqpUrl` is set, otherwise the
 * Postgres-backed queue in the same database, so a fresh machine needs nothing but PostgreSQL.
 *
 * ### Example
 * ```ts
 * const transport = await createEventTransport({ amqpUrl: config.amqpUrl, databaseUrl: config.databaseUrl, logger: app.log });
 * const app = await createService({ ..., checks: { broker: { run: () => transport.check() } } });
 * ```
 */
export async function createEventTransport(config: EventTransportConfig): Promise<EventTransport> {
  const common = {
    logger: config.logger,
    ...(config.retry ? { retry: config.retry } : {}),
    ...(config.concurrency ? { concurrency: config.concurrency } : {}),
  };
  if (config.amqpUrl) return createRabbitTransport({ url: config.amqpUrl, ...common });
  return createPgBossTransport({ url: config.databaseUrl, ...common });
}
