import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CloudEvent } from '@erp/contracts';
import { connectServiceDb, createEventConsumer, createEventTransport, createOutboxRelay, type EventLogger, type EventTransport, writeEvent } from '@erp/kit';
import { createTestDatabase } from '@erp/kit/testing';
import { type CleanupStack, createCleanupStack } from './cleanup-stack.js';
import { createDeliveryLog, type DeliveryLog } from './delivery-log.js';
import { deleteSubscriptionQueues, EVENTS_EXCHANGE, exchangeExists } from './rabbit-cleanup.js';

const SOURCE = '/erp/bench';

/** Which broker carries the events: RabbitMQ (`AMQP_URL`) or the Postgres-backed queue. */
export type TransportKind = 'rabbitmq' | 'pg-boss';

/**
 * A producer service and a consumer service in this process, each with its own schema, pool and transport,
 * wired as connectPlatform wires them: outbox, relay woken by NOTIFY, broker, inbox consumer.
 */
export interface EventPipeline {
  /** Starts a fresh log; the writes and deliveries from now on go there. */
  startRound(): DeliveryLog;
  /** Writes `count` events in one transaction of the producer, each carrying its write time. */
  write(count: number): Promise<void>;
  /** Resolves true once every written event was applied, false at the timeout. */
  drain(timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
}

/** Logs the backbone's warnings and errors on stderr, so a struggling broker is visible next to the tables. */
const stderrLogger: EventLogger = {
  info: () => {},
  warn: (details, message) => process.stderr.write(`[events] ${message} ${detailsText(details)}\n`),
  error: (details, message) => process.stderr.write(`[events] ${message} ${detailsText(details)}\n`),
};

function detailsText(details: object): string {
  const { err, ...rest } = details as { err?: unknown };
  const error = err instanceof Error ? `${err.name}: ${err.message} ` : '';
  return `${error}${JSON.stringify(rest)}`.slice(0, 300);
}

/** Opens a pipeline over `kind` in a fresh database on `serverAdminUrl`, with a queue and event type of its own. */
export async function openEventPipeline(kind: TransportKind, serverAdminUrl: string, amqpUrl: string | undefined): Promise<EventPipeline> {
  const cleanup = createCleanupStack();
  try {
    return await open(kind === 'rabbitmq' ? amqpUrl : undefined, serverAdminUrl, cleanup);
  } catch (error) {
    await cleanup.run().catch(() => undefined);
    throw error;
  }
}

async function open(brokerUrl: string | undefined, serverAdminUrl: string, cleanup: CleanupStack): Promise<EventPipeline> {
  const suffix = randomBytes(4).toString('hex');
  const type = `erp.bench.e${suffix}.written.v1`;
  const queue = `bench-${suffix}`;
  if (brokerUrl) {
    // The exchange is shared with a running system; it is removed afterwards only if this run created it.
    const exchangeWasThere = await exchangeExists(brokerUrl, EVENTS_EXCHANGE);
    cleanup.push(() => deleteSubscriptionQueues(brokerUrl, queue, exchangeWasThere ? undefined : EVENTS_EXCHANGE));
  }
  const database = await createTestDatabase(serverAdminUrl);
  cleanup.push(() => database.drop());
  const producer = await connectServiceDb({ adminUrl: database.adminUrl, service: 'bench_producer' });
  cleanup.push(() => producer.close());
  const consumerDb = await connectServiceDb({ adminUrl: database.adminUrl, service: 'bench_consumer' });
  cleanup.push(() => consumerDb.close());
  const transports = await Promise.all(
    ['producer', 'consumer'].map(async () => {
      const transport = await createEventTransport({ amqpUrl: brokerUrl, databaseUrl: database.adminUrl, logger: stderrLogger });
      cleanup.push(() => transport.close());
      return transport;
    }),
  );
  const [producerTransport, consumerTransport] = transports as [EventTransport, EventTransport];
  let log = createDeliveryLog();

  const consumer = createEventConsumer({
    db: consumerDb.kysely,
    consumer: queue,
    transport: countingDeliveries(consumerTransport, (id) => log.recordDelivery(id)),
    handlers: {
      [type]: async (event) => log.recordHandled(event.id, writtenAtMsOf(event), performance.now()),
    },
  });
  await consumer.start();
  const relay = createOutboxRelay({ db: producer.kysely, pool: producer.pool, transport: producerTransport, logger: stderrLogger });
  relay.start();
  cleanup.push(() => relay.stop());

  return {
    startRound() {
      log = createDeliveryLog();
      return log;
    },
    async write(count) {
      const written = await producer.kysely.transaction().execute(async (trx) => {
        const rows: [string, number][] = [];
        for (let i = 0; i < count; i += 1) {
          const writtenAtMs = performance.now();
          rows.push([await writeEvent(trx, { type, data: { writtenAtMs } }, { source: SOURCE }), writtenAtMs]);
        }
        return rows;
      });
      for (const [id, atMs] of written) log.recordWrite(id, atMs);
    },
    async drain(timeoutMs) {
      const deadline = performance.now() + timeoutMs;
      while (!log.complete()) {
        if (performance.now() > deadline) return false;
        await sleep(20);
      }
      return true;
    },
    close: () => cleanup.run(),
  };
}

/** Passes every delivery through to the consumer, counting it first, so redeliveries the inbox skips are seen too. */
function countingDeliveries(transport: EventTransport, onDelivery: (id: string) => void): Pick<EventTransport, 'subscribe'> {
  return {
    subscribe: (subscription) =>
      transport.subscribe({
        ...subscription,
        handler: async (event: CloudEvent) => {
          onDelivery(event.id);
          await subscription.handler(event);
        },
      }),
  };
}

function writtenAtMsOf(event: CloudEvent): number {
  const writtenAtMs = (event.data as { writtenAtMs?: unknown } | null)?.writtenAtMs;
  if (typeof writtenAtMs !== 'number') throw new TypeError(`Event ${event.id} carries no writtenAtMs`);
  return writtenAtMs;
}
