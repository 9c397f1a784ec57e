import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  connectServiceDb,
  createPgBossTransport,
  createRabbitTransport,
  DEFAULT_RETRY_POLICY,
  type EventLogger,
  type EventTransport,
  rabbitQueueNames,
} from '@erp/kit';
import { createTestDatabase, createTestTokens } from '@erp/kit/testing';
import { connect } from 'amqplib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { FinanceDb } from '../../src/db/schema.js';
import { type Client, clientFor, FINANCE, migrationsFolder, readyTenant, type TestFinance } from '../helpers.js';
import { countRows } from '../sql.js';
import { cloudEvent, creditNoteData, entriesWithRef, invoiceData, TYPES } from './documents.js';

const amqpUrl = inject('amqpUrl');
const BROKERS = amqpUrl ? (['pg-boss', 'rabbitmq'] as const) : (['pg-boss'] as const);
const silent: EventLogger = { info: () => {}, warn: () => {}, error: () => {} };

/** Waits until `probe` returns something truthy, for at most `timeoutMs`. */
async function eventually<T>(probe: () => Promise<T>, timeoutMs = 15_000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value || performance.now() > deadline) return value;
    await sleep(100);
  }
}

describe.each(BROKERS)('booking core events delivered through %s', (broker) => {
  const exchange = `erp.events.test-${randomBytes(4).toString('hex')}`;
  // A queue of its own, so that no other finance consumer on this broker competes for these events.
  const queue = `finance-test-${randomBytes(4).toString('hex')}`;
  let finance: TestFinance;
  let transports: EventTransport[] = [];
  let client: Client;

  beforeAll(async () => {
    const database = await createTestDatabase(inject('adminUrl'));
    const connectTransport = () =>
      broker === 'rabbitmq'
        ? createRabbitTransport({ url: amqpUrl, exchange, logger: silent, retry: DEFAULT_RETRY_POLICY })
        : createPgBossTransport({ url: database.adminUrl, logger: silent, pollingIntervalSeconds: 0.5 });
    transports = [await connectTransport(), await connectTransport()];
    const [publisher, consumer] = transports as [EventTransport, EventTransport];
    const events = { subscribe: (subscription: Parameters<EventTransport['subscribe']>[0]) => consumer.subscribe({ ...subscription, queue }) };
    const db = await connectServiceDb<FinanceDb>({ adminUrl: database.adminUrl, service: 'finance', migrationsFolder });
    const tokens = await createTestTokens();
    const app = await buildApp({ config: loadConfig({ DATABASE_URL: database.adminUrl, LOG_LEVEL: 'silent' }), db, verifier: tokens.verifier, events });
    finance = { app, db, database, tokens, close: async () => {} };
    client = await readyTenant(finance);
    expect(publisher.kind).toBe(broker === 'rabbitmq' ? 'rabbitmq' : 'pg-boss');
  });
  afterAll(async () => {
    await Promise.all(transports.map((transport) => transport.close()));
    await finance.app.close();
    await finance.database.drop();
    if (broker === 'rabbitmq') {
      const connection = await connect(amqpUrl);
      const channel = await connection.createChannel();
      const names = rabbitQueueNames(queue, DEFAULT_RETRY_POLICY);
      for (const name of [names.queue, names.deadLetter, ...names.retry.values()]) await channel.deleteQueue(name);
      await channel.deleteExchange(exchange);
      await connection.close();
    }
  });

  const publish = (event: Parameters<EventTransport['publish']>[0]) => (transports[0] as EventTransport).publish(event);

  it('should post an invoice and its credit note once, however often the broker delivers them', async () => {
    const invoice = invoiceData();
    const creditNote = creditNoteData(invoice);
    const invoiceEvent = cloudEvent(TYPES.orderInvoiced, client.tenantId, invoice);

    // 1. The credit note overtakes its invoice, and the invoice is published twice.
    await publish(cloudEvent(TYPES.creditNoteIssued, client.tenantId, creditNote));
    await publish(invoiceEvent);
    await publish(invoiceEvent);
    const credited = await eventually(async () => (await entriesWithRef(client, creditNote.credit_note_number)).length === 1);
    // 2. A last event behind them all shows that every earlier delivery has been handled.
    const marker = invoiceData();
    await publish(cloudEvent(TYPES.orderInvoiced, client.tenantId, marker));
    await eventually(async () => (await entriesWithRef(client, marker.invoice_number)).length === 1);
    await sleep(300);

    expect(credited).toBe(true);
    expect(await entriesWithRef(client, invoice.invoice_number)).toHaveLength(1);
    expect(await countRows(finance, 'journal_entry', client.tenantId)).toBe(3);
    const item = (await client.get(`${FINANCE}/open-items?limit=10`))
      .json()
      .items.find((candidate: { document_id: string }) => candidate.document_id === invoice.invoice_id);
    expect(item).toMatchObject({ open_amount: '151.92' });
  });

  it('should park an event of a tenant that cannot book it, and keep it for the retry', async () => {
    const unprepared = await clientFor(finance);
    const invoice = invoiceData();

    await publish(cloudEvent(TYPES.orderInvoiced, unprepared.tenantId, invoice, { id: randomUUID() }));
    const parked = await eventually(async () => (await unprepared.get(`${FINANCE}/parked-events`)).json().items[0]);

    expect(parked).toMatchObject({ document_id: invoice.invoice_id, reason: { code: 'FIN_NOT_SET_UP' } });
    expect(await countRows(finance, 'journal_entry', unprepared.tenantId)).toBe(0);
  });
});
