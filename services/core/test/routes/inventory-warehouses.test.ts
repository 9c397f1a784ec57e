import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Warehouse, WarehouseLocation } from '../../src/domain/warehouse.js';
import { buildTestApp, type Client, type TestCore } from '../helpers.js';
import { createLocation, createWarehouse, INVENTORY, inventoryClient, issue, move, receive, stockedProduct, stockFootprint } from '../inventory-helpers.js';

let core: TestCore;
let client: Client;

beforeAll(async () => {
  core = await buildTestApp(inject('adminUrl'));
  client = await inventoryClient(core);
});
afterAll(() => core.close());

describe('POST /api/v1/inventory/warehouses', () => {
  it('should create a warehouse with its default location MAIN', async () => {
    const response = await client.send('POST', `${INVENTORY}/warehouses`, { code: 'HAUPT', name: ' Hauptlager München ' });

    expect(response.statusCode).toBe(201);
    const warehouse = response.json() as Warehouse;
    expect(warehouse).toMatchObject({ code: 'HAUPT', name: 'Hauptlager München', version: 1, archived_at: null });
    expect(response.headers.location).toBe(`${INVENTORY}/warehouses/${warehouse.id}`);
    expect(response.headers.etag).toBe('"1"');
    const locations = (await client.send('GET', `${INVENTORY}/warehouses/${warehouse.id}/locations`)).json().items;
    expect(locations).toEqual([expect.objectContaining({ id: warehouse.default_location_id, code: 'MAIN', name: 'Main location', is_default: true })]);
  });

  it('should name the default location as the client asks', async () => {
    const warehouse = await createWarehouse(client, { default_location: { code: 'WE-01', name: 'Wareneingang' } });

    const location = (await client.send('GET', `${INVENTORY}/locations/${warehouse.default_location_id}`)).json();

    expect(location).toMatchObject({ code: 'WE-01', name: 'Wareneingang', is_default: true, warehouse_id: warehouse.id });
  });

  it('should refuse a code another warehouse has, ignoring case, and write nothing', async () => {
    await createWarehouse(client, { code: 'Lager-Nord' });
    const before = await stockFootprint(core, client.tenantId);

    const response = await client.send('POST', `${INVENTORY}/warehouses`, { code: 'LAGER-NORD', name: 'Doppelt' });

    expect(response.json()).toMatchObject({ status: 409, code: 'CORE_WAREHOUSE_CODE_TAKEN', detail: expect.stringContaining('LAGER-NORD') });
    expect(await stockFootprint(core, client.tenantId)).toEqual(before);
  });
});

describe('GET /api/v1/inventory/warehouses', () => {
  it('should page through warehouses by code and hide archived ones unless asked', async () => {
    const own = await inventoryClient(core);
    for (const code of ['C', 'A', 'D', 'B']) await createWarehouse(own, { code });
    const archived = await createWarehouse(own, { code: 'E' });
    await own.send('POST', `${INVENTORY}/warehouses/${archived.id}/archive`);

    const first = await own.send('GET', `${INVENTORY}/warehouses?limit=3`);
    const second = await own.send('GET', `${INVENTORY}/warehouses?limit=3&cursor=${first.json().next_cursor}`);
    const all = await own.send('GET', `${INVENTORY}/warehouses?archived=all`);

    const codes = [first, second].flatMap((page) => page.json().items.map((warehouse: Warehouse) => warehouse.code));
    expect(codes).toEqual(['A', 'B', 'C', 'D']);
    expect(second.json().next_cursor).toBeNull();
    expect(all.json().items).toHaveLength(5);
  });

  it('should answer 304 to If-None-Match with the current ETag', async () => {
    const warehouse = await createWarehouse(client);

    const response = await client.send('GET', `${INVENTORY}/warehouses/${warehouse.id}`, undefined, { 'if-none-match': '"1"' });

    expect(response.statusCode).toBe(304);
  });
});

describe('PATCH /api/v1/inventory/warehouses/:id', () => {
  it('should need If-Match, refuse a stale one, and change name and code with a current one', async () => {
    const warehouse = await createWarehouse(client);

    const without = await client.send('PATCH', `${INVENTORY}/warehouses/${warehouse.id}`, { name: 'Neu' });
    const stale = await client.send('PATCH', `${INVENTORY}/warehouses/${warehouse.id}`, { name: 'Neu' }, { 'if-match': '"2"' });
    const current = await client.send('PATCH', `${INVENTORY}/warehouses/${warehouse.id}`, { name: 'Neu', code: 'NEU-1' }, { 'if-match': '"1"' });

    expect([without.json().code, stale.json().code]).toEqual(['CORE_PRECONDITION_REQUIRED', 'CORE_PRECONDITION_FAILED']);
    expect(current.json()).toMatchObject({ name: 'Neu', code: 'NEU-1', version: 2 });
    expect(current.headers.etag).toBe('"2"');
  });
});

describe('archiving warehouses', () => {
  it('should refuse to archive a warehouse that holds stock, and archive and restore it once empty', async () => {
    const warehouse = await createWarehouse(client);
    const product = await stockedProduct(client);
    await receive(client, product.id, { warehouse_id: warehouse.id }, '1');

    const full = await client.send('POST', `${INVENTORY}/warehouses/${warehouse.id}/archive`);
    await issue(client, product.id, { warehouse_id: warehouse.id }, '1');
    const empty = await client.send('POST', `${INVENTORY}/warehouses/${warehouse.id}/archive`);
    const into = await move(client, {
      kind: 'receipt',
      product_id: product.id,
      quantity: '1',
      to: { warehouse_id: warehouse.id },
      unit_cost: { amount: '1', currency: 'EUR' },
    });
    const restored = await client.send('POST', `${INVENTORY}/warehouses/${warehouse.id}/restore`);

    expect(full.json()).toMatchObject({ status: 409, code: 'CORE_WAREHOUSE_NOT_EMPTY' });
    expect(empty.json()).toMatchObject({ archived_at: expect.any(String) });
    expect(into.json()).toMatchObject({ status: 409, code: 'CORE_WAREHOUSE_ARCHIVED' });
    expect(restored.json()).toMatchObject({ archived_at: null });
  });

  it('should refuse changes and new locations while archived', async () => {
    const warehouse = await createWarehouse(client);
    await client.send('POST', `${INVENTORY}/warehouses/${warehouse.id}/archive`);

    const patch = await client.send('PATCH', `${INVENTORY}/warehouses/${warehouse.id}`, { name: 'x' }, { 'if-match': '*' });
    const location = await client.send('POST', `${INVENTORY}/warehouses/${warehouse.id}/locations`, { code: 'X' });

    expect([patch.json().code, location.json().code]).toEqual(['CORE_WAREHOUSE_ARCHIVED', 'CORE_WAREHOUSE_ARCHIVED']);
  });
});

describe('locations', () => {
  let warehouse: Warehouse;
  let shelf: WarehouseLocation;

  beforeAll(async () => {
    warehouse = await createWarehouse(client);
    shelf = await createLocation(client, warehouse, 'A-01-03', 'Regal A, Fach 3');
  });

  it('should refuse a code the warehouse already has, ignoring case, and allow it in another warehouse', async () => {
    const other = await createWarehouse(client);

    const taken = await client.send('POST', `${INVENTORY}/warehouses/${warehouse.id}/locations`, { code: 'a-01-03' });
    const elsewhere = await client.send('POST', `${INVENTORY}/warehouses/${other.id}/locations`, { code: 'a-01-03' });

    expect(taken.json()).toMatchObject({ status: 409, code: 'CORE_LOCATION_CODE_TAKEN' });
    expect(elsewhere.statusCode).toBe(201);
  });

  it('should make another location the default, which movements naming only the warehouse then use', async () => {
    const own = await createWarehouse(client);
    const bin = await createLocation(client, own, 'B-07');
    const product = await stockedProduct(client);

    const response = await client.send('PATCH', `${INVENTORY}/locations/${bin.id}`, { is_default: true }, { 'if-match': '"1"' });
    const movement = await receive(client, product.id, { warehouse_id: own.id }, '1');

    expect(response.json()).toMatchObject({ is_default: true, version: 2 });
    expect((await client.send('GET', `${INVENTORY}/locations/${own.default_location_id}`)).json()).toMatchObject({ is_default: false });
    expect((await client.send('GET', `${INVENTORY}/warehouses/${own.id}`)).json().default_location_id).toBe(bin.id);
    expect(movement.to).toEqual({ warehouse_id: own.id, location_id: bin.id });
  });

  it('should rename a location and clear its name', async () => {
    const bin = await createLocation(client, warehouse, 'R-1', 'Alt');

    const renamed = await client.send('PATCH', `${INVENTORY}/locations/${bin.id}`, { code: 'R-2', name: null }, { 'if-match': '*' });

    expect(renamed.json()).toMatchObject({ code: 'R-2', name: null, version: 2 });
  });

  it('should refuse to archive the default location or one holding stock, and archive an empty one', async () => {
    const product = await stockedProduct(client);
    await receive(client, product.id, { warehouse_id: warehouse.id, location_id: shelf.id }, '2');
    const empty = await createLocation(client, warehouse, 'LEER');

    const defaultOne = await client.send('POST', `${INVENTORY}/locations/${warehouse.default_location_id}/archive`);
    const full = await client.send('POST', `${INVENTORY}/locations/${shelf.id}/archive`);
    const archived = await client.send('POST', `${INVENTORY}/locations/${empty.id}/archive`);
    const into = await move(client, {
      kind: 'transfer',
      product_id: product.id,
      quantity: '1',
      from: { warehouse_id: warehouse.id, location_id: shelf.id },
      to: { warehouse_id: warehouse.id, location_id: empty.id },
    });

    expect(defaultOne.json()).toMatchObject({ status: 409, code: 'CORE_LOCATION_DEFAULT' });
    expect(full.json()).toMatchObject({ status: 409, code: 'CORE_LOCATION_NOT_EMPTY' });
    expect(archived.json()).toMatchObject({ archived_at: expect.any(String) });
    expect(into.json()).toMatchObject({ status: 409, code: 'CORE_LOCATION_ARCHIVED' });
    const active = (await client.send('GET', `${INVENTORY}/warehouses/${warehouse.id}/locations`)).json().items;
    expect(active.map((location: WarehouseLocation) => location.code)).not.toContain('LEER');
  });

  it('should refuse a location of another warehouse in a movement', async () => {
    const other = await createWarehouse(client);
    const product = await stockedProduct(client);

    const response = await move(client, {
      kind: 'receipt',
      product_id: product.id,
      quantity: '1',
      to: { warehouse_id: other.id, location_id: shelf.id },
      unit_cost: { amount: '1', currency: 'EUR' },
    });

    expect(response.json()).toMatchObject({ status: 422, code: 'CORE_INVENTORY_INVALID', errors: [{ pointer: '/to/location_id' }] });
  });
});
