import { withTenant } from '@erp/kit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { StockReservation } from '../../src/domain/stock.js';
import type { Warehouse, WarehouseLocation } from '../../src/domain/warehouse.js';
import { consumeReservation, releaseReservation, reserveStock } from '../../src/inventory/reservations.js';
import { buildTestApp, type Client, createProduct, type TestCore } from '../helpers.js';
import {
  createLocation,
  createWarehouse,
  INVENTORY,
  inventoryClient,
  move,
  productLevels,
  receive,
  reserve,
  reserved,
  stockedProduct,
  stockFootprint,
} from '../inventory-helpers.js';

let core: TestCore;
let client: Client;
let warehouse: Warehouse;
let shelf: WarehouseLocation;

beforeAll(async () => {
  core = await buildTestApp(inject('adminUrl'));
  client = await inventoryClient(core);
  warehouse = await createWarehouse(client, { code: 'RES' });
  shelf = await createLocation(client, warehouse, 'A-01');
});
afterAll(() => core.close());

/** A product with 3 on the default location and 4 on the shelf. */
async function stockedTwice() {
  const product = await stockedProduct(client);
  await receive(client, product.id, { warehouse_id: warehouse.id }, '3');
  await receive(client, product.id, { warehouse_id: warehouse.id, location_id: shelf.id }, '4');
  return product;
}

const line = (id: string) => ({ type: 'sales_order_line', id });

describe('POST /api/v1/inventory/reservations', () => {
  it('should reserve from the default location first and then the others, and lower what is available', async () => {
    const product = await stockedTwice();

    const response = await reserve(client, { product_id: product.id, warehouse_id: warehouse.id, quantity: '5', reference: line('R-1') });

    expect(response.statusCode).toBe(201);
    const reservation = response.json() as StockReservation;
    expect(reservation).toMatchObject({ status: 'active', quantity: '5', reference: line('R-1'), actor_id: client.userId, closed_at: null });
    expect(new Map(reservation.allocations.map((allocation) => [allocation.location_id, allocation.quantity]))).toEqual(
      new Map([
        [warehouse.default_location_id, '3'],
        [shelf.id, '2'],
      ]),
    );
    expect(response.headers.location).toBe(`${INVENTORY}/reservations/${reservation.id}`);
    expect(await productLevels(client, product.id)).toMatchObject({ on_hand: '7', reserved: '5', available: '2' });
  });

  it('should keep reserved stock from being issued', async () => {
    const product = await stockedTwice();
    await reserved(client, { product_id: product.id, warehouse_id: warehouse.id, location_id: shelf.id, quantity: '3', reference: line('R-2') });
    const before = await stockFootprint(core, client.tenantId);

    const response = await move(client, { kind: 'issue', product_id: product.id, quantity: '2', from: { warehouse_id: warehouse.id, location_id: shelf.id } });

    expect(response.json()).toMatchObject({
      status: 409,
      code: 'CORE_STOCK_INSUFFICIENT',
      detail: expect.stringContaining('has 1 C62 available at location A-01'),
    });
    expect(await stockFootprint(core, client.tenantId)).toEqual(before);
  });

  it('should refuse more than the named location has, naming it, and reserve nothing', async () => {
    const product = await stockedTwice();
    const before = await stockFootprint(core, client.tenantId);

    const response = await reserve(client, {
      product_id: product.id,
      warehouse_id: warehouse.id,
      location_id: shelf.id,
      quantity: '5',
      reference: line('R-3'),
    });

    expect(response.json()).toMatchObject({ status: 409, code: 'CORE_STOCK_INSUFFICIENT', detail: expect.stringContaining(`location A-01 (${shelf.id})`) });
    expect(await stockFootprint(core, client.tenantId)).toEqual(before);
  });

  it('should refuse a second active reservation of the product for the same reference, and allow one after release', async () => {
    const product = await stockedTwice();
    const first = await reserved(client, { product_id: product.id, warehouse_id: warehouse.id, quantity: '1', reference: line('R-4') });

    const second = await reserve(client, { product_id: product.id, warehouse_id: warehouse.id, quantity: '1', reference: line('R-4') });
    await client.send('POST', `${INVENTORY}/reservations/${first.id}/release`);
    const third = await reserve(client, { product_id: product.id, warehouse_id: warehouse.id, quantity: '1', reference: line('R-4') });

    expect(second.json()).toMatchObject({ status: 409, code: 'CORE_RESERVATION_EXISTS' });
    expect(third.statusCode).toBe(201);
  });

  it('should replay a reservation for a retry with the same Idempotency-Key', async () => {
    const product = await stockedTwice();
    const body = { product_id: product.id, warehouse_id: warehouse.id, quantity: '2', reference: line('R-5') };

    const first = await client.send('POST', `${INVENTORY}/reservations`, body, { 'idempotency-key': `r-${product.id}` });
    const retry = await client.send('POST', `${INVENTORY}/reservations`, body, { 'idempotency-key': `r-${product.id}` });

    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json()).toEqual(first.json());
    expect((await productLevels(client, product.id)).reserved).toBe('2');
  });
});

describe('release and consume over HTTP', () => {
  it('should release once: stock is available again, and a second release or a consume is refused', async () => {
    const product = await stockedTwice();
    const reservation = await reserved(client, { product_id: product.id, warehouse_id: warehouse.id, quantity: '4', reference: line('R-6') });

    const released = await client.send('POST', `${INVENTORY}/reservations/${reservation.id}/release`);
    const again = await client.send('POST', `${INVENTORY}/reservations/${reservation.id}/release`);
    const consumed = await client.send('POST', `${INVENTORY}/reservations/${reservation.id}/consume`);

    expect(released.json()).toMatchObject({ id: reservation.id, status: 'released', closed_by: client.userId, closed_at: expect.any(String) });
    expect(again.json()).toMatchObject({ status: 409, code: 'CORE_RESERVATION_CLOSED', detail: expect.stringContaining('already released') });
    expect(consumed.json()).toMatchObject({ status: 409, code: 'CORE_RESERVATION_CLOSED' });
    expect(await productLevels(client, product.id)).toMatchObject({ on_hand: '7', reserved: '0', available: '7' });
  });

  it('should consume once: issue the allocated quantities from their locations, and refuse a second consume', async () => {
    const product = await stockedTwice();
    const reservation = await reserved(client, { product_id: product.id, warehouse_id: warehouse.id, quantity: '5', reference: line('R-7') });

    const consumed = await client.send('POST', `${INVENTORY}/reservations/${reservation.id}/consume`);
    const again = await client.send('POST', `${INVENTORY}/reservations/${reservation.id}/consume`);

    expect(consumed.statusCode).toBe(200);
    expect(consumed.json().reservation).toMatchObject({ status: 'consumed' });
    const issued = consumed
      .json()
      .movements.map((movement: { from: { location_id: string }; quantity: string }) => [movement.from.location_id, movement.quantity]);
    expect(new Map(issued)).toEqual(
      new Map([
        [warehouse.default_location_id, '3'],
        [shelf.id, '2'],
      ]),
    );
    expect(consumed.json().movements[0]).toMatchObject({ kind: 'issue', reservation_id: reservation.id, reference: { text: null, ...line('R-7') } });
    expect(again.json()).toMatchObject({ status: 409, code: 'CORE_RESERVATION_CLOSED', detail: expect.stringContaining('already consumed') });
    expect(await productLevels(client, product.id)).toMatchObject({ on_hand: '2', reserved: '0', available: '2' });
  });

  it('should read a reservation, list them by product and status, and answer 404 for an unknown one', async () => {
    const product = await stockedTwice();
    const kept = await reserved(client, { product_id: product.id, warehouse_id: warehouse.id, quantity: '1', reference: line('R-8') });
    const gone = await reserved(client, { product_id: product.id, warehouse_id: warehouse.id, quantity: '1', reference: line('R-9') });
    await client.send('POST', `${INVENTORY}/reservations/${gone.id}/release`);

    const read = await client.send('GET', `${INVENTORY}/reservations/${kept.id}`);
    const active = await client.send('GET', `${INVENTORY}/reservations?product_id=${product.id}&status=active`);
    const first = await client.send('GET', `${INVENTORY}/reservations?product_id=${product.id}&limit=1`);
    const next = await client.send('GET', `${INVENTORY}/reservations?product_id=${product.id}&limit=1&cursor=${first.json().next_cursor}`);
    const unknown = await client.send('POST', `${INVENTORY}/reservations/00000000-0000-4000-8000-000000000001/release`);

    expect(read.json()).toEqual(kept);
    expect(active.json().items.map((item: StockReservation) => item.id)).toEqual([kept.id]);
    expect([first.json().items[0].id, next.json().items[0].id]).toEqual([gone.id, kept.id]);
    expect(unknown.json()).toMatchObject({ status: 404, code: 'CORE_RESERVATION_NOT_FOUND' });
  });
});

describe("the reservation module, inside a caller's transaction", () => {
  it("should reserve in the caller's transaction, so the caller's rollback reserves nothing", async () => {
    const product = await stockedTwice();

    const attempt = withTenant(core.db.kysely, client.tenantId, async (trx) => {
      await reserveStock(trx, client.tenantId, { productId: product.id, warehouseId: warehouse.id, quantity: '2', reference: line('M-1') });
      throw new Error('the sales order failed to save');
    });

    await expect(attempt).rejects.toThrow('the sales order failed to save');
    expect(await productLevels(client, product.id)).toMatchObject({ reserved: '0', available: '7' });
  });

  it('should release and consume by reference, for one product or all, and never twice', async () => {
    const screws = await stockedTwice();
    const nuts = await stockedTwice();
    const order = line('M-2');

    const result = await withTenant(core.db.kysely, client.tenantId, async (trx) => {
      await reserveStock(trx, client.tenantId, { productId: screws.id, warehouseId: warehouse.id, quantity: '1', reference: order, actorId: 'sales' });
      await reserveStock(trx, client.tenantId, { productId: nuts.id, warehouseId: warehouse.id, quantity: '2', reference: order, actorId: 'sales' });
      const delivered = await consumeReservation(trx, client.tenantId, { reference: order, productId: screws.id }, { actorId: 'sales' });
      const released = await releaseReservation(trx, client.tenantId, { reference: order });
      return { delivered, released };
    });
    const twice = withTenant(core.db.kysely, client.tenantId, (trx) => releaseReservation(trx, client.tenantId, { reference: order }));

    expect(result.delivered.movements).toEqual([expect.objectContaining({ product_id: screws.id, quantity: '1', actor_id: 'sales' })]);
    expect(result.released.map((reservation) => [reservation.product_id, reservation.status])).toEqual([[nuts.id, 'released']]);
    await expect(twice).rejects.toMatchObject({ code: 'CORE_RESERVATION_CLOSED', status: 409 });
    expect(await productLevels(client, screws.id)).toMatchObject({ on_hand: '6', reserved: '0' });
    expect(await productLevels(client, nuts.id)).toMatchObject({ on_hand: '7', reserved: '0' });
  });

  it('should refuse a service, an unknown warehouse and a location of another warehouse with 422', async () => {
    const service = await createProduct(client, {
      sku: 'BERATUNG-R',
      name: 'Beratung',
      unit: 'HUR',
      kind: 'service',
      net_price: { amount: '95', currency: 'EUR' },
      vat_rate: '19',
    });
    const other = await createWarehouse(client);

    const attempt = withTenant(core.db.kysely, client.tenantId, (trx) =>
      reserveStock(trx, client.tenantId, { productId: service.id, warehouseId: other.id, locationId: shelf.id, quantity: '1', reference: line('M-3') }),
    );

    await expect(attempt).rejects.toMatchObject({
      code: 'CORE_INVENTORY_INVALID',
      errors: [
        { pointer: '/product_id', detail: expect.stringContaining('service') },
        { pointer: '/location_id', detail: expect.stringContaining(other.code) },
      ],
    });
  });
});
