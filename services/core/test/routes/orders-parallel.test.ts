import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Product } from '../../src/domain/product.js';
import { buildTestApp, type Client, type TestCore } from '../helpers.js';
import { createLocation, receive, stockedProduct } from '../inventory-helpers.js';
import { ORDER_PERMISSIONS, ORDERS, orderClient, type SalesOrder, type SalesSetup, salesSetup } from '../orders-helpers.js';

let core: TestCore;
let admin: pg.Client;
let baseUrl: string;

beforeAll(async () => {
  core = await buildTestApp(inject('adminUrl'));
  // Real HTTP on a free port: the requests race in the server and in PostgreSQL, not one after another in inject().
  baseUrl = await core.app.listen({ port: 0, host: '127.0.0.1' });
  admin = new pg.Client({ connectionString: core.database.adminUrl });
  await admin.connect();
});
afterAll(async () => {
  await admin.end();
  await core.close();
});

interface Caller {
  client: Client;
  setup: SalesSetup;
  authorization: string;
}

async function caller(): Promise<Caller> {
  const client = await orderClient(core);
  const setup = await salesSetup(client, '0');
  const authorization = await core.tokens.bearer({ tenantId: client.tenantId, userId: client.userId, permissions: ORDER_PERMISSIONS, ttlS: 3600 });
  return { client, setup, authorization };
}

async function post(who: Caller, path: string, body: unknown, ifMatch?: number): Promise<{ status: number; json: Record<string, unknown> }> {
  const headers: Record<string, string> = { authorization: who.authorization, 'content-type': 'application/json' };
  if (ifMatch !== undefined) headers['if-match'] = `"${ifMatch}"`;
  const response = await fetch(`${baseUrl}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

function tally(results: readonly { status: number; json: Record<string, unknown> }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { status, json } of results) {
    const key = status < 300 ? String(status) : `${status} ${json.code}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/** Per level of the tenant: on hand against the ledger, reserved against the active reservations' allocations. */
async function levelsAgainstLedger(tenantId: string) {
  const { rows } = await admin.query<{ product_id: string; on_hand: string; ledger: string; reserved: string; held: string }>(
    `select l.product_id, l.on_hand::text, l.reserved::text,
       (select coalesce(sum(case when m.to_location_id = l.location_id then m.quantity else -m.quantity end), 0) from core.stock_movement m
         where m.tenant_id = l.tenant_id and m.product_id = l.product_id and l.location_id in (m.to_location_id, m.from_location_id))::text as ledger,
       (select coalesce(sum(a.quantity), 0) from core.stock_reservation_allocation a
         join core.stock_reservation r on r.tenant_id = a.tenant_id and r.id = a.reservation_id and r.status = 'active'
         where a.tenant_id = l.tenant_id and r.product_id = l.product_id and a.location_id = l.location_id)::text as held
     from core.stock_level l where l.tenant_id = $1 order by l.product_id, l.location_id`,
    [tenantId],
  );
  return rows;
}

describe('50 parallel order creations of one tenant', () => {
  it('should number the created orders consecutively, without a gap or a duplicate, and give refused ones no number', async () => {
    const who = await caller();
    const valid = { customer_id: who.setup.customer.id, status: 'order', lines: [{ product_id: who.setup.product.id, quantity: '1' }] };
    const refused = { ...valid, lines: [{ product_id: '00000000-0000-4000-8000-000000000001', quantity: '1' }] };

    const results = await Promise.all(Array.from({ length: 50 }, (_, index) => post(who, ORDERS, index % 5 === 4 ? refused : valid)));

    expect(tally(results)).toEqual({ '201': 40, '422 CORE_ORDER_INVALID': 10 });
    const numbers = results.filter((result) => result.status === 201).map((result) => result.json.number as string);
    const year = numbers[0]?.slice(3, 7);
    expect(numbers.sort()).toEqual(Array.from({ length: 40 }, (_, index) => `AU-${year}-${String(index + 1).padStart(5, '0')}`));
  });
});

describe('parallel confirmations of orders of the same products', () => {
  it('should reserve exactly what there is, in any line order, and keep every level equal to the ledger and the reservations', async () => {
    const who = await caller();
    const shelf = await createLocation(who.client, who.setup.warehouse, 'SHELF-2');
    const products: Product[] = [];
    for (let index = 0; index < 3; index += 1) {
      const product = await stockedProduct(who.client);
      await receive(who.client, product.id, { warehouse_id: who.setup.warehouse.id }, '10');
      await receive(who.client, product.id, { warehouse_id: who.setup.warehouse.id, location_id: shelf.id }, '5');
      products.push(product);
    }
    // Three line orders, so that the products' locks are asked for in every order.
    const orders = await Promise.all(
      Array.from({ length: 24 }, async (_, index) => {
        const lines = [0, 1, 2].map((offset) => ({ product_id: products[(index + offset) % 3]?.id, quantity: '1' }));
        const created = await post(who, ORDERS, { customer_id: who.setup.customer.id, status: 'order', warehouse_id: who.setup.warehouse.id, lines });
        return created.json as unknown as SalesOrder;
      }),
    );

    const results = await Promise.all(orders.map((order) => post(who, `${ORDERS}/${order.id}/confirm`, {}, order.version)));

    expect(tally(results)).toEqual({ '200': 15, '409 CORE_STOCK_INSUFFICIENT': 9 });
    const levels = await levelsAgainstLedger(who.client.tenantId);
    expect(levels).toHaveLength(6);
    for (const level of levels) {
      expect(level.on_hand).toBe(level.ledger);
      expect(level.reserved).toBe(level.held);
      // 15 orders took one of each product: all 15 units of each, at both locations.
      expect(level.reserved).toBe(level.on_hand);
    }
  });
});
