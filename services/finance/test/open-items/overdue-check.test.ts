import { FINANCE_EVENT_TYPES, FinanceInvoiceOverdueV1 } from '@erp/contracts';
import { Value } from 'typebox/value';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runOverdueCheck } from '../../src/open-items/overdue-check.js';
import { cloudEvent, consumerOf, simpleInvoiceData, TYPES } from '../events/documents.js';
import { buildTestApp, type Client, FINANCE, readyTenant, type TestFinance } from '../helpers.js';
import { sqlRows } from '../sql.js';

const SETTINGS = { levelDays: [0, 14, 28], timeZone: 'Europe/Berlin' };

let finance: TestFinance;

beforeAll(async () => {
  finance = await buildTestApp(inject('adminUrl'));
});
afterAll(() => finance.close());

/** Runs the check as if it were `isoTime`. */
const checkAt = (isoTime: string) => runOverdueCheck({ db: finance.db.kysely, clock: () => new Date(isoTime) }, SETTINGS);

async function bookInvoice(client: Client, dueDate: string, figures: [string, string, string] = ['100.00', '19.00', '119.00']) {
  const invoice = simpleInvoiceData(...figures, { invoice_date: '2026-03-10', due_date: dueDate });
  await consumerOf(finance).handle(cloudEvent(TYPES.orderInvoiced, client.tenantId, invoice));
  const items = (await client.get(`${FINANCE}/open-items?limit=500`)).json().items;
  return items.find((item: { document_id: string }) => item.document_id === invoice.invoice_id);
}

async function overdueEvents(tenantId: string) {
  return sqlRows<{ subject: string; data: FinanceInvoiceOverdueV1 }>(
    finance,
    'admin',
    'select subject, data from finance.outbox where type = $1 and tenant_id = $2 order by seq',
    [FINANCE_EVENT_TYPES.invoiceOverdue, tenantId],
  );
}

describe('runOverdueCheck', () => {
  it('should announce each dunning level of an overdue invoice once, through the outbox', async () => {
    const client = await readyTenant(finance);
    const item = await bookInvoice(client, '2026-04-09');

    // 1. Due today, then 1, 1, 15, 29 and 60 days late (the clock is UTC; the business day is Berlin's).
    const runs = [];
    for (const time of [
      '2026-04-09T12:00:00Z',
      '2026-04-10T08:00:00Z',
      '2026-04-10T20:00:00Z',
      '2026-04-24T08:00:00Z',
      '2026-05-08T08:00:00Z',
      '2026-06-08T08:00:00Z',
    ]) {
      runs.push((await checkAt(time)).announced);
    }
    const events = await overdueEvents(client.tenantId);

    expect(runs).toEqual([0, 1, 0, 1, 1, 0]);
    expect(events.map((event) => [event.subject, event.data.dunning_level, event.data.days_overdue, event.data.as_of])).toEqual([
      [item.id, 1, 1, '2026-04-10'],
      [item.id, 2, 15, '2026-04-24'],
      [item.id, 3, 29, '2026-05-08'],
    ]);
    expect(events.every((event) => Value.Check(FinanceInvoiceOverdueV1, event.data))).toBe(true);
    expect(events[0]?.data).toMatchObject({
      invoice_id: item.document_id,
      invoice_number: item.document_number,
      open_amount: '119.00',
      customer: item.partner,
    });
    expect((await client.get(`${FINANCE}/open-items/${item.id}`)).json()).toMatchObject({ dunning_level: 3, dunned_on: '2026-05-08' });
  });

  it('should announce only the level reached when an invoice skipped levels, and nothing for a paid invoice', async () => {
    const client = await readyTenant(finance);
    const late = await bookInvoice(client, '2026-03-20');
    const paid = await bookInvoice(client, '2026-03-20', ['10.00', '1.90', '11.90']);
    await client.post(`${FINANCE}/payments`, {
      direction: 'incoming',
      amount: '11.90',
      payment_date: '2026-03-25',
      allocations: [{ open_item_id: paid.id, amount: '11.90' }],
    });

    await checkAt('2026-04-30T08:00:00Z');
    const events = await overdueEvents(client.tenantId);

    expect(events.map((event) => [event.subject, event.data.dunning_level, event.data.days_overdue])).toEqual([[late.id, 3, 41]]);
  });

  it('should announce a level once when two checks run at the same time, and keep tenants apart', async () => {
    const [one, two] = [await readyTenant(finance), await readyTenant(finance)];
    const [itemOne, itemTwo] = [await bookInvoice(one, '2026-04-01'), await bookInvoice(two, '2026-04-01')];

    await Promise.all([checkAt('2026-04-05T08:00:00Z'), checkAt('2026-04-05T08:00:00Z'), checkAt('2026-04-05T09:00:00Z')]);

    expect((await overdueEvents(one.tenantId)).map((event) => event.subject)).toEqual([itemOne.id]);
    expect((await overdueEvents(two.tenantId)).map((event) => event.subject)).toEqual([itemTwo.id]);
  });
});
