import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CUSTOMER, cloudEvent, consumerOf, simpleInvoiceData, supplierInvoiceData, TYPES } from '../events/documents.js';
import { buildTestApp, type Client, clientFor, FINANCE, readyTenant, type TestFinance } from '../helpers.js';

// "Today" for the service is 1 May 2026.
const clock = () => new Date('2026-05-01T10:00:00Z');
const OTHER_CUSTOMER = { id: 'b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e', number: 'K10002', name: 'Zeta AG', vat_id: null, country: 'DE' };

let finance: TestFinance;
let client: Client;
let other: Client;
const ids = new Map<string, string>();

async function invoice(key: string, figures: [string, string, string], dueDate: string, extra: Record<string, unknown> = {}) {
  const data = simpleInvoiceData(...figures, { invoice_date: '2026-01-02', due_date: dueDate, ...extra });
  await consumerOf(finance, clock).handle(cloudEvent(TYPES.orderInvoiced, client.tenantId, data));
  const items = (await client.get(`${FINANCE}/open-items?limit=500`)).json().items;
  ids.set(key, items.find((item: { document_id: string }) => item.document_id === data.invoice_id).id);
}

const payment = (key: string, amount: string, date: string) =>
  client.post(`${FINANCE}/payments`, { direction: 'incoming', amount, payment_date: date, allocations: [{ open_item_id: ids.get(key), amount }] });

beforeAll(async () => {
  finance = await buildTestApp(inject('adminUrl'), { clock });
  client = await readyTenant(finance);
  other = await readyTenant(finance);
  // Days overdue on 1 May: 0, 1, 30, 31, 60, 61, 90, 91.
  await invoice('due0', ['10.00', '1.90', '11.90'], '2026-05-01');
  await invoice('due1', ['20.00', '3.80', '23.80'], '2026-04-30');
  await invoice('due30', ['30.00', '5.70', '35.70'], '2026-04-01');
  await invoice('due31', ['40.00', '7.60', '47.60'], '2026-03-31');
  await invoice('due60', ['50.00', '9.50', '59.50'], '2026-03-02');
  await invoice('due61', ['60.00', '11.40', '71.40'], '2026-03-01');
  await invoice('due90', ['70.00', '13.30', '83.30'], '2026-01-31');
  await invoice('due91', ['80.00', '15.20', '95.20'], '2026-01-30');
  await invoice('zeta', ['100.00', '19.00', '119.00'], '2026-04-20', { customer: OTHER_CUSTOMER });
  await invoice('later', ['1.00', '0.19', '1.19'], '2026-06-30', { invoice_date: '2026-05-05' });
  await payment('due91', '10.00', '2026-04-20');
  await payment('due0', '5.00', '2026-05-10');
  await payment('zeta', '119.00', '2026-04-25');
  await client.post(`${FINANCE}/payments`, { direction: 'incoming', amount: '25.00', payment_date: '2026-04-25', partner_id: CUSTOMER.id });
  await consumerOf(finance, clock).handle(cloudEvent(TYPES.supplierInvoiceRecorded, client.tenantId, supplierInvoiceData()));
});
afterAll(() => finance.close());

describe('GET /api/v1/finance/open-items/aging', () => {
  it('should sort what was open on the day into not due, 1-30, 31-60, 61-90 and over 90 days, per customer and in total', async () => {
    const response = await client.get(`${FINANCE}/open-items/aging?at=2026-05-01`);

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      at: '2026-05-01',
      kind: 'receivable',
      rows: [
        {
          partner: { id: CUSTOMER.id, number: 'K10001', name: 'Müller GmbH' },
          currency: 'EUR',
          not_due: '11.90',
          overdue_1_30: '59.50',
          overdue_31_60: '107.10',
          overdue_61_90: '154.70',
          overdue_over_90: '85.20',
          total: '418.40',
          credits: '25.00',
        },
      ],
      totals: [
        {
          currency: 'EUR',
          not_due: '11.90',
          overdue_1_30: '59.50',
          overdue_31_60: '107.10',
          overdue_61_90: '154.70',
          overdue_over_90: '85.20',
          total: '418.40',
          credits: '25.00',
        },
      ],
    });
  });

  it('should show a past day as it was: later documents and later payments left out', async () => {
    const response = await client.get(`${FINANCE}/open-items/aging?at=2026-04-21`);

    const [müller, zeta] = response.json().rows;
    // On 21 April: due0 and due1 not yet due; due30 and due31 20 and 21 days late; due60 and due61 50 and 51; due90 and due91 80 and 81.
    expect(müller).toEqual(
      expect.objectContaining({
        not_due: '35.70',
        overdue_1_30: '83.30',
        overdue_31_60: '130.90',
        overdue_61_90: '168.50',
        overdue_over_90: '0.00',
        total: '418.40',
        credits: '0.00',
      }),
    );
    expect(zeta).toMatchObject({ partner: { number: 'K10002' }, overdue_1_30: '119.00', total: '119.00' });
    expect(response.json().totals).toEqual([expect.objectContaining({ total: '537.40' })]);
  });

  it('should list payables with kind=payable and refuse a malformed day or kind', async () => {
    const payables = (await client.get(`${FINANCE}/open-items/aging?kind=payable&at=2026-05-01`)).json();
    const answers = [await client.get(`${FINANCE}/open-items/aging?at=2026-02-30`), await client.get(`${FINANCE}/open-items/aging?kind=all`)];

    expect(payables.totals).toEqual([expect.objectContaining({ currency: 'EUR', overdue_1_30: '1516.28', total: '1516.28' })]);
    expect(answers.map((answer) => [answer.statusCode, answer.json().code])).toEqual([
      [400, 'KIT_VALIDATION_FAILED'],
      [400, 'KIT_VALIDATION_FAILED'],
    ]);
  });
});

describe('GET /api/v1/finance/open-items', () => {
  it('should filter by kind, partner, status and overdue, in due-date order', async () => {
    const get = async (query: string) => (await client.get(`${FINANCE}/open-items?${query}`)).json().items;

    const overdue = await get('kind=receivable&overdue=true');
    const zeta = await get(`partner_id=${OTHER_CUSTOMER.id}`);
    const partial = await get('status=partially_paid');
    const payables = await get('kind=payable');

    expect(overdue.map((item: { id: string }) => item.id)).toEqual(['due91', 'due90', 'due61', 'due60', 'due31', 'due30', 'due1'].map((key) => ids.get(key)));
    expect(overdue[0]).toMatchObject({ days_overdue: 91, open_amount: '85.20', status: 'partially_paid' });
    expect(zeta).toEqual([expect.objectContaining({ status: 'paid', open_amount: '0.00', days_overdue: 0 })]);
    expect(partial.map((item: { id: string }) => item.id)).toEqual([ids.get('due91'), ids.get('due0')]);
    expect(payables).toEqual([expect.objectContaining({ kind: 'payable', document_type: 'invoice', original_amount: '1516.28' })]);
  });

  it('should page with a cursor', async () => {
    const first = (await client.get(`${FINANCE}/open-items?kind=receivable&limit=4`)).json();
    const second = (await client.get(`${FINANCE}/open-items?kind=receivable&limit=4&cursor=${first.next_cursor}`)).json();

    expect(first.items).toHaveLength(4);
    expect(second.items[0].due_date >= first.items[3].due_date).toBe(true);
    expect(new Set([...first.items, ...second.items].map((item: { id: string }) => item.id)).size).toBe(8);
  });

  it('should show one item with its settlements', async () => {
    const response = await client.get(`${FINANCE}/open-items/${ids.get('due91')}`);

    expect(response.json()).toMatchObject({
      original_amount: '95.20',
      open_amount: '85.20',
      settlements: [{ source: 'payment', amount: '10.00', skonto_amount: '0.00', settled_on: '2026-04-20' }],
    });
  });

  it('should refuse malformed filters with 400', async () => {
    const answers = await Promise.all(
      ['status=closed', 'overdue=maybe', 'partner_id=42', 'limit=501', 'cursor=bm9wZQ', 'kind=receivable&extra=1'].map((query) =>
        client.get(`${FINANCE}/open-items?${query}`),
      ),
    );

    expect(answers.map((answer) => answer.statusCode)).toEqual([400, 400, 400, 400, 400, 400]);
  });

  it('should require finance.entries:read', async () => {
    const outsider = await clientFor(finance, { tenantId: client.tenantId, permissions: ['finance.accounts:read'] });

    const answers = await Promise.all(['/open-items', '/open-items/aging', `/open-items/${ids.get('due0')}`].map((path) => outsider.get(`${FINANCE}${path}`)));

    expect(answers.map((answer) => answer.statusCode)).toEqual([403, 403, 403]);
  });

  it("should not show a tenant's open items, aging or one item to another tenant", async () => {
    const answers = [
      (await other.get(`${FINANCE}/open-items`)).json().items,
      (await other.get(`${FINANCE}/open-items/aging?at=2026-05-01`)).json().rows,
      (await other.get(`${FINANCE}/open-items/${ids.get('due0')}`)).statusCode,
      (await other.get(`${FINANCE}/open-items/${randomUUID()}`)).json().code,
    ];

    expect(answers).toEqual([[], [], 404, 'FIN_OPEN_ITEM_NOT_FOUND']);
  });
});
