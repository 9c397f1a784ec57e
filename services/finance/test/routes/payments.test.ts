import type { CoreOrderInvoicedV1, CorePurchaseSupplierInvoiceRecordedV1 } from '@erp/contracts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CUSTOMER, cloudEvent, consumerOf, invoiceData, lineFigures, simpleInvoiceData, supplierInvoiceData, TYPES } from '../events/documents.js';
import { buildTestApp, type Client, FINANCE, readyTenant, type TestFinance } from '../helpers.js';

let finance: TestFinance;
let client: Client;
let consumer: ReturnType<typeof consumerOf>;

beforeAll(async () => {
  finance = await buildTestApp(inject('adminUrl'));
  client = await readyTenant(finance, { chart: 'SKR03' });
  consumer = consumerOf(finance);
});
afterAll(() => finance.close());

type Document = CoreOrderInvoicedV1 | CorePurchaseSupplierInvoiceRecordedV1;

/** Books a document through the consumer and returns its open item. */
async function openItemOf(data: Document, owner: Client = client) {
  const type = 'invoice_id' in data ? TYPES.orderInvoiced : TYPES.supplierInvoiceRecorded;
  await consumer.handle(cloudEvent(type, owner.tenantId, data));
  const documentId = 'invoice_id' in data ? data.invoice_id : data.supplier_invoice_id;
  const items = (await owner.get(`${FINANCE}/open-items?limit=500`)).json().items;
  return items.find((item: { document_id: string }) => item.document_id === documentId);
}

const pay = (body: Record<string, unknown>, headers: Record<string, string> = {}, owner: Client = client) => owner.post(`${FINANCE}/payments`, body, headers);
const entryOf = async (id: string) => (await client.get(`${FINANCE}/transactions/${id}`)).json();
const itemNow = async (id: string) => (await client.get(`${FINANCE}/open-items/${id}`)).json();

describe('POST /api/v1/finance/payments with Skonto', () => {
  it('should post 3 % Skonto on an invoice with 19 % and 7 % split by the gross of each rate, with the tax corrected per rate, to the cent', async () => {
    // 211.42 = 99.99 + 19.00 (19 %) + 86.38 + 6.05 (7 %); 3 % Skonto = 6.34, paid 205.08.
    // Split by gross: 6.34 × 118.99 / 211.42 = 3.568 → 3.57 (19 %), the rest 2.77 (7 %).
    // Tax in them: 3.57 × 19 / 119 = 0.57 (net 3.00); 2.77 × 7 / 107 = 0.181 → 0.18 (net 2.59).
    const item = await openItemOf(invoiceData());

    const response = await pay({
      direction: 'incoming',
      amount: '205.08',
      payment_date: '2026-03-18',
      allocations: [{ open_item_id: item.id, amount: '205.08', skonto: true }],
    });
    const entry = await entryOf(response.json().entry_id);

    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      direction: 'incoming',
      bank_account: '1200',
      amount: '205.08',
      allocations: [{ open_item_id: item.id, amount: '205.08', skonto_amount: '6.34' }],
      on_account: null,
    });
    expect(lineFigures(entry)).toEqual([
      ['1200', '205.08', '0.00', null],
      ['1400', '0.00', '211.42', null],
      ['1771', '0.18', '0.00', 'USt7'],
      ['1776', '0.57', '0.00', 'USt19'],
      ['8731', '2.59', '0.00', 'USt7'],
      ['8736', '3.00', '0.00', 'USt19'],
    ]);
    expect(await itemNow(item.id)).toMatchObject({
      open_amount: '0.00',
      status: 'paid',
      settlements: [{ source: 'payment', amount: '205.08', skonto_amount: '6.34' }],
    });
  });

  it('should post received Skonto on a supplier invoice as a correction of expense and input tax per rate', async () => {
    // 1516.28 with 2 % = 30.33, paid 1485.95; 30.33 × 1508.79 / 1516.28 = 30.18 (19 %: 4.82 tax, 25.36 net),
    // the rest 0.15 (7 %: 0.15 × 7 / 107 = 0.0098 → 0.01 tax, 0.14 net).
    const item = await openItemOf(supplierInvoiceData());

    const response = await pay({
      direction: 'outgoing',
      amount: '1485.95',
      payment_date: '2026-03-20',
      allocations: [{ open_item_id: item.id, amount: '1485.95', skonto: true }],
    });

    expect(response.statusCode).toBe(201);
    expect(lineFigures(await entryOf(response.json().entry_id))).toEqual([
      ['1200', '0.00', '1485.95', null],
      ['1571', '0.00', '0.01', 'VSt7'],
      ['1576', '0.00', '4.82', 'VSt19'],
      ['1600', '1516.28', '0.00', null],
      ['3731', '0.00', '0.14', 'VSt7'],
      ['3736', '0.00', '25.36', 'VSt19'],
    ]);
  });

  it('should refuse Skonto after the Skonto period and for an amount other than the discounted one, writing nothing', async () => {
    const item = await openItemOf(invoiceData());

    const late = await pay({
      direction: 'incoming',
      amount: '205.08',
      payment_date: '2026-03-21',
      allocations: [{ open_item_id: item.id, amount: '205.08', skonto: true }],
    });
    const wrong = await pay({
      direction: 'incoming',
      amount: '200.00',
      payment_date: '2026-03-18',
      allocations: [{ open_item_id: item.id, amount: '200.00', skonto: true }],
    });

    expect([late.statusCode, late.json().code, late.json().errors[0].detail]).toEqual([
      422,
      'FIN_SKONTO_NOT_APPLICABLE',
      expect.stringContaining('ended on 2026-03-20'),
    ]);
    expect([wrong.statusCode, wrong.json().errors[0]]).toEqual([422, { pointer: '/allocations/0/amount', detail: expect.stringContaining('is 205.08') }]);
    expect(await itemNow(item.id)).toMatchObject({ open_amount: '211.42', settlements: [] });
  });
});

describe('POST /api/v1/finance/payments', () => {
  it('should settle an item in parts: partially paid after the first, paid after the second', async () => {
    const item = await openItemOf(invoiceData());

    const first = await pay({
      direction: 'incoming',
      amount: '100.00',
      payment_date: '2026-03-25',
      allocations: [{ open_item_id: item.id, amount: '100.00' }],
    });
    const afterFirst = await itemNow(item.id);
    const second = await pay({
      direction: 'incoming',
      amount: '111.42',
      payment_date: '2026-04-02',
      allocations: [{ open_item_id: item.id, amount: '111.42' }],
    });

    expect(afterFirst).toMatchObject({ open_amount: '111.42', status: 'partially_paid' });
    expect(lineFigures(await entryOf(first.json().entry_id))).toEqual([
      ['1200', '100.00', '0.00', null],
      ['1400', '0.00', '100.00', null],
    ]);
    expect(second.statusCode).toBe(201);
    expect(await itemNow(item.id)).toMatchObject({ open_amount: '0.00', status: 'paid' });
  });

  it("should keep what is not allocated on the partner's account as an open credit", async () => {
    const item = await openItemOf(simpleInvoiceData('100.00', '19.00', '119.00'));

    const response = await pay({
      direction: 'incoming',
      amount: '150.00',
      payment_date: '2026-03-20',
      reference: 'SEPA 4711',
      allocations: [{ open_item_id: item.id, amount: '119.00' }],
    });
    const onAccount = await itemNow(response.json().on_account.open_item_id);

    expect(response.json()).toMatchObject({ reference: 'SEPA 4711', partner_id: CUSTOMER.id, on_account: { amount: '31.00' } });
    expect(lineFigures(await entryOf(response.json().entry_id))).toEqual([
      ['1200', '150.00', '0.00', null],
      ['1400', '0.00', '119.00', null],
      ['1400', '0.00', '31.00', null],
    ]);
    expect(onAccount).toMatchObject({ kind: 'receivable', document_type: 'payment_on_account', original_amount: '31.00', partner: { id: CUSTOMER.id } });
  });

  it('should take a payment wholly on account of a known partner, and refuse one whose partner finance does not know', async () => {
    const onAccount = await pay({ direction: 'incoming', amount: '25.00', payment_date: '2026-03-20', partner_id: CUSTOMER.id });
    const unknown = await pay({ direction: 'incoming', amount: '25.00', payment_date: '2026-03-20', partner_id: '00000000-0000-4000-8000-000000000000' });
    const nameless = await pay({ direction: 'incoming', amount: '25.00', payment_date: '2026-03-20' });

    expect(onAccount.statusCode).toBe(201);
    expect(onAccount.json()).toMatchObject({ allocations: [], on_account: { amount: '25.00' } });
    expect([unknown.statusCode, unknown.json().code]).toEqual([422, 'FIN_UNKNOWN_PARTNER']);
    expect([nameless.statusCode, nameless.json().code]).toEqual([422, 'FIN_UNKNOWN_PARTNER']);
  });

  it('should replay the first answer for the same Idempotency-Key and refuse the key for another body', async () => {
    const item = await openItemOf(simpleInvoiceData('10.00', '1.90', '11.90'));
    const body = { direction: 'incoming', amount: '5.00', payment_date: '2026-03-20', allocations: [{ open_item_id: item.id, amount: '5.00' }] };

    const first = await pay(body, { 'idempotency-key': `pay-${item.id}` });
    const replay = await pay(body, { 'idempotency-key': `pay-${item.id}` });
    const reused = await pay({ ...body, amount: '6.00', allocations: [{ open_item_id: item.id, amount: '6.00' }] }, { 'idempotency-key': `pay-${item.id}` });

    expect(replay.json()).toEqual(first.json());
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect([reused.statusCode, reused.json().code]).toEqual([422, 'KIT_IDEMPOTENCY_KEY_REUSED']);
    expect(await itemNow(item.id)).toMatchObject({ open_amount: '6.90', settlements: [expect.anything()] });
  });

  it('should list payments by direction and read one', async () => {
    const item = await openItemOf(supplierInvoiceData());
    const created = (
      await pay({ direction: 'outgoing', amount: '16.28', payment_date: '2026-03-30', allocations: [{ open_item_id: item.id, amount: '16.28' }] })
    ).json();

    const outgoing = (await client.get(`${FINANCE}/payments?direction=outgoing`)).json().items;
    const one = await client.get(`${FINANCE}/payments/${created.id}`);

    expect(outgoing.map((payment: { id: string }) => payment.id)).toContain(created.id);
    expect(outgoing.every((payment: { direction: string }) => payment.direction === 'outgoing')).toBe(true);
    expect(one.json()).toEqual(created);
  });
});
