import { withTenant } from '@erp/kit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Product } from '../../src/domain/product.js';
import type { Warehouse, WarehouseLocation } from '../../src/domain/warehouse.js';
import { type ReservationItem, reserveStocks } from '../../src/inventory/reservations.js';
import { buildTestApp, type Client, type TestCore } from '../helpers.js';
import { createLocation, createWarehouse, inventoryClient, productLevels, receive, reserved, stockedProduct, stockFootprint } from '../inventory-helpers.js';

let core: TestCore;
let client: Client;
let warehouse: Warehouse;
let shelf: WarehouseLocation;

beforeAll(async () => {
  core = await buildTestApp(inject('adminUrl'));
  client = await inventoryClient(core);
  warehouse = await createWarehouse(client);
  shelf = await createLocation(client, warehouse, 'B-01');
});
afterAll(() => core.close());

let lineCounter = 0;
function line(): { type: string; id: string } {
  lineCounter += 1;
  return { type: 'sales_order_line', id: `BATCH-${lineCounter}` };
}

/** A product with 3 at the warehouse's default location and 5 on the shelf. */
async function stockedAtTwoPlaces(): Promise<Product> {
  const product = await stockedProduct(client);
  await receive(client, product.id, { warehouse_id: warehouse.id }, '3');
  await receive(client, product.id, { warehouse_id: warehouse.id, location_id: shelf.id }, '5');
  return product;
}

function reserveAll(items: ReservationItem[]) {
  return withTenant(core.db.kysely, client.tenantId, (trx) => reserveStocks(trx, client.tenantId, { warehouseId: warehouse.id, actorId: 'sales', items }));
}

/** What a call that should fail threw; `undefined` if it did not fail. */
async function refusal(attempt: Promise<unknown>): Promise<unknown> {
  return attempt.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('reserveStocks', () => {
  it('should let a later item of a product take what earlier ones left: the default location first, then the others', async () => {
    const product = await stockedAtTwoPlaces();

    const [first, second] = await reserveAll([
      { productId: product.id, quantity: '2', reference: line() },
      { productId: product.id, quantity: '4', reference: line() },
    ]);

    expect(first?.allocations).toEqual([{ location_id: warehouse.default_location_id, quantity: '2' }]);
    expect(second?.allocations).toEqual(
      [
        { location_id: warehouse.default_location_id, quantity: '1' },
        { location_id: shelf.id, quantity: '3' },
      ].sort((a, b) => a.location_id.localeCompare(b.location_id)),
    );
    expect(await productLevels(client, product.id)).toMatchObject({ on_hand: '8', reserved: '6', available: '2' });
  });

  it('should answer what the API then shows for each reservation', async () => {
    const product = await stockedAtTwoPlaces();

    const [made] = await reserveAll([{ productId: product.id.toUpperCase(), quantity: '4.000', reference: line() }]);

    const shown = await client.send('GET', `/api/v1/inventory/reservations/${made?.id}`);
    expect(made).toEqual(shown.json());
    expect(made).toMatchObject({ product_id: product.id, quantity: '4', status: 'active', actor_id: 'sales' });
  });

  it('should reserve all items or none: the first that lacks stock refuses the batch with 409, naming what is available', async () => {
    const plenty = await stockedAtTwoPlaces();
    const scarce = await stockedAtTwoPlaces();
    const before = await stockFootprint(core, client.tenantId);

    const attempt = reserveAll([
      { productId: plenty.id, quantity: '1', reference: line() },
      { productId: scarce.id, quantity: '5', reference: line() },
      { productId: scarce.id, quantity: '4', reference: line() },
    ]);

    await expect(attempt).rejects.toMatchObject({ code: 'CORE_STOCK_INSUFFICIENT', status: 409, detail: expect.stringContaining('has 3 C62 available') });
    expect(await stockFootprint(core, client.tenantId)).toEqual(before);
  });

  it('should refuse a product that never moved with 409 (nothing on hand), not 500', async () => {
    const untouched = await stockedProduct(client);

    const attempt = reserveAll([{ productId: untouched.id, quantity: '1', reference: line() }]);

    await expect(attempt).rejects.toMatchObject({ code: 'CORE_STOCK_INSUFFICIENT', status: 409 });
  });

  it('should refuse a reference that already holds the product, in the database or earlier in the batch', async () => {
    const product = await stockedAtTwoPlaces();
    const held = line();
    await reserved(client, { product_id: product.id, warehouse_id: warehouse.id, quantity: '1', reference: held });
    const twice = line();

    const again = await refusal(reserveAll([{ productId: product.id, quantity: '1', reference: held }]));
    const doubled = await refusal(
      reserveAll([
        { productId: product.id, quantity: '1', reference: twice },
        { productId: product.id, quantity: '1', reference: twice },
      ]),
    );

    expect(again).toMatchObject({ code: 'CORE_RESERVATION_EXISTS', status: 409 });
    expect(doubled).toMatchObject({ code: 'CORE_RESERVATION_EXISTS', status: 409 });
    expect(await productLevels(client, product.id)).toMatchObject({ reserved: '1' });
  });

  it('should refuse an archived warehouse with 409 and an unknown one with 422', async () => {
    const product = await stockedAtTwoPlaces();
    const empty = await createWarehouse(client);
    await client.send('POST', `/api/v1/inventory/warehouses/${empty.id}/archive`);

    const reserveIn = (warehouseId: string) =>
      refusal(
        withTenant(core.db.kysely, client.tenantId, (trx) =>
          reserveStocks(trx, client.tenantId, { warehouseId, items: [{ productId: product.id, quantity: '1', reference: line() }] }),
        ),
      );

    const archived = await reserveIn(empty.id);
    const unknown = await reserveIn('00000000-0000-4000-8000-000000000001');

    expect(archived).toMatchObject({ code: 'CORE_WAREHOUSE_ARCHIVED', status: 409 });
    expect(unknown).toMatchObject({ code: 'CORE_INVENTORY_INVALID', errors: [{ pointer: '/warehouse_id' }] });
  });
});
