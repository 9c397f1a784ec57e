import { withTenant } from '@erp/kit';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { StockReservation } from '../../src/domain/stock.js';
import type { Warehouse } from '../../src/domain/warehouse.js';
import { buildTestApp, type Client, type TestCore } from '../helpers.js';
import {
  createLocation,
  createWarehouse,
  INVENTORY,
  INVENTORY_PERMISSIONS,
  inventoryClient,
  productLevels,
  receive,
  reserved,
  stockedProduct,
} from '../inventory-helpers.js';

let core: TestCore;
let client: Client;
let warehouse: Warehouse;
let baseUrl: string;
let authorization: string;

beforeAll(async () => {
  core = await buildTestApp(inject('adminUrl'));
  client = await inventoryClient(core);
  warehouse = await createWarehouse(client);
  // Real HTTP on a free port: the requests race in the server and in PostgreSQL, not one after another in inject().
  baseUrl = await core.app.listen({ port: 0, host: '127.0.0.1' });
  authorization = await core.tokens.bearer({ tenantId: client.tenantId, userId: client.userId, permissions: INVENTORY_PERMISSIONS, ttlS: 3600 });
});
afterAll(() => core.close());

async function post(path: string, body?: unknown): Promise<{ status: number; json: { code?: string; detail?: string } & Record<string, unknown> }> {
  const response = await fetch(`${baseUrl}${INVENTORY}${path}`, {
    method: 'POST',
    headers: body === undefined ? { authorization } : { authorization, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as { code?: string } };
}

function tally(results: readonly { status: number; json: { code?: string } }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { status, json } of results) {
    const key = status === 201 || status === 200 ? String(status) : `${status} ${json.code}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/** What the ledger and the reservations say the product's stock must be, summed independently of the level table. */
async function ledgerTotals(productId: string): Promise<{ on_hand: string; reserved: string }> {
  return withTenant(core.db.kysely, client.tenantId, async (trx) => {
    const { rows } = await sql<{ on_hand: string; reserved: string }>`
      select
        (select coalesce(sum(case when to_location_id is not null and kind <> 'transfer' then quantity
                                  when from_location_id is not null and kind <> 'transfer' then -quantity else 0 end), 0)
           from stock_movement where product_id = ${productId})::text as on_hand,
        (select coalesce(sum(a.quantity), 0) from stock_reservation_allocation a
           join stock_reservation r on r.tenant_id = a.tenant_id and r.id = a.reservation_id
           where r.product_id = ${productId} and r.status = 'active')::text as reserved`.execute(trx);
    return { on_hand: String(Number(rows[0]?.on_hand)), reserved: String(Number(rows[0]?.reserved)) };
  });
}

describe('50 concurrent requests for the last 10 units', () => {
  it('should give exactly 10 reservations and 40 clear 409 problems, with on_hand and reserved exact afterwards', async () => {
    const product = await stockedProduct(client);
    await receive(client, product.id, { warehouse_id: warehouse.id }, '10');

    const results = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        post('/reservations', { product_id: product.id, warehouse_id: warehouse.id, quantity: '1', reference: { type: 'sales_order_line', id: `L-${index}` } }),
      ),
    );

    expect(tally(results)).toEqual({ '201': 10, '409 CORE_STOCK_INSUFFICIENT': 40 });
    for (const refused of results.filter((result) => result.status === 409)) {
      expect(refused.json.detail).toMatch(/has 0 C62 available at warehouse .*, but 1 C62 were requested/);
    }
    expect(await productLevels(client, product.id)).toMatchObject({ on_hand: '10', reserved: '10', available: '0' });
    expect(await ledgerTotals(product.id)).toEqual({ on_hand: '10', reserved: '10' });
  });

  it('should let exactly 10 of 50 concurrent issues through, and leave nothing on hand', async () => {
    const product = await stockedProduct(client);
    const shelf = await createLocation(client, warehouse, `C-${product.sku}`);
    const place = { warehouse_id: warehouse.id, location_id: shelf.id };
    await receive(client, product.id, place, '10');

    const results = await Promise.all(
      Array.from({ length: 50 }, () => post('/movements', { kind: 'issue', product_id: product.id, quantity: '1', from: place })),
    );

    expect(tally(results)).toEqual({ '201': 10, '409 CORE_STOCK_INSUFFICIENT': 40 });
    expect(await productLevels(client, product.id)).toMatchObject({ on_hand: '0', reserved: '0', available: '0' });
    expect(await ledgerTotals(product.id)).toEqual({ on_hand: '0', reserved: '0' });
  });
});

describe('concurrent reserve, release and consume', () => {
  it('should close each reservation exactly once and never spend stock twice', async () => {
    // 1. Ten units, all held by five reservations of two.
    const product = await stockedProduct(client);
    await receive(client, product.id, { warehouse_id: warehouse.id }, '10');
    const holds: StockReservation[] = [];
    for (const index of [1, 2, 3, 4, 5]) {
      holds.push(
        await reserved(client, {
          product_id: product.id,
          warehouse_id: warehouse.id,
          quantity: '2',
          reference: { type: 'sales_order_line', id: `H-${index}` },
        }),
      );
    }

    // 2. At once: each reservation released twice and consumed once, and twenty new reservations of one unit.
    const closers = holds.flatMap((hold) => [
      post(`/reservations/${hold.id}/release`),
      post(`/reservations/${hold.id}/consume`),
      post(`/reservations/${hold.id}/release`),
    ]);
    const newcomers = Array.from({ length: 20 }, (_, index) =>
      post('/reservations', { product_id: product.id, warehouse_id: warehouse.id, quantity: '1', reference: { type: 'sales_order_line', id: `N-${index}` } }),
    );
    const closed = await Promise.all(closers);
    const added = await Promise.all(newcomers);

    // 3. One closer per reservation won; the others were told it is closed.
    for (let index = 0; index < holds.length; index += 1) {
      expect(tally(closed.slice(index * 3, index * 3 + 3))).toEqual({ '200': 1, '409 CORE_RESERVATION_CLOSED': 2 });
    }
    const consumed = closed.filter((result, index) => index % 3 === 1 && result.status === 200).length;
    const newReservations = added.filter((result) => result.status === 201).length;
    expect(added.every((result) => result.status === 201 || result.json.code === 'CORE_STOCK_INSUFFICIENT')).toBe(true);
    const onHand = 10 - 2 * consumed;
    expect(newReservations).toBeLessThanOrEqual(onHand);
    const levels = await productLevels(client, product.id);
    expect(levels).toMatchObject({ on_hand: String(onHand), reserved: String(newReservations), available: String(onHand - newReservations) });
    expect(await ledgerTotals(product.id)).toEqual({ on_hand: String(onHand), reserved: String(newReservations) });
  });
});
