import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Product } from '../../src/domain/product.js';
import type { StockMovement } from '../../src/domain/stock.js';
import type { Warehouse, WarehouseLocation } from '../../src/domain/warehouse.js';
import type { Client } from '../helpers.js';
import { buildTestApp, type TestCore } from '../helpers.js';
import {
  createLocation,
  createWarehouse,
  INVENTORY,
  inventoryClient,
  issue,
  move,
  productLevels,
  receive,
  recorded,
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
  warehouse = await createWarehouse(client, { code: 'HAUPT' });
  shelf = await createLocation(client, warehouse, 'A-01');
});
afterAll(() => core.close());

const main = () => ({ warehouse_id: warehouse.id });
const atShelf = () => ({ warehouse_id: warehouse.id, location_id: shelf.id });

describe('POST /api/v1/inventory/movements', () => {
  it('should receive stock into the default location, with its unit cost and value, and raise the level', async () => {
    const product = await stockedProduct(client);

    const response = await move(client, {
      kind: 'receipt',
      product_id: product.id,
      quantity: '12',
      to: main(),
      unit_cost: { amount: '2.5', currency: 'EUR' },
      reason: 'Wareneingang',
      reference: { text: 'Lieferschein 4711', type: 'purchase_order', id: 'B-2026-17' },
    });

    expect(response.statusCode).toBe(201);
    const movement = response.json() as StockMovement;
    expect(movement).toMatchObject({
      kind: 'receipt',
      product_id: product.id,
      quantity: '12',
      unit: 'C62',
      from: null,
      to: { warehouse_id: warehouse.id, location_id: warehouse.default_location_id },
      unit_cost: { amount: '2.5', currency: 'EUR' },
      value: { amount: '30', currency: 'EUR' },
      reason: 'Wareneingang',
      reference: { text: 'Lieferschein 4711', type: 'purchase_order', id: 'B-2026-17' },
      reservation_id: null,
      actor_id: client.userId,
    });
    expect(response.headers.location).toBe(`${INVENTORY}/movements/${movement.id}`);
    expect(await productLevels(client, product.id)).toMatchObject({ on_hand: '12', reserved: '0', available: '12' });
  });

  it('should issue stock and lower the level exactly, in decimals of the unit', async () => {
    const product = await stockedProduct(client, { unit: 'KGM' });
    await receive(client, product.id, atShelf(), '10.5');

    const movement = await issue(client, product.id, atShelf(), '0.125');

    expect(movement).toMatchObject({ kind: 'issue', quantity: '0.125', from: atShelf(), to: null, unit_cost: null, value: { amount: '0.125' } });
    const levels = await productLevels(client, product.id);
    expect(levels.levels).toEqual([expect.objectContaining({ location_id: shelf.id, on_hand: '10.375', reserved: '0', available: '10.375', incoming: '0' })]);
  });

  it('should transfer between two locations atomically, changing no value', async () => {
    const product = await stockedProduct(client);
    await receive(client, product.id, main(), '8');

    const movement = await recorded(client, { kind: 'transfer', product_id: product.id, quantity: '3', from: main(), to: atShelf() });

    expect(movement).toMatchObject({ kind: 'transfer', value: { amount: '0' }, unit_cost: null });
    const levels = await productLevels(client, product.id);
    expect(levels.on_hand).toBe('8');
    expect(Object.fromEntries(levels.levels.map((level) => [level.location_id, level.on_hand]))).toEqual({
      [warehouse.default_location_id]: '5',
      [shelf.id]: '3',
    });
  });

  it('should adjust stock down or up with a reason, valuing found stock at the current unit cost', async () => {
    const product = await stockedProduct(client);
    await receive(client, product.id, main(), '10', '4.00');

    const missing = await recorded(client, { kind: 'adjustment', product_id: product.id, quantity: '2', from: main(), reason: 'Inventur: Bruch' });
    const found = await recorded(client, { kind: 'adjustment', product_id: product.id, quantity: '1', to: atShelf(), reason: 'Inventur: gefunden' });

    expect(missing).toMatchObject({ value: { amount: '8' }, unit_cost: null });
    expect(found).toMatchObject({ value: { amount: '4' }, unit_cost: { amount: '4' } });
    expect((await productLevels(client, product.id)).on_hand).toBe('9');
  });

  it('should take a customer return back into stock at the cost given', async () => {
    const product = await stockedProduct(client);

    const movement = await recorded(client, {
      kind: 'return',
      product_id: product.id,
      quantity: '2',
      to: main(),
      unit_cost: { amount: '1.10', currency: 'eur' },
      reference: { type: 'sales_order', id: 'A-100' },
    });

    expect(movement).toMatchObject({ kind: 'return', value: { amount: '2.2' }, reference: { text: null, type: 'sales_order', id: 'A-100' } });
  });

  it('should replay a movement for a retry with the same Idempotency-Key and move the stock once', async () => {
    const product = await stockedProduct(client);
    const body = { kind: 'receipt', product_id: product.id, quantity: '5', to: main(), unit_cost: { amount: '1', currency: 'EUR' } };

    const first = await move(client, body, { 'idempotency-key': `receipt-${product.id}` });
    const retry = await move(client, body, { 'idempotency-key': `receipt-${product.id}` });

    expect([first.statusCode, retry.statusCode]).toEqual([201, 201]);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json()).toEqual(first.json());
    expect((await productLevels(client, product.id)).on_hand).toBe('5');
  });
});

describe('stock never goes negative', () => {
  it('should refuse an issue beyond the available stock with a 409 naming product, location, available and requested, and write nothing', async () => {
    const product: Product = await stockedProduct(client, { sku: 'KNAPP-1' });
    await receive(client, product.id, atShelf(), '3');
    const before = await stockFootprint(core, client.tenantId);

    const response = await move(client, { kind: 'issue', product_id: product.id, quantity: '4', from: atShelf() });

    expect(response.statusCode).toBe(409);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ status: 409, code: 'CORE_STOCK_INSUFFICIENT' });
    const detail: string = response.json().detail;
    for (const part of ['KNAPP-1', product.id, 'A-01', shelf.id, 'HAUPT', 'has 3 C62 available', '4 C62 were requested']) expect(detail).toContain(part);
    expect(await stockFootprint(core, client.tenantId)).toEqual(before);
  });

  it('should refuse an issue from a location that never held the product', async () => {
    const product = await stockedProduct(client);
    await receive(client, product.id, main(), '3');
    const before = await stockFootprint(core, client.tenantId);

    const response = await move(client, { kind: 'issue', product_id: product.id, quantity: '1', from: atShelf() });

    expect(response.json()).toMatchObject({ status: 409, code: 'CORE_STOCK_INSUFFICIENT', detail: expect.stringContaining('has 0 C62 available') });
    expect(await stockFootprint(core, client.tenantId)).toEqual(before);
  });

  it('should let an issue take the last unit, and refuse a transfer of more than remains', async () => {
    const product = await stockedProduct(client);
    await receive(client, product.id, main(), '2');

    const last = await move(client, { kind: 'issue', product_id: product.id, quantity: '2', from: main() });
    const transfer = await move(client, { kind: 'transfer', product_id: product.id, quantity: '1', from: main(), to: atShelf() });

    expect([last.statusCode, transfer.statusCode]).toEqual([201, 409]);
    expect(await productLevels(client, product.id)).toMatchObject({ on_hand: '0', available: '0' });
  });
});

describe('GET /api/v1/inventory/movements', () => {
  it('should page through the ledger newest first, filtered by product and by warehouse', async () => {
    const product = await stockedProduct(client);
    const other = await createWarehouse(client, { code: 'NEBEN' });
    await receive(client, product.id, main(), '10');
    await receive(client, product.id, { warehouse_id: other.id }, '1');
    await issue(client, product.id, main(), '1');
    await issue(client, product.id, main(), '2');

    const first = await client.send('GET', `${INVENTORY}/movements?product_id=${product.id}&limit=3`);
    const second = await client.send('GET', `${INVENTORY}/movements?product_id=${product.id}&limit=3&cursor=${first.json().next_cursor}`);
    const inOther = await client.send('GET', `${INVENTORY}/movements?warehouse_id=${other.id}`);

    const quantities = [first, second].flatMap((page) => page.json().items.map((movement: StockMovement) => `${movement.kind} ${movement.quantity}`));
    expect(quantities).toEqual(['issue 2', 'issue 1', 'receipt 1', 'receipt 10']);
    expect(second.json().next_cursor).toBeNull();
    expect(inOther.json().items).toHaveLength(1);
  });

  it('should read one movement by id', async () => {
    const product = await stockedProduct(client);
    const movement = await receive(client, product.id, main(), '1');

    const response = await client.send('GET', `${INVENTORY}/movements/${movement.id}`);

    expect(response.json()).toEqual(movement);
  });
});
