import type { CloudEvent } from '@erp/contracts';
import { createEventConsumer, createOutboxRelay, type EventTransport, writeEvent } from '@erp/kit';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appliedCounts,
  countEffect,
  createEventDatabase,
  type EventDatabase,
  killSessions,
  SOURCE,
  silentLogger,
  uniqueEventType,
  uniqueName,
  waitFor,
  writeCommitted,
} from './helpers/event-database.js';
import { BROKER_KINDS, brokerAvailable, createTestBroker, type TestBroker } from './helpers/test-broker.js';

let database: EventDatabase;

beforeAll(async () => {
  database = await createEventDatabase();
});
afterAll(async () => {
  await database.close();
});

/** Passes deliveries through to the real handler and keeps the id of each, duplicates included. */
function recordingDeliveries(transport: EventTransport, delivered: string[]): EventTransport {
  return {
    ...transport,
    kind: transport.kind,
    subscribe: (subscription) =>
      transport.subscribe({
        ...subscription,
        handler: async (event: CloudEvent) => {
          delivered.push(event.id);
          await subscription.handler(event);
        },
      }),
  };
}

async function isPublished(id: string): Promise<boolean> {
  const { rows } = await sql<{ published: boolean }>`select published_at is not null as published from outbox where id = ${id}`.execute(database.db.kysely);
  return rows[0]?.published === true;
}

describe.each(BROKER_KINDS)('outbox delivery over %s', (kind) => {
  let broker: TestBroker;

  beforeAll(() => {
    broker = createTestBroker(kind, database.adminUrl);
  });
  afterAll(async () => {
    if (brokerAvailable(kind)) await broker.close();
  });

  it.runIf(brokerAvailable(kind))('should never publish an event written in a transaction that rolled back', async () => {
    const transport = await broker.connect();
    const type = uniqueEventType();
    const delivered: string[] = [];
    await transport.subscribe({ queue: uniqueName('rollback'), types: [type], handler: async (event) => void delivered.push(event.id) });
    let rolledBack = '';
    await database.db.kysely
      .transaction()
      .execute(async (trx) => {
        rolledBack = await writeEvent(trx, { type, data: { n: 1 } }, { source: SOURCE });
        throw new Error('business rule failed');
      })
      .catch(() => undefined);
    const committed = await writeCommitted(database.db.kysely, type);

    await createOutboxRelay({ db: database.db.kysely, transport, logger: silentLogger }).flush();
    await waitFor('the committed event', async () => delivered.includes(committed));

    expect(delivered).toEqual([committed]);
    const { rows } = await sql<{ id: string }>`select id from outbox where id = ${rolledBack}`.execute(database.db.kysely);
    expect(rows).toEqual([]);
  });

  it.runIf(brokerAvailable(kind))('should apply an event exactly once when the relay dies between publish and mark', async () => {
    const transport = await broker.connect();
    const type = uniqueEventType();
    const delivered: string[] = [];
    const consumer = createEventConsumer({
      db: database.db.kysely,
      consumer: uniqueName('dies'),
      transport: recordingDeliveries(transport, delivered),
      handlers: { [type]: countEffect },
    });
    await consumer.start();
    const id = await writeCommitted(database.db.kysely, type);
    const tag = uniqueName('relay-under-test');
    const dyingPublish = async (event: CloudEvent) => {
      await transport.publish(event);
      await killSessions(database.adminUrl, tag);
    };

    // 1. The relay publishes the event, then its database session dies before the row is marked.
    await expect(createOutboxRelay({ db: database.connectTagged(tag), transport: { publish: dyingPublish }, logger: silentLogger }).flush()).rejects.toThrow();
    expect(await isPublished(id)).toBe(false);
    // 2. A restarted relay finds the row still unpublished and publishes it again.
    await createOutboxRelay({ db: database.db.kysely, transport, logger: silentLogger }).flush();
    // 3. The consumer receives both copies.
    await waitFor('the second delivery', async () => delivered.filter((deliveredId) => deliveredId === id).length === 2);

    expect(await isPublished(id)).toBe(true);
    expect((await appliedCounts(database.db.kysely)).get(id)).toBe(1);
  });

  it.runIf(brokerAvailable(kind))('should deliver an event to every subscribed queue', async () => {
    const transport = await broker.connect();
    const type = uniqueEventType();
    const received = new Map<string, string[]>();
    for (const queue of [uniqueName('fan-a'), uniqueName('fan-b')]) {
      received.set(queue, []);
      await transport.subscribe({ queue, types: [type], handler: async (event) => void received.get(queue)?.push(event.id) });
    }
    const id = await writeCommitted(database.db.kysely, type);

    await createOutboxRelay({ db: database.db.kysely, transport, logger: silentLogger }).flush();
    await waitFor('both queues', async () => [...received.values()].every((ids) => ids.length === 1));

    expect([...received.values()]).toEqual([[id], [id]]);
  });
});
