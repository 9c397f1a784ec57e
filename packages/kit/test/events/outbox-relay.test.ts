import { setTimeout as sleep } from 'node:timers/promises';
import type { CloudEvent } from '@erp/contracts';
import { createOutboxRelay, writeEvent } from '@erp/kit';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import {
  createEventDatabase,
  type EventDatabase,
  killSessions,
  SOURCE,
  silentLogger,
  uniqueName,
  unpublishedCount,
  waitFor,
  writeCommitted,
} from './helpers/event-database.js';
import { recordingTransport } from './helpers/recording-transport.js';

const TYPE = 'erp.test.widget.created.v1';

let database: EventDatabase;

beforeAll(async () => {
  database = await createEventDatabase();
});
afterAll(async () => {
  await database.close();
});
beforeEach(async () => {
  await sql`delete from outbox`.execute(database.db.kysely);
});

function writeMany(count: number): Promise<string[]> {
  return database.db.kysely.transaction().execute(async (trx) => {
    const ids: string[] = [];
    for (let n = 0; n < count; n += 1) ids.push(await writeEvent(trx, { type: TYPE, data: { n } }, { source: SOURCE }));
    return ids;
  });
}

describe('createOutboxRelay', () => {
  it('should publish rows in the order they were written and mark them published', async () => {
    const ids = await writeMany(5);
    const transport = recordingTransport();

    const published = await createOutboxRelay({ db: database.db.kysely, transport, logger: silentLogger, batchSize: 2 }).flush();

    expect(published).toBe(5);
    expect(transport.published.map((event) => event.id)).toEqual(ids);
    expect(await unpublishedCount(database.db.kysely)).toBe(0);
  });

  it('should hold back a row whose publish failed and publish the rows behind it', async () => {
    const [failing, ...others] = await writeMany(3);
    const transport = recordingTransport({ failFor: (event) => event.id === failing });
    const relay = createOutboxRelay({
      db: database.db.kysely,
      transport,
      logger: silentLogger,
      publishRetry: { retryDelayMs: 60_000, retryDelayMsMax: 60_000 },
    });

    const first = await relay.relayBatch();
    const second = await relay.relayBatch();

    // The rows behind the failed one go out in the same batch; the failed one waits for its backoff.
    expect(first).toEqual({ published: 2, failed: 1, full: false });
    expect(second).toEqual({ published: 0, failed: 0, full: false });
    expect(transport.published.map((event) => event.id)).toEqual(others);
    const { rows } = await sql`select published_at, attempts, last_error from outbox where id = ${failing}`.execute(database.db.kysely);
    expect(rows).toEqual([{ published_at: null, attempts: 1, last_error: `broker refused ${failing}` }]);
  });

  it('should publish each row once when two relays run side by side', async () => {
    const ids = await writeMany(120);
    const transport = recordingTransport({ delayMs: 1 });
    const relay = () => createOutboxRelay({ db: database.db.kysely, transport, logger: silentLogger, batchSize: 10 });

    const counts = await Promise.all([relay().flush(), relay().flush(), relay().flush()]);

    expect(counts.reduce((sum, count) => sum + count, 0)).toBe(120);
    expect(transport.published.map((event) => event.id).sort()).toEqual([...ids].sort());
  });

  it('should wake up when a row commits instead of waiting for its poll interval', async () => {
    const transport = recordingTransport();
    const relay = createOutboxRelay({ db: database.db.kysely, pool: database.db.pool, transport, logger: silentLogger, pollIntervalMs: 60_000 });
    relay.start();
    onTestFinished(() => relay.stop());
    const listening = sql`select 1 from pg_stat_activity where datname = current_database() and query ilike 'listen%'`;
    await waitFor('the relay to listen', async () => (await listening.execute(database.db.kysely)).rows.length > 0);
    // Let the relay finish the batch it runs right after LISTEN, so only the notification can wake it now.
    await sleep(200);

    const id = await writeCommitted(database.db.kysely, TYPE);

    await waitFor('the event to be published', async () => transport.published.some((event) => event.id === id), 5_000);
  });

  it('should keep running after a batch failed, and publish the unmarked row again', async () => {
    const tag = uniqueName('relay-loop');
    const transport = recordingTransport();
    let killed = false;
    const killingOnce = {
      async publish(event: CloudEvent) {
        await transport.publish(event);
        if (!killed) killed = (await killSessions(database.adminUrl, tag)) > 0;
      },
    };
    const relay = createOutboxRelay({ db: database.connectTagged(tag), transport: killingOnce, logger: silentLogger, pollIntervalMs: 50 });
    relay.start();
    onTestFinished(() => relay.stop());

    const id = await writeCommitted(database.db.kysely, TYPE);

    await waitFor('the row to be marked published', async () => (await unpublishedCount(database.db.kysely)) === 0, 5_000);
    expect(transport.published.map((event) => event.id)).toEqual([id, id]);
  });

  it('should delete rows published longer ago than the retention, and only those', async () => {
    const [old, recent, unpublished] = await writeMany(3);
    await sql`update outbox set published_at = now() - interval '2 days' where id = ${old}`.execute(database.db.kysely);
    await sql`update outbox set published_at = now() - interval '1 hour' where id = ${recent}`.execute(database.db.kysely);

    const deleted = await createOutboxRelay({ db: database.db.kysely, transport: recordingTransport(), logger: silentLogger, retentionMs: 86_400_000 }).prune();

    const { rows } = await sql<{ id: string }>`select id from outbox order by seq`.execute(database.db.kysely);
    expect(deleted).toBe(1);
    expect(rows.map((row) => row.id)).toEqual([recent, unpublished]);
  });
});
