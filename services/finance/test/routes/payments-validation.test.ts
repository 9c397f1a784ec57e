import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { cloudEvent, consumerOf, simpleInvoiceData, supplierInvoiceData, TYPES } from '../events/documents.js';
import { buildTestApp, type Client, clientFor, FINANCE, readyTenant, type TestFinance } from '../helpers.js';
import { countRows } from '../sql.js';

let finance: TestFinance;
let client: Client;
let other: Client;
let receivable: { id: string };
let payable: { id: string };
let usd: { id: string };
let paid: { id: string };

async function book(owner: Client, type: string, data: unknown, documentId: string) {
  await consumerOf(finance).handle(cloudEvent(type, owner.tenantId, data));
  const items = (await owner.get(`${FINANCE}/open-items?limit=500`)).json().items;
  return items.find((item: { document_id: string }) => item.document_id === documentId);
}

beforeAll(async () => {
  finance = await buildTestApp(inject('adminUrl'));
  client = await readyTenant(finance);
  other = await readyTenant(finance);
  const invoice = simpleInvoiceData('100.00', '19.00', '119.00');
  receivable = await book(client, TYPES.orderInvoiced, invoice, invoice.invoice_id);
  const inUsd = simpleInvoiceData('10.00', '1.90', '11.90', { currency: 'USD', exchange_rate: '1.1' });
  usd = await book(client, TYPES.orderInvoiced, inUsd, inUsd.invoice_id);
  const settled = simpleInvoiceData('1.00', '0.19', '1.19');
  paid = await book(client, TYPES.orderInvoiced, settled, settled.invoice_id);
  const supplierInvoice = supplierInvoiceData();
  payable = await book(client, TYPES.supplierInvoiceRecorded, supplierInvoice, supplierInvoice.supplier_invoice_id);
  await client.post(`${FINANCE}/payments`, {
    direction: 'incoming',
    amount: '1.19',
    payment_date: '2026-03-20',
    allocations: [{ open_item_id: paid.id, amount: '1.19' }],
  });
});
afterAll(() => finance.close());

const incoming = (allocations: unknown[], extra: Record<string, unknown> = {}) => ({
  direction: 'incoming',
  amount: '50.00',
  payment_date: '2026-03-20',
  allocations,
  ...extra,
});

describe('POST /api/v1/finance/payments refusing bad input', () => {
  it.each([
    ['an amount as a number', incoming([], { amount: 50 }), 400, 'KIT_VALIDATION_FAILED'],
    ['an unknown field', incoming([], { note: 'x' }), 400, 'KIT_VALIDATION_FAILED'],
    ['no direction', { amount: '5.00', payment_date: '2026-03-20' }, 400, 'KIT_VALIDATION_FAILED'],
    ['an impossible date', incoming([], { payment_date: '2026-02-30' }), 400, 'KIT_VALIDATION_FAILED'],
    ['a malformed item id', incoming([{ open_item_id: 'x', amount: '1.00' }]), 400, 'KIT_VALIDATION_FAILED'],
    ['101 allocations', incoming(Array.from({ length: 101 }, () => ({ open_item_id: randomUUID(), amount: '0.01' }))), 400, 'KIT_VALIDATION_FAILED'],
    ['a control character in the reference', incoming([], { reference: 'a\u0000b' }), 400, 'KIT_VALIDATION_FAILED'],
    ['a comma amount', incoming([], { amount: '1,50' }), 422, 'FIN_INVALID_AMOUNT'],
    ['a zero allocation', () => incoming([{ open_item_id: receivable.id, amount: '0.00' }]), 422, 'FIN_INVALID_AMOUNT'],
    ['a revenue account as the bank', incoming([], { bank_account: '8400' }), 422, 'FIN_INVALID_BANK_ACCOUNT'],
    ['the receivables account as the bank', incoming([], { bank_account: '1400' }), 422, 'FIN_INVALID_BANK_ACCOUNT'],
    ['a bank account that does not exist', incoming([], { bank_account: '1299' }), 422, 'FIN_INVALID_BANK_ACCOUNT'],
    ['an unknown open item', () => incoming([{ open_item_id: randomUUID(), amount: '1.00' }]), 422, 'FIN_INVALID_ALLOCATION'],
    [
      'one item twice',
      () =>
        incoming([
          { open_item_id: receivable.id, amount: '1.00' },
          { open_item_id: receivable.id, amount: '1.00' },
        ]),
      422,
      'FIN_INVALID_ALLOCATION',
    ],
    ['a payable on an incoming payment', () => incoming([{ open_item_id: payable.id, amount: '1.00' }]), 422, 'FIN_INVALID_ALLOCATION'],
    ['more than is open', () => ({ ...incoming([{ open_item_id: receivable.id, amount: '119.01' }]), amount: '200.00' }), 422, 'FIN_OVER_ALLOCATION'],
    ['allocations beyond the payment', () => incoming([{ open_item_id: receivable.id, amount: '50.01' }]), 422, 'FIN_OVER_ALLOCATION'],
    ['a settled item', () => incoming([{ open_item_id: paid.id, amount: '1.00' }]), 409, 'FIN_OPEN_ITEM_CLOSED'],
    ['an item in another currency', () => incoming([{ open_item_id: usd.id, amount: '1.00' }]), 422, 'FIN_CURRENCY_MISMATCH'],
    ['a payment in a foreign currency', () => incoming([{ open_item_id: usd.id, amount: '1.00' }], { currency: 'USD' }), 422, 'FIN_FOREIGN_CURRENCY_PAYMENT'],
    ['Skonto on an invoice without Skonto', () => incoming([{ open_item_id: receivable.id, amount: '50.00', skonto: true }]), 422, 'FIN_SKONTO_NOT_APPLICABLE'],
  ])('should answer %s with a problem document and write nothing', async (_case, body, status, code) => {
    const before = await Promise.all(
      ['journal_entry', 'payment', 'open_item_settlement', 'open_item'].map((table) => countRows(finance, table, client.tenantId)),
    );

    const response = await client.post(`${FINANCE}/payments`, typeof body === 'function' ? body() : body);

    expect([response.statusCode, response.json().code]).toEqual([status, code]);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(
      await Promise.all(['journal_entry', 'payment', 'open_item_settlement', 'open_item'].map((table) => countRows(finance, table, client.tenantId))),
    ).toEqual(before);
    expect((await client.get(`${FINANCE}/open-items/${receivable.id}`)).json().open_amount).toBe('119.00');
  });

  it('should refuse an oversized body with 413', async () => {
    const response = await client.post(`${FINANCE}/payments`, { ...incoming([]), reference: 'x'.repeat(2_000_000) });

    expect(response.statusCode).toBe(413);
  });

  it('should answer 409 before the ledger is set up', async () => {
    const fresh = await clientFor(finance);

    const response = await fresh.post(`${FINANCE}/payments`, incoming([], { partner_id: randomUUID() }));

    expect([response.statusCode, response.json().code]).toEqual([409, 'FIN_NOT_SET_UP']);
  });

  it('should answer 400 for a malformed query and 404 for an unknown payment', async () => {
    const answers = [
      await client.get(`${FINANCE}/payments?direction=sideways`),
      await client.get(`${FINANCE}/payments?limit=0`),
      await client.get(`${FINANCE}/payments/${randomUUID()}`),
      await client.get(`${FINANCE}/payments/nope`),
    ];

    expect(answers.map((answer) => [answer.statusCode, answer.json().code])).toEqual([
      [400, 'KIT_VALIDATION_FAILED'],
      [400, 'KIT_VALIDATION_FAILED'],
      [404, 'FIN_PAYMENT_NOT_FOUND'],
      [400, 'KIT_VALIDATION_FAILED'],
    ]);
  });

  it('should require finance.payments:write to record a payment', async () => {
    const reader = await clientFor(finance, { tenantId: client.tenantId, permissions: ['finance.entries:read'] });

    const response = await reader.post(`${FINANCE}/payments`, incoming([{ open_item_id: receivable.id, amount: '1.00' }]));

    expect(response.statusCode).toBe(403);
  });
});

describe('payments and tenants', () => {
  it("should not let another tenant settle, read or list a tenant's items and payments", async () => {
    const mine = (await client.post(`${FINANCE}/payments`, incoming([{ open_item_id: receivable.id, amount: '10.00' }], { amount: '10.00' }))).json();

    const settle = await other.post(`${FINANCE}/payments`, incoming([{ open_item_id: receivable.id, amount: '1.00' }]));
    const read = await other.get(`${FINANCE}/payments/${mine.id}`);
    const list = (await other.get(`${FINANCE}/payments`)).json().items;

    expect([settle.statusCode, settle.json().code]).toEqual([422, 'FIN_INVALID_ALLOCATION']);
    expect(read.statusCode).toBe(404);
    expect(list).toEqual([]);
    expect((await client.get(`${FINANCE}/open-items/${receivable.id}`)).json().open_amount).toBe('109.00');
  });
});
