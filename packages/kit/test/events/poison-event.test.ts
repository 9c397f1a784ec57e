import { createEventConsumer, createOutboxRelay } from '@erp/kit';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
import { BROKER_KINDS, brokerAvailable, createTestBroker, TEST_RETRY, type TestBroker } from './helpers/test-broker.js';

let database: EventDatabase;

beforeAll(async () => {
  database = await createEventDatabase();
});
afterAll(async () => {
  await database.close();
});

async function inboxHas(consumer: string, eventId: string): Promise<boolean> {
  const { rows } = await sql`select 1 from inbox where consumer = ${consumer} and event_id = ${eventId}`.execute(database.db.kysely);
  return rows.length === 1;
}

describe.each(BROKER_KINDS)('a poison event over %s', (kind) => {
  let broker: TestBroker;

  beforeAll(() => {
    broker = createTestBroker(kind, database.adminUrl);
  });
  afterAll(async () => {
    if (brokerAvailable(kind)) await broker.close();
  });

  it.runIf(brokerAvailable(kind))('should end in the dead-letter queue after the bounded attempts without blocking later events', async () => {
    const transport = await broker.connect();
    const [poisonType, laterType] = [uniqueEventType(), uniqueEventType()];
    const consumer = uniqueName('poison');
    const attempts: string[] = [];
    const alwaysFails = async (event: { id: string }) => {
      attempts.push(event.id);
      throw new Error('cannot apply this event');
    };
    await createEventConsumer({ db: database.db.kysely, consumer, transport, handlers: { [poisonType]: alwaysFails, [laterType]: countEffect } }).start();
    const poison = await writeCommitted(database.db.kysely, poisonType);
    const later = await writeCommitted(database.db.kysely, laterType);

    await createOutboxRelay({ db: database.db.kysely, transport, logger: silentLogger }).flush();
    await waitFor('the later event applied', async () => (await appliedCounts(database.db.kysely)).get(later) === 1);
    await waitFor('the poison event dead-lettered', async () => (await broker.deadLetters(consumer)).length === 1);

    expect(attempts).toEqual(Array.from({ length: TEST_RETRY.attempts }, () => poison));
    const [letter] = await broker.deadLetters(consumer);
    expect(letter?.body.id).toBe(poison);
    expect(letter?.error).toContain('cannot apply this event');
    expect(await inboxHas(consumer, poison)).toBe(false);
  });

  it.runIf(brokerAvailable(kind))('should dead-letter a message that is not a CloudEvent at once, without calling the handler', async () => {
    const transport = await broker.connect();
    const type = uniqueEventType();
    const consumer = uniqueName('garbage');
    const handled: string[] = [];
    await createEventConsumer({ db: database.db.kysely, consumer, transport, handlers: { [type]: async (event) => void handled.push(event.id) } }).start();

    await broker.publishRaw(type, { hello: 'not a cloud event' });
    await waitFor('the message dead-lettered', async () => (await broker.deadLetters(consumer)).length === 1);

    const [letter] = await broker.deadLetters(consumer);
    expect(letter?.body).toEqual({ hello: 'not a cloud event' });
    expect(letter?.error).toContain('Not a valid CloudEvent');
    expect(handled).toEqual([]);
  });
});
