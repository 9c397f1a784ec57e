import { CloudEvent } from '@erp/contracts';
import { createOutboxRelay, writeEvent, writeEvents } from '@erp/kit';
import { sql } from 'kysely';
import { Value } from 'typebox/value';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEventDatabase, type EventDatabase, SOURCE, silentLogger } from './helpers/event-database.js';
import { recordingTransport } from './helpers/recording-transport.js';

const TYPE = 'erp.test.widget.created.v1';
const TENANT = '7d0f0b5e-8d7e-4c1a-9a59-2f3c1f4a9b10';
const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

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

async function outboxIds(): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`select id from outbox order by seq`.execute(database.db.kysely);
  return rows.map((row) => row.id);
}

describe('writeEvents', () => {
  it('should write every event in one go, return their ids in order, and keep them in that order in the outbox', async () => {
    const ids = await database.db.kysely.transaction().execute((trx) =>
      writeEvents(
        trx,
        [
          { type: TYPE, subject: 'widget-a', tenantId: TENANT, data: { size: 1 } },
          { type: TYPE, subject: 'widget-b', data: { size: 2 } },
          { type: TYPE, subject: 'widget-c', traceparent: TRACEPARENT, data: null },
        ],
        { source: SOURCE },
      ),
    );

    const { rows } = await sql<{ id: string; subject: string; tenant_id: string | null; data: unknown }>`
      select id, subject, tenant_id, data from outbox order by seq`.execute(database.db.kysely);
    expect(ids).toHaveLength(3);
    expect(rows).toEqual([
      { id: ids[0], subject: 'widget-a', tenant_id: TENANT, data: { size: 1 } },
      { id: ids[1], subject: 'widget-b', tenant_id: null, data: { size: 2 } },
      { id: ids[2], subject: 'widget-c', tenant_id: null, data: null },
    ]);
  });

  it('should write nothing for an empty list, and nothing at all when one event of the list is malformed', async () => {
    const empty = await database.db.kysely.transaction().execute((trx) => writeEvents(trx, [], { source: SOURCE }));
    const attempt = database.db.kysely.transaction().execute((trx) =>
      writeEvents(
        trx,
        [
          { type: TYPE, data: {} },
          { type: TYPE, tenantId: 'acme', data: {} },
        ],
        { source: SOURCE },
      ),
    );

    await expect(attempt).rejects.toThrow(/not a UUID/);
    expect(empty).toEqual([]);
    expect(await outboxIds()).toEqual([]);
  });
});

describe('writeEvent', () => {
  it('should add an unpublished outbox row when the transaction commits', async () => {
    const id = await database.db.kysely
      .transaction()
      .execute((trx) => writeEvent(trx, { type: TYPE, subject: 'widget-1', data: { size: 3 } }, { source: SOURCE }));

    const { rows } = await sql`select type, source, subject, data, published_at, attempts from outbox where id = ${id}`.execute(database.db.kysely);
    expect(rows).toEqual([{ type: TYPE, source: SOURCE, subject: 'widget-1', data: { size: 3 }, published_at: null, attempts: 0 }]);
  });

  it('should leave no row when the transaction rolls back', async () => {
    const attempt = database.db.kysely.transaction().execute(async (trx) => {
      await writeEvent(trx, { type: TYPE, data: {} }, { source: SOURCE });
      throw new Error('the business change failed');
    });

    await expect(attempt).rejects.toThrow('the business change failed');
    expect(await outboxIds()).toEqual([]);
  });

  it.each([
    ['a type outside the naming scheme', { type: 'widget.created', data: {} }, /does not match erp\.<service>/],
    ['a type without version', { type: 'erp.test.widget.created', data: {} }, /does not match/],
    ['a tenant id that is not a UUID', { type: TYPE, tenantId: 'acme', data: {} }, /not a UUID/],
    ['a malformed traceparent', { type: TYPE, traceparent: 'abc', data: {} }, /not a W3C traceparent/],
    ['missing data', { type: TYPE, data: undefined }, /has no data/],
  ])('should refuse %s and write nothing', async (_case, event, message) => {
    const attempt = database.db.kysely.transaction().execute((trx) => writeEvent(trx, event, { source: SOURCE }));

    await expect(attempt).rejects.toThrow(message);
    expect(await outboxIds()).toEqual([]);
  });

  it('should be published as a CloudEvents 1.0 envelope with the tenantid and traceparent extensions', async () => {
    const transport = recordingTransport();
    const id = await database.db.kysely
      .transaction()
      .execute((trx) =>
        writeEvent(trx, { type: TYPE, subject: 'widget-2', tenantId: TENANT, traceparent: TRACEPARENT, data: { size: 5 } }, { source: SOURCE }),
      );

    await createOutboxRelay({ db: database.db.kysely, transport, logger: silentLogger }).flush();

    const [event] = transport.published;
    expect([...Value.Errors(CloudEvent, event)]).toEqual([]);
    expect(event).toMatchObject({
      specversion: '1.0',
      id,
      source: SOURCE,
      type: TYPE,
      subject: 'widget-2',
      tenantid: TENANT,
      traceparent: TRACEPARENT,
      data: { size: 5 },
    });
  });
});
