import { setTimeout as sleep } from 'node:timers/promises';
import { createEventConsumer, createOutboxRelay } from '@erp/kit';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import {
  appliedCounts,
  countEffect,
  createEventDatabase,
  type EventDatabase,
  silentLogger,
  uniqueEventType,
  uniqueName,
  waitFor,
  writeCommitted,
} from './helpers/event-database.js';
import { startTcpProxy } from './helpers/tcp-proxy.js';
import { BROKER_KINDS, brokerAvailable, createTestBroker, type TestBroker } from './helpers/test-broker.js';

let database: EventDatabase;

beforeAll(async () => {
  database = await createEventDatabase();
});
afterAll(async () => {
  await database.close();
});

function writeEvents(type: string, count: number): Promise<string[]> {
  return Promise.all(Array.from({ length: count }, (_, n) => writeCommitted(database.db.kysely, type, { n })));
}

async function appliedOf(ids: readonly string[]): Promise<number> {
  const counts = await appliedCounts(database.db.kysely);
  return ids.filter((id) => counts.has(id)).length;
}

async function unpublished(ids: readonly string[]): Promise<number> {
  const { rows } = await sql<{ count: string }>`select count(*) as count from outbox where published_at is null and id = any(${ids}::uuid[])`.execute(
    database.db.kysely,
  );
  return Number(rows[0]?.count);
}

describe.each(BROKER_KINDS)('outbox delivery over %s when the broker connection is cut', (kind) => {
  let broker: TestBroker;

  beforeAll(() => {
    broker = createTestBroker(kind, database.adminUrl);
  });
  afterAll(async () => {
    if (brokerAvailable(kind)) await broker.close();
  });

  it.runIf(brokerAvailable(kind))(
    'should deliver every event exactly once, including those written during the cut',
    async () => {
      const proxy = await startTcpProxy(broker.url);
      onTestFinished(() => proxy.close());
      const transport = await broker.connect({ via: proxy });
      const type = uniqueEventType();
      await createEventConsumer({ db: database.db.kysely, consumer: uniqueName('cut'), transport, handlers: { [type]: countEffect } }).start();
      const relay = createOutboxRelay({
        db: database.db.kysely,
        pool: database.db.pool,
        transport,
        logger: silentLogger,
        pollIntervalMs: 100,
        publishRetry: { retryDelayMs: 50, retryDelayMsMax: 200 },
      });
      relay.start();
      onTestFinished(() => relay.stop());

      // 1. A burst of events is on its way when the connection is cut: some are applied, some published
      //    but not yet confirmed or acknowledged.
      const beforeCut = await writeEvents(type, 30);
      await waitFor('the first applied events', async () => (await appliedOf(beforeCut)) >= 3);
      await proxy.cut();
      // 2. Events written while the broker is unreachable stay in the outbox.
      const duringCut = await writeEvents(type, 10);
      await sleep(1_000);
      expect(await unpublished(duringCut)).toBe(10);
      // 3. The connection comes back; the relay and the consumer carry on by themselves.
      await proxy.restore();
      const all = [...beforeCut, ...duringCut];
      await waitFor('every event applied and marked published', async () => (await appliedOf(all)) === all.length && (await unpublished(all)) === 0, 45_000);

      const counts = await appliedCounts(database.db.kysely);
      expect(all.map((id) => counts.get(id))).toEqual(all.map(() => 1));
      expect(await unpublished(all)).toBe(0);
    },
    60_000,
  );
});
