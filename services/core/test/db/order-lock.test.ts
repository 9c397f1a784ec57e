import { withTenant } from '@erp/kit';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { addToLine, lockSalesOrder, updateSalesOrder } from '../../src/db/orders.js';
import { buildTestApp, type Client, type TestCore } from '../helpers.js';
import { orderClient, orderUntil, type SalesOrder, salesSetup } from '../orders-helpers.js';

let core: TestCore;
let client: Client;
let admin: pg.Client;

beforeAll(async () => {
  core = await buildTestApp(inject('adminUrl'));
  client = await orderClient(core);
  admin = new pg.Client({ connectionString: core.database.adminUrl });
  await admin.connect();
});
afterAll(async () => {
  await admin.end();
  await core.close();
});

/** Resolves once some backend of the test database waits for a row lock. */
async function someoneWaitsForALock(): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const { rows } = await admin.query<{ waiting: number }>(
      `select count(*)::integer as waiting from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
    );
    if ((rows[0]?.waiting ?? 0) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('nobody waited for the lock');
}

describe('lockSalesOrder', () => {
  it('should answer the lines as the change it waited for left them, not as its snapshot saw them', async () => {
    const order = await orderUntil(client, await salesSetup(client), 'confirmed', '3');
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let holding = () => {};
    const held = new Promise<void>((resolve) => {
      holding = resolve;
    });
    // 1. A writer locks the order, delivers 2 of its 3 units and holds the lock.
    const writer = withTenant(core.db.kysely, client.tenantId, async (trx) => {
      const current = (await lockSalesOrder(trx, client.tenantId, order.id)) as SalesOrder;
      await addToLine(trx, client.tenantId, order.id, 1, 'delivered_quantity', '2');
      await updateSalesOrder(trx, client.tenantId, current, { status: 'partially_delivered' });
      holding();
      await gate;
    });
    await held;

    // 2. A reader's statement starts (its snapshot shows nothing delivered) and waits for the lock; 3. the writer commits.
    const reader = withTenant(core.db.kysely, client.tenantId, (trx) => lockSalesOrder(trx, client.tenantId, order.id));
    await someoneWaitsForALock();
    release();
    await writer;
    const seen = await reader;

    expect(seen).toMatchObject({ version: order.version + 1, status: 'partially_delivered', lines: [{ line_no: 1, delivered_quantity: '2' }] });
  });

  it('should read an order nobody changes in one statement, exactly as a GET shows it', async () => {
    const order = await orderUntil(client, await salesSetup(client), 'order', '2');

    const locked = await withTenant(core.db.kysely, client.tenantId, (trx) => lockSalesOrder(trx, client.tenantId, order.id));

    expect(locked).toEqual(order);
  });
});
