import { randomUUID } from 'node:crypto';
import { InvalidCloudEventError } from '@erp/kit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildTestApp, type Client, clientFor, FINANCE, readyTenant, type TestFinance } from '../helpers.js';
import { countRows } from '../sql.js';
import {
  cloudEvent,
  consumerOf,
  creditNoteData,
  entriesWithRef,
  invoiceData,
  purchaseLine,
  simpleInvoiceData,
  supplierInvoiceData,
  TYPES,
} from './documents.js';

let finance: TestFinance;
let consumer: ReturnType<typeof consumerOf>;

beforeAll(async () => {
  finance = await buildTestApp(inject('adminUrl'));
  consumer = consumerOf(finance);
});
afterAll(() => finance.close());

async function parkedOf(client: Client, documentId: string) {
  const items = (await client.get(`${FINANCE}/parked-events?limit=500`)).json().items;
  return items.find((item: { document_id: string | null }) => item.document_id === documentId);
}

describe('parking events that cannot be posted', () => {
  it('should park an invoice of a tenant without a chart with its reason and the whole event, and post it on retry after the set-up', async () => {
    const client = await clientFor(finance);
    const invoice = invoiceData();
    const event = cloudEvent(TYPES.orderInvoiced, client.tenantId, invoice);

    // 1. The event arrives before the ledger is set up.
    await consumer.handle(event);
    const parked = await parkedOf(client, invoice.invoice_id);
    // 2. The cause is fixed, and the event retried.
    await client.post(`${FINANCE}/setup`, { chart: 'SKR03' });
    await client.post(`${FINANCE}/fiscal-years`, { year: 2026 });
    const retry = await client.post(`${FINANCE}/parked-events/${parked.id}/retry`);
    const again = await client.post(`${FINANCE}/parked-events/${parked.id}/retry`);
    const [entry] = await entriesWithRef(client, invoice.invoice_number);

    expect(parked).toMatchObject({ status: 'parked', event_id: event.id, event_type: TYPES.orderInvoiced, reason: { code: 'FIN_NOT_SET_UP' }, attempts: 1 });
    expect(parked.event).toEqual(event);
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toMatchObject({ status: 'retried', entry_id: entry.id, attempts: 2, resolved_by: client.userId });
    expect(entry.posted_by).toBe(client.userId);
    expect([again.statusCode, again.json().code]).toEqual([409, 'FIN_EVENT_NOT_PARKED']);
    expect(await entriesWithRef(client, invoice.invoice_number)).toHaveLength(1);
    expect((await client.get(`${FINANCE}/parked-events`)).json().items).toEqual([]);
    expect((await client.get(`${FINANCE}/parked-events?status=retried`)).json().items).toHaveLength(1);
  });

  it('should park an invoice dated outside every fiscal year', async () => {
    const client = await readyTenant(finance);
    const invoice = invoiceData({ invoice_date: '2025-12-30', due_date: '2026-01-29' });

    await consumer.handle(cloudEvent(TYPES.orderInvoiced, client.tenantId, invoice));

    expect((await parkedOf(client, invoice.invoice_id)).reason).toMatchObject({ code: 'FIN_NO_FISCAL_PERIOD' });
    expect(await countRows(finance, 'journal_entry', client.tenantId)).toBe(0);
    expect(await countRows(finance, 'open_item', client.tenantId)).toBe(0);
  });

  it('should keep an event parked while its period is closed, record each failed retry, and post it once the period is open', async () => {
    const client = await readyTenant(finance);
    await client.post(`${FINANCE}/fiscal-years/2026/periods/3/close`, {});
    const invoice = simpleInvoiceData('10.00', '1.90', '11.90');
    await consumer.handle(cloudEvent(TYPES.orderInvoiced, client.tenantId, invoice));
    const parked = await parkedOf(client, invoice.invoice_id);

    const stillClosed = await client.post(`${FINANCE}/parked-events/${parked.id}/retry`);
    const afterFailure = (await client.get(`${FINANCE}/parked-events/${parked.id}`)).json();
    await client.post(`${FINANCE}/fiscal-years/2026/periods/3/reopen`, { reason: 'Nachbuchung' });
    const retried = await client.post(`${FINANCE}/parked-events/${parked.id}/retry`);

    expect(parked.reason.code).toBe('FIN_PERIOD_CLOSED');
    expect(stillClosed.statusCode).toBe(409);
    expect(stillClosed.json()).toMatchObject({ code: 'FIN_EVENT_STILL_PARKED', detail: expect.stringContaining('2026-03 is closed') });
    expect(afterFailure).toMatchObject({ status: 'parked', attempts: 2, entry_id: null });
    expect(retried.json()).toMatchObject({ status: 'retried', attempts: 3 });
    expect(await entriesWithRef(client, invoice.invoice_number)).toHaveLength(1);
  });

  it('should park a supplier invoice naming an unknown expense account and post it once the account exists', async () => {
    const client = await readyTenant(finance);
    const invoice = supplierInvoiceData({
      lines: [purchaseLine('100.00', '19', { expense_account: '4712' })],
      totals: { net: '100.00', tax: [{ tax_category: 'S', rate: '19', base: '100.00', tax: '19.00' }], tax_total: '19.00', gross: '119.00' },
    });
    await consumer.handle(cloudEvent(TYPES.supplierInvoiceRecorded, client.tenantId, invoice));
    const parked = await parkedOf(client, invoice.supplier_invoice_id);

    await client.post(`${FINANCE}/accounts`, { number: '4712', name: 'Fachzeitschriften', type: 'expense' });
    const retried = await client.post(`${FINANCE}/parked-events/${parked.id}/retry`);

    expect(parked.reason).toMatchObject({ code: 'FIN_UNKNOWN_ACCOUNT', errors: [expect.objectContaining({ detail: 'Account 4712 does not exist.' })] });
    expect(retried.statusCode).toBe(200);
    expect((await client.get(`${FINANCE}/open-items?kind=payable`)).json().items).toHaveLength(1);
  });

  it('should park an event that breaks its contract, naming the fields, and one whose totals do not add up', async () => {
    const client = await readyTenant(finance);
    const broken = { ...invoiceData(), invoice_number: 42, totals: undefined };
    const inconsistent = invoiceData({ totals: { ...invoiceData().totals, gross: '211.43' } });

    await consumer.handle(cloudEvent(TYPES.orderInvoiced, client.tenantId, broken));
    await consumer.handle(cloudEvent(TYPES.orderInvoiced, client.tenantId, inconsistent));
    const items = (await client.get(`${FINANCE}/parked-events`)).json().items;

    expect(items).toHaveLength(2);
    expect(items[0]).toMatchObject({ document_id: null, reason: { code: 'FIN_INVALID_EVENT' } });
    expect(items[0].reason.errors.map((error: { pointer: string }) => error.pointer)).toEqual(expect.arrayContaining(['/data/invoice_number']));
    expect(items[1].reason).toMatchObject({
      code: 'FIN_INVALID_EVENT',
      errors: [{ pointer: '/data/totals/gross', detail: 'Net plus tax is 211.42, not 211.43.' }],
    });
    expect(await countRows(finance, 'journal_entry', client.tenantId)).toBe(0);
  });

  it('should park a credit note that arrives before its invoice and post it as soon as the invoice is posted', async () => {
    const client = await readyTenant(finance);
    const invoice = invoiceData();
    const creditNote = creditNoteData(invoice);

    await consumer.handle(cloudEvent(TYPES.creditNoteIssued, client.tenantId, creditNote));
    const parked = await parkedOf(client, creditNote.credit_note_id);
    await consumer.handle(cloudEvent(TYPES.orderInvoiced, client.tenantId, invoice));
    const item = (await client.get(`${FINANCE}/open-items`)).json().items[0];

    expect(parked.reason.code).toBe('FIN_ORIGINAL_INVOICE_UNKNOWN');
    expect((await client.get(`${FINANCE}/parked-events/${parked.id}`)).json()).toMatchObject({ status: 'retried', resolved_by: 'system:events' });
    expect(await entriesWithRef(client, creditNote.credit_note_number)).toHaveLength(1);
    expect(item).toMatchObject({ document_id: invoice.invoice_id, open_amount: '151.92' });
  });

  it('should dead-letter an event without a tenant instead of parking it nowhere', async () => {
    const event = cloudEvent(TYPES.orderInvoiced, randomUUID(), invoiceData(), { tenantid: undefined });

    await expect(consumer.handle(event)).rejects.toBeInstanceOf(InvalidCloudEventError);
  });
});

describe('POST /api/v1/finance/parked-events/:id/retry', () => {
  it('should answer 409 for a duplicate that still cannot post, 404 for an unknown event and 400 for malformed input, writing nothing', async () => {
    const client = await readyTenant(finance);
    const invoice = simpleInvoiceData('10.00', '1.90', '11.90');
    await consumer.handle(cloudEvent(TYPES.orderInvoiced, client.tenantId, invoice));
    await consumer.handle(cloudEvent(TYPES.orderInvoiced, client.tenantId, invoice));
    const duplicate = await parkedOf(client, invoice.invoice_id);
    const entries = await countRows(finance, 'journal_entry', client.tenantId);

    const answers = await Promise.all([
      client.post(`${FINANCE}/parked-events/${duplicate.id}/retry`),
      client.post(`${FINANCE}/parked-events/${randomUUID()}/retry`),
      client.post(`${FINANCE}/parked-events/not-an-id/retry`),
      client.get(`${FINANCE}/parked-events?status=lost`),
      client.get(`${FINANCE}/parked-events?cursor=bm9wZQ`),
    ]);

    expect(answers.map((answer) => [answer.statusCode, answer.json().code])).toEqual([
      [409, 'FIN_EVENT_STILL_PARKED'],
      [404, 'FIN_PARKED_EVENT_NOT_FOUND'],
      [400, 'KIT_VALIDATION_FAILED'],
      [400, 'KIT_VALIDATION_FAILED'],
      [400, 'KIT_BAD_REQUEST'],
    ]);
    expect(answers.every((answer) => String(answer.headers['content-type']).startsWith('application/problem+json'))).toBe(true);
    expect(await countRows(finance, 'journal_entry', client.tenantId)).toBe(entries);
  });

  it("should not let another tenant see or retry a tenant's parked events", async () => {
    const owner = await clientFor(finance);
    const other = await readyTenant(finance);
    await consumer.handle(cloudEvent(TYPES.orderInvoiced, owner.tenantId, invoiceData()));
    const [parked] = (await owner.get(`${FINANCE}/parked-events`)).json().items;

    const answers = [await other.get(`${FINANCE}/parked-events/${parked.id}`), await other.post(`${FINANCE}/parked-events/${parked.id}/retry`)];

    expect(answers.map((answer) => answer.statusCode)).toEqual([404, 404]);
    expect((await other.get(`${FINANCE}/parked-events`)).json().items).toEqual([]);
    expect((await owner.get(`${FINANCE}/parked-events/${parked.id}`)).json()).toMatchObject({ status: 'parked', attempts: 1 });
  });

  it('should require finance.entries:read to list and finance.entries:post to retry', async () => {
    const reader = await clientFor(finance, { permissions: ['finance.entries:read'] });
    const nobody = await clientFor(finance, { permissions: ['finance.accounts:read'] });

    const answers = [
      await nobody.get(`${FINANCE}/parked-events`),
      await reader.post(`${FINANCE}/parked-events/${randomUUID()}/retry`),
      await reader.get(`${FINANCE}/parked-events`),
    ];

    expect(answers.map((answer) => answer.statusCode)).toEqual([403, 403, 200]);
  });
});
