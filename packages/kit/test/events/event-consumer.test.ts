import { randomUUID } from 'node:crypto';
import type { CloudEvent } from '@erp/contracts';
import { createEventConsumer, type EventHandler, InvalidCloudEventError } from '@erp/kit';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appliedCounts, countEffect, createEventDatabase, type EventDatabase, uniqueName } from './helpers/event-database.js';

const TYPE = 'erp.test.widget.created.v1';
const TENANT = '7d0f0b5e-8d7e-4c1a-9a59-2f3c1f4a9b10';
const noTransport = { subscribe: async () => {} };

let database: EventDatabase;

beforeAll(async () => {
  database = await createEventDatabase();
});
afterAll(async () => {
  await database.close();
});

function cloudEvent(overrides: Partial<CloudEvent> = {}): CloudEvent {
  return {
    specversion: '1.0',
    id: randomUUID(),
    source: '/erp/test',
    type: TYPE,
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    data: {},
    ...overrides,
  };
}

function consumerWith(handler: EventHandler<unknown>, consumer = uniqueName('consumer')) {
  return createEventConsumer({ db: database.db.kysely, consumer, transport: noTransport, handlers: { [TYPE]: handler } });
}

async function inboxCount(eventId: string): Promise<number> {
  const { rows } = await sql<{ count: string }>`select count(*) as count from inbox where event_id = ${eventId}`.execute(database.db.kysely);
  return Number(rows[0]?.count);
}

describe('createEventConsumer', () => {
  it('should apply an event once when it is delivered twice', async () => {
    const consumer = consumerWith(countEffect);
    const event = cloudEvent();

    const outcomes = [await consumer.handle(event), await consumer.handle(event)];

    expect(outcomes).toEqual(['handled', 'duplicate']);
    expect((await appliedCounts(database.db.kysely)).get(event.id)).toBe(1);
  });

  it('should roll back the inbox record with the handler, so the next delivery applies the event', async () => {
    let failNext = true;
    const consumer = consumerWith(async (event, trx) => {
      await countEffect(event, trx);
      if (failNext) {
        failNext = false;
        throw new Error('lock timeout');
      }
    });
    const event = cloudEvent();

    await expect(consumer.handle(event)).rejects.toThrow('lock timeout');
    const afterFailure = await inboxCount(event.id);
    const outcome = await consumer.handle(event);

    expect(afterFailure).toBe(0);
    expect(outcome).toBe('handled');
    expect((await appliedCounts(database.db.kysely)).get(event.id)).toBe(1);
  });

  it('should apply concurrent deliveries of one event once', async () => {
    const consumer = consumerWith(countEffect);
    const event = cloudEvent();

    const outcomes = await Promise.all(Array.from({ length: 5 }, () => consumer.handle(event)));

    expect(outcomes.filter((outcome) => outcome === 'handled')).toHaveLength(1);
    expect((await appliedCounts(database.db.kysely)).get(event.id)).toBe(1);
  });

  it('should keep the inboxes of two consumers apart', async () => {
    const event = cloudEvent();
    const seen: string[] = [];
    const record: EventHandler<unknown> = async (delivered) => void seen.push(delivered.id);

    const outcomes = [await consumerWith(record).handle(event), await consumerWith(record).handle(event)];

    expect(outcomes).toEqual(['handled', 'handled']);
    expect(seen).toEqual([event.id, event.id]);
  });

  it("should run the handler under the event's tenant", async () => {
    let tenantSeen: string | undefined;
    const consumer = consumerWith(async (_event, trx) => {
      const { rows } = await sql<{ tenant: string }>`select current_setting('app.tenant_id', true) as tenant`.execute(trx);
      tenantSeen = rows[0]?.tenant;
    });

    await consumer.handle(cloudEvent({ tenantid: TENANT }));

    expect(tenantSeen).toBe(TENANT);
  });

  it('should refuse an event whose tenantid is not a UUID as invalid, so it is dead-lettered at once', async () => {
    const consumer = consumerWith(countEffect);
    const event = cloudEvent({ tenantid: 'acme' });

    await expect(consumer.handle(event)).rejects.toBeInstanceOf(InvalidCloudEventError);
    expect(await inboxCount(event.id)).toBe(0);
  });

  it('should ignore an event type it has no handler for', async () => {
    const consumer = consumerWith(countEffect);
    const event = cloudEvent({ type: 'erp.test.gadget.created.v1' });

    const outcome = await consumer.handle(event);

    expect(outcome).toBe('ignored');
    expect(await inboxCount(event.id)).toBe(0);
  });

  it('should subscribe its queue to exactly the types it handles', async () => {
    const subscriptions: { queue: string; types: readonly string[] }[] = [];
    const transport = { subscribe: async (subscription: { queue: string; types: readonly string[] }) => void subscriptions.push(subscription) };
    const handlers = { [TYPE]: countEffect, 'erp.test.gadget.created.v1': countEffect };

    await createEventConsumer({ db: database.db.kysely, consumer: 'reporting', transport, handlers }).start();

    expect(subscriptions).toMatchObject([{ queue: 'reporting', types: [TYPE, 'erp.test.gadget.created.v1'] }]);
  });

  it.each([
    ['a malformed event type', { consumer: 'reporting', handlers: { 'order.invoiced': countEffect } }, /does not match/],
    ['a malformed consumer name', { consumer: 'Reporting Service', handlers: { [TYPE]: countEffect } }, /must start with a letter/],
    ['no handler at all', { consumer: 'reporting', handlers: {} }, /has no handlers/],
  ])('should refuse %s', (_case, options, message) => {
    expect(() => createEventConsumer({ db: database.db.kysely, transport: noTransport, ...options })).toThrow(message);
  });
});
