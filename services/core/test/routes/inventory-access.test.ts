import type { Permission } from '@erp/contracts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Product } from '../../src/domain/product.js';
import type { StockMovement, StockReservation } from '../../src/domain/stock.js';
import type { Warehouse, WarehouseLocation } from '../../src/domain/warehouse.js';
import { buildTestApp, type Client, clientOf, type TestCore } from '../helpers.js';
import {
  createLocation,
  createWarehouse,
  INVENTORY,
  INVENTORY_PERMISSIONS,
  inventoryClient,
  receive,
  reserved,
  stockedProduct,
  stockFootprint,
} from '../inventory-helpers.js';

let core: TestCore;
let owner: Client;
let intruder: Client;
let warehouse: Warehouse;
let shelf: WarehouseLocation;
let product: Product;
let movement: StockMovement;
let reservation: StockReservation;

beforeAll(async () => {
  core = await buildTestApp(inject('adminUrl'));
  owner = await inventoryClient(core);
  intruder = await inventoryClient(core);
  warehouse = await createWarehouse(owner, { code: 'GEHEIM' });
  shelf = await createLocation(owner, warehouse, 'S-1');
  product = await stockedProduct(owner);
  movement = await receive(owner, product.id, { warehouse_id: warehouse.id }, '10');
  reservation = await reserved(owner, {
    product_id: product.id,
    warehouse_id: warehouse.id,
    quantity: '2',
    reference: { type: 'sales_order_line', id: 'A-1' },
  });
});
afterAll(() => core.close());

const ID = '00000000-0000-4000-8000-000000000001';
const READ: Permission = 'core.inventory:read';
const WRITE: Permission = 'core.inventory:write';

const ROUTES = [
  { method: 'GET', url: '/warehouses', permission: READ },
  { method: 'GET', url: `/warehouses/${ID}`, permission: READ },
  { method: 'POST', url: '/warehouses', permission: WRITE, payload: { code: 'X', name: 'X' } },
  { method: 'PATCH', url: `/warehouses/${ID}`, permission: WRITE, payload: { name: 'x' } },
  { method: 'POST', url: `/warehouses/${ID}/archive`, permission: WRITE },
  { method: 'POST', url: `/warehouses/${ID}/restore`, permission: WRITE },
  { method: 'GET', url: `/warehouses/${ID}/locations`, permission: READ },
  { method: 'POST', url: `/warehouses/${ID}/locations`, permission: WRITE, payload: { code: 'X' } },
  { method: 'GET', url: `/locations/${ID}`, permission: READ },
  { method: 'PATCH', url: `/locations/${ID}`, permission: WRITE, payload: { name: 'x' } },
  { method: 'POST', url: `/locations/${ID}/archive`, permission: WRITE },
  { method: 'POST', url: `/locations/${ID}/restore`, permission: WRITE },
  { method: 'POST', url: '/movements', permission: WRITE, payload: { kind: 'issue', product_id: ID, quantity: '1', from: { warehouse_id: ID } } },
  { method: 'GET', url: '/movements', permission: READ },
  { method: 'GET', url: `/movements/${ID}`, permission: READ },
  { method: 'GET', url: '/levels', permission: READ },
  { method: 'GET', url: `/products/${ID}/levels`, permission: READ },
  { method: 'POST', url: '/reservations', permission: WRITE, payload: { product_id: ID, warehouse_id: ID, quantity: '1', reference: { type: 'x', id: '1' } } },
  { method: 'GET', url: '/reservations', permission: READ },
  { method: 'GET', url: `/reservations/${ID}`, permission: READ },
  { method: 'POST', url: `/reservations/${ID}/release`, permission: WRITE },
  { method: 'POST', url: `/reservations/${ID}/consume`, permission: WRITE },
  { method: 'GET', url: '/settings', permission: READ },
  { method: 'PUT', url: '/settings', permission: WRITE, payload: { valuation_method: 'fifo', currency: 'EUR' } },
  { method: 'GET', url: '/valuation', permission: READ },
] as const;

describe('authentication and permissions on /api/v1/inventory', () => {
  it.each(ROUTES)('should answer 401 to $method $url without a token', async (route) => {
    const response = await core.app.inject({ method: route.method, url: `${INVENTORY}${route.url}`, payload: 'payload' in route ? route.payload : undefined });

    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ code: 'KIT_UNAUTHENTICATED' });
  });

  it.each(ROUTES)('should answer 403 to $method $url for a token with every permission but $permission', async (route) => {
    const client = await clientOf(
      core,
      INVENTORY_PERMISSIONS.filter((permission) => permission !== route.permission),
    );

    const response = await client.send(route.method, `${INVENTORY}${route.url}`, 'payload' in route ? route.payload : undefined, { 'if-match': '*' });

    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ code: 'KIT_FORBIDDEN', detail: expect.stringContaining(route.permission) });
  });
});

describe('tenant isolation', () => {
  it.each([
    ['GET', () => `/warehouses/${warehouse.id}`, undefined, 'CORE_WAREHOUSE_NOT_FOUND'],
    ['PATCH', () => `/warehouses/${warehouse.id}`, { name: 'Mallory' }, 'CORE_WAREHOUSE_NOT_FOUND'],
    ['POST', () => `/warehouses/${warehouse.id}/archive`, undefined, 'CORE_WAREHOUSE_NOT_FOUND'],
    ['GET', () => `/warehouses/${warehouse.id}/locations`, undefined, 'CORE_WAREHOUSE_NOT_FOUND'],
    ['POST', () => `/warehouses/${warehouse.id}/locations`, { code: 'EVIL' }, 'CORE_WAREHOUSE_NOT_FOUND'],
    ['GET', () => `/locations/${shelf.id}`, undefined, 'CORE_LOCATION_NOT_FOUND'],
    ['PATCH', () => `/locations/${shelf.id}`, { is_default: true }, 'CORE_LOCATION_NOT_FOUND'],
    ['POST', () => `/locations/${shelf.id}/archive`, undefined, 'CORE_LOCATION_NOT_FOUND'],
    ['GET', () => `/movements/${movement.id}`, undefined, 'CORE_MOVEMENT_NOT_FOUND'],
    ['GET', () => `/products/${product.id}/levels`, undefined, 'CORE_PRODUCT_NOT_FOUND'],
    ['GET', () => `/reservations/${reservation.id}`, undefined, 'CORE_RESERVATION_NOT_FOUND'],
    ['POST', () => `/reservations/${reservation.id}/release`, undefined, 'CORE_RESERVATION_NOT_FOUND'],
    ['POST', () => `/reservations/${reservation.id}/consume`, undefined, 'CORE_RESERVATION_NOT_FOUND'],
  ] as const)("should answer 404 to another tenant's %s and change nothing", async (method, url, payload, code) => {
    const before = await stockFootprint(core, owner.tenantId);

    const response = await intruder.send(method, `${INVENTORY}${url()}`, payload, { 'if-match': '*' });

    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ code });
    expect(await stockFootprint(core, owner.tenantId)).toEqual(before);
  });

  it('should not let another tenant move or reserve the stock, naming the ids as unknown, and change nothing', async () => {
    const before = await stockFootprint(core, owner.tenantId);

    const issue = await intruder.send('POST', `${INVENTORY}/movements`, {
      kind: 'issue',
      product_id: product.id,
      quantity: '1',
      from: { warehouse_id: warehouse.id },
    });
    const hold = await intruder.send('POST', `${INVENTORY}/reservations`, {
      product_id: product.id,
      warehouse_id: warehouse.id,
      quantity: '1',
      reference: { type: 'sales_order_line', id: 'EVIL' },
    });

    expect(issue.json()).toMatchObject({ status: 422, errors: [{ pointer: '/product_id' }, { pointer: '/from/warehouse_id' }] });
    expect(hold.json()).toMatchObject({ status: 422, errors: [{ pointer: '/product_id' }, { pointer: '/warehouse_id' }] });
    expect(await stockFootprint(core, owner.tenantId)).toEqual(before);
  });

  it("should not list another tenant's warehouses, levels, movements, reservations or valuation", async () => {
    const paths = [
      '/warehouses?archived=all',
      `/levels?product_id=${product.id}`,
      `/movements?product_id=${product.id}`,
      `/reservations?product_id=${product.id}`,
    ];

    const lists = await Promise.all(paths.map((path) => intruder.send('GET', `${INVENTORY}${path}`)));
    const valuation = await intruder.send('GET', `${INVENTORY}/valuation`);

    expect(lists.map((response) => response.json())).toEqual(paths.map(() => ({ items: [], next_cursor: null })));
    expect(valuation.json()).toMatchObject({ items: [], total_value: '0' });
    expect((await owner.send('GET', `${INVENTORY}/valuation`)).json().items).toHaveLength(1);
  });

  it("should keep each tenant's settings apart", async () => {
    await intruder.send('PUT', `${INVENTORY}/settings`, { valuation_method: 'fifo', currency: 'EUR' });

    expect((await owner.send('GET', `${INVENTORY}/settings`)).json().valuation_method).toBe('moving_average');
  });
});

describe('GET /docs/json', () => {
  it('should describe every inventory route', async () => {
    const response = await core.app.inject({ method: 'GET', url: '/docs/json' });

    const paths = Object.keys(response.json().paths);
    const expected = [...new Set(ROUTES.map((route) => `${INVENTORY}${route.url.replaceAll(ID, '{id}')}`))];
    expect(paths).toEqual(expect.arrayContaining(expected));
  });
});
