import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { cloudEvent, consumerOf, simpleInvoiceData, TYPES } from '../events/documents.js';
import { buildTestApp, type Client, FINANCE, readyTenant, type TestFinance } from '../helpers.js';
import { sqlError, sqlRows } from '../sql.js';

let finance: TestFinance;
let client: Client;
let item: { id: string; entry_id: string };

beforeAll(async () => {
  finance = await buildTestApp(inject('adminUrl'));
  client = await readyTenant(finance);
  const consumer = consumerOf(finance);
  await consumer.handle(cloudEvent(TYPES.orderInvoiced, client.tenantId, simpleInvoiceData('100.00', '19.00', '119.00')));
  await consumer.handle(cloudEvent(TYPES.orderInvoiced, randomUUID(), simpleInvoiceData('1.00', '0.19', '1.19')));
  [item] = (await client.get(`${FINANCE}/open-items`)).json().items;
  await client.post(`${FINANCE}/payments`, {
    direction: 'incoming',
    amount: '19.00',
    payment_date: '2026-03-20',
    allocations: [{ open_item_id: item.id, amount: '19.00' }],
  });
});
afterAll(() => finance.close());

const settle = (amount: string) =>
  `insert into open_item_settlement (tenant_id, id, open_item_id, source, credit_note_id, amount, settled_on, entry_id)
   values ('${client.tenantId}', '${randomUUID()}', '${item.id}', 'credit_note', 'sql', ${amount}, '2026-03-21', '${item.entry_id}')`;

describe('what the database keeps of events, open items and payments', () => {
  it.each([
    ['delete a booked event', 'delete from event_posting'],
    ['delete an open item', 'delete from open_item'],
    ['change a payment', 'update payment set amount = 1'],
    ['delete a settlement', 'delete from open_item_settlement'],
  ])('should deny the runtime role to %s', async (_case, statement) => {
    expect((await sqlError(finance, 'runtime', statement, client.tenantId)).code).toBe('42501');
  });

  it.each([
    ['change a posted event', "update event_posting set reason = 'x'"],
    ['delete a booked event', 'delete from event_posting'],
    ["change an open item's amount", 'update open_item set original_amount = original_amount + 1'],
    ['lower a dunning level', 'update open_item set dunning_level = 2; update open_item set dunning_level = 1'],
    ['change a payment', 'update payment set amount = 1'],
    ['delete a settlement', 'delete from open_item_settlement'],
  ])('should stop even the owner when it tries to %s', async (_case, statement) => {
    expect((await sqlError(finance, 'owner', statement.split('; '))).code).toBe('FN006');
  });

  it('should lower the open amount with each settlement and refuse one beyond it', async () => {
    const error = await sqlError(finance, 'runtime', settle('100.01'), client.tenantId);
    await sqlRows(finance, 'runtime', settle('100.00'), [], client.tenantId);
    const [row] = await sqlRows<{ open_amount: string; status: string }>(finance, 'runtime', 'select open_amount, status from open_item', [], client.tenantId);

    expect(error.code).toBe('23514');
    expect(row).toEqual({ open_amount: '0.00', status: 'paid' });
  });

  it.each(['event_posting', 'open_item', 'payment', 'open_item_settlement'])(
    'should show the runtime role no rows of %s outside a tenant, and only its own inside',
    async (table) => {
      const [outside] = await sqlRows<{ count: number }>(finance, 'runtime', `select count(*)::int as count from ${table}`);
      const [inside] = await sqlRows<{ count: number }>(
        finance,
        'runtime',
        `select count(distinct tenant_id)::int as count from ${table}`,
        [],
        client.tenantId,
      );
      const [all] = await sqlRows<{ count: number }>(finance, 'admin', `select count(distinct tenant_id)::int as count from ${table}`);

      expect([outside?.count, inside?.count]).toEqual([0, 1]);
      expect(all?.count).toBeGreaterThanOrEqual(1);
    },
  );
});
