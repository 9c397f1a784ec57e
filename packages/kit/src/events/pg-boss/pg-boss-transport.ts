import type { CloudEvent, HealthCheck } from '@erp/contracts';
import { type Job, type JobResult, PgBoss } from 'pg-boss';
import { isInvalidCloudEventError, parseCloudEvent } from '../cloud-event.js';
import type { EventLogger, EventSubscription, EventTransport } from '../event-transport.js';
import { assertEventType, assertQueueName } from '../names.js';
import { assertRetryPolicy, DEFAULT_RETRY_POLICY, type RetryPolicy } from '../retry-policy.js';
import { brokerRole, brokerUrl, provisionBrokerSchema } from './broker-role.js';
import { mapConcurrently } from './map-concurrently.js';
import { RETENTION_SECONDS, toPgBossQueueOptions, toWorkOptions } from './pg-boss-options.js';

/** Settings of {@link createPgBossTransport}; only `url` and `logger` are required. */
export interface PgBossTransportOptions {
  /** Admin URL of the database; the transport provisions the broker role from it and connects as that role. */
  readonly url: string;
  readonly logger: EventLogger;
  /** The broker's schema, shared by all services like a RabbitMQ vhost. Default `erp_events`. */
  readonly schema?: string;
  readonly retry?: RetryPolicy;
  /** Deliveries each subscription handles at the same time, each in its own database transaction. Default 4, well inside the default pool of 10. */
  readonly concurrency?: number;
  /** Connections of the broker pool. Default 4. */
  readonly poolMax?: number;
  /** Poll interval of a worker when no NOTIFY wakes it. Default 2 s. */
  readonly pollingIntervalSeconds?: number;
  /** How long a delivery may stay unsettled before pg-boss retries it (a crashed consumer). Default 900 s. */
  readonly expireInSeconds?: number;
  /** How often pg-boss looks for such deliveries (its supervise and monitor passes). Default 60 s. */
  readonly expiryCheckIntervalSeconds?: number;
}

/**
 * Creates the embedded transport: a Postgres-backed queue (pg-boss) in its own schema, owned by a broker
 * role that can touch nothing else. Publishing sends the event to the queue of every subscription of its
 * type (pg-boss publish/subscribe); a handler that fails is retried with backoff, and after the last
 * attempt pg-boss moves the event to `<queue>.dlq`. A delivery that is not a CloudEvent goes there at once.
 *
 * ### Example
 * ```ts
 * const transport = await createPgBossTransport({ url: config.databaseUrl, logger: app.log });
 * ```
 */
export async function createPgBossTransport(options: PgBossTransportOptions): Promise<EventTransport> {
  const retry = options.retry ?? DEFAULT_RETRY_POLICY;
  assertRetryPolicy(retry);
  const role = brokerRole(options.url, options.schema ?? 'erp_events');
  await provisionBrokerSchema(options.url, role);
  const boss = new PgBoss({
    connectionString: brokerUrl(options.url, role),
    schema: role.schema,
    createSchema: false,
    max: options.poolMax ?? 4,
    application_name: 'erp-events',
    schedule: false,
    useListenNotify: true,
    superviseIntervalSeconds: options.expiryCheckIntervalSeconds ?? 60,
    // Expired deliveries are found by the monitor pass, which runs at most this often.
    monitorIntervalSeconds: options.expiryCheckIntervalSeconds ?? 60,
  });
  boss.on('error', (error) => options.logger.warn({ err: error }, 'pg-boss error'));
  boss.on('warning', (warning) => options.logger.warn({ warning }, 'pg-boss warning'));
  await boss.start();

  return {
    kind: 'pg-boss',
    async publish(event: CloudEvent) {
      assertEventType(event.type);
      await boss.publish(event.type, event);
    },
    async subscribe(subscription: EventSubscription) {
      assertQueueName(subscription.queue);
      for (const type of subscription.types) assertEventType(type);
      await declareQueues(boss, subscription.queue, retry, options.expireInSeconds ?? 900);
      for (const type of subscription.types) await boss.subscribe(type, subscription.queue);
      const concurrency = options.concurrency ?? 4;
      const handle = (job: Job<unknown>) => settle(job, subscription, options.logger);
      await boss.work<unknown>(subscription.queue, toWorkOptions(concurrency, options.pollingIntervalSeconds ?? 2), (jobs) =>
        mapConcurrently(jobs, concurrency, handle),
      );
    },
    async check(): Promise<HealthCheck> {
      const started = performance.now();
      try {
        await boss.getDb().executeSql('select 1');
      } catch (error) {
        return { status: 'fail', detail: `Postgres queue unreachable: ${error instanceof Error ? error.message : String(error)}`.slice(0, 500) };
      }
      return { status: 'pass', latency_ms: Math.round((performance.now() - started) * 100) / 100 };
    },
    async close() {
      await boss.stop({ graceful: true, timeout: 10_000 });
    },
  };
}

async function declareQueues(boss: PgBoss, queue: string, retry: RetryPolicy, expireInSeconds: number): Promise<void> {
  const deadLetter = `${queue}.dlq`;
  await boss.createQueue(deadLetter, { retentionSeconds: RETENTION_SECONDS });
  const options = toPgBossQueueOptions(retry, deadLetter, expireInSeconds);
  await boss.createQueue(queue, options);
  // createQueue leaves an existing queue as it is; updateQueue brings a changed policy to it, all but
  // retryDelayMax, which pg-boss fixes when it creates the queue.
  const { retryDelayMax: _fixedAtCreation, ...updatable } = options;
  await boss.updateQueue(queue, updatable);
}

async function settle(job: Job<unknown>, subscription: EventSubscription, logger: EventLogger): Promise<JobResult> {
  try {
    await subscription.handler(parseCloudEvent(job.data));
    return { id: job.id, status: 'completed' };
  } catch (error) {
    logger.warn({ err: error, queue: subscription.queue, jobId: job.id, retryCount: job.retryCount }, 'event handler failed');
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return { id: job.id, status: isInvalidCloudEventError(error) ? 'deadletter' : 'failed', output: { error: message.slice(0, 1000) } };
  }
}
