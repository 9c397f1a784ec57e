import { connectRedis, type RedisClient } from '../cache/connect-redis.js';
import { redisHealthCheck } from '../cache/redis-health-check.js';
import type { ServiceConfig } from '../config/service-env.js';
import { connectServiceDb, type ServiceDb } from '../db/create-db.js';
import { createEventTransport } from '../events/create-event-transport.js';
import type { EventTransport } from '../events/event-transport.js';
import { createOutboxRelay, type OutboxRelay } from '../events/outbox-relay.js';
import type { HealthCheckDefinition } from '../health/health-route.js';
import { createLogger, type ServiceLogger } from '../logging/create-logger.js';
import { createServiceRegistry } from '../registry/create-service-registry.js';
import { registryHealthCheck } from '../registry/registry-health-check.js';
import type { ServiceRegistry } from '../registry/service-registry.js';

/** Everything a service process connects to, chosen by its configuration (real servers or embedded defaults). */
export interface Platform<Schema> {
  readonly logger: ServiceLogger;
  readonly db: ServiceDb<Schema>;
  /** Present when `REDIS_URL` is set. */
  readonly redis: RedisClient | undefined;
  readonly registry: ServiceRegistry;
  /** RabbitMQ with `AMQP_URL`, otherwise the Postgres-backed queue. */
  readonly events: EventTransport;
  /** Publishes this service's outbox; already running. */
  readonly relay: OutboxRelay;
  /** `/health` checks for redis, the registry and the broker. */
  readonly checks: Record<string, HealthCheckDefinition>;
  /** Stops the relay and closes the broker and Redis; the app closes the database, `startService` the registry. */
  close(): Promise<void>;
}

export interface ConnectPlatformOptions {
  service: string;
  config: ServiceConfig;
  /** Absolute path of the service's compiled migrations. */
  migrationsFolder?: string;
  /** Database extensions the migrations need, e.g. `pg_trgm` (see connectServiceDb). */
  extensions?: readonly string[];
}

/**
 * Connects a service process to the platform in one call: database (provisioned and migrated), Redis if
 * configured, the instance registry, the event transport, and a running outbox relay.
 *
 * ### Example
 * ```ts
 * const platform = await connectPlatform<CoreDb>({ service: 'core', config, migrationsFolder });
 * const app = await buildApp({ config, ...platform });
 * await startService(app, { ...config, registry: platform.registry, onShutdown: platform.close });
 * ```
 */
export async function connectPlatform<Schema>(options: ConnectPlatformOptions): Promise<Platform<Schema>> {
  const { config, service } = options;
  const logger = createLogger({ service, level: config.logLevel, port: config.port });
  const connected = await connectServiceDb<Schema>({
    adminUrl: config.databaseUrl,
    service,
    migrationsFolder: options.migrationsFolder,
    poolMax: config.dbPoolMax,
    extensions: options.extensions,
  });
  const redis = config.redisUrl
    ? connectRedis(config.redisUrl, { name: service, onError: (error) => logger.warn({ err: error }, 'redis unavailable') })
    : undefined;
  const registry = await createServiceRegistry({ service, adminUrl: config.databaseUrl, redis });
  const events = await createEventTransport({ amqpUrl: config.amqpUrl, databaseUrl: config.databaseUrl, logger });
  const relay = createOutboxRelay({ db: connected.kysely, pool: connected.pool, transport: events, logger });
  relay.start();
  const stopEvents = once(async () => {
    await relay.stop();
    await events.close();
  });
  // The app closes the database after its in-flight requests; the relay and the broker must stop before
  // that, or the relay would run against a closed pool.
  const db: ServiceDb<Schema> = {
    ...connected,
    close: once(async () => {
      await stopEvents();
      await connected.close();
    }),
  };
  const checks: Record<string, HealthCheckDefinition> = {
    registry: registryHealthCheck(registry),
    broker: { run: () => events.check() },
    ...(redis ? { redis: redisHealthCheck(redis) } : {}),
  };
  const close = once(async () => {
    await stopEvents();
    await redis?.quit();
  });
  return { logger, db, redis, registry, events, relay, checks, close };
}

/** Wraps an async action so that every call after the first returns the first call's promise. */
function once(action: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => {
    running ??= action();
    return running;
  };
}
