import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import type { Product } from '../../src/domain/product.js';
import type { Warehouse } from '../../src/domain/warehouse.js';
import { buildTestApp, type Client, createProduct, type TestCore } from '../helpers.js';
import { createWarehouse, INVENTORY, inventoryClient, receive, stockedProduct, stockFootprint } from '../inventory-helpers.js';

let core: TestCore;
let client: Client;
let warehouse: Warehouse;
let product: Product;
let service: Product;
let before: Record<string, unknown>;

const UNKNOWN = '00000000-0000-4000-8000-000000000001';
const HOSTILE = "1' OR '1'='1'; DROP TABLE stock_level;--";

beforeAll(async () => {
  core = await buildTestApp(inject('adminUrl'));
  client = await inventoryClient(core);
  warehouse = await createWarehouse(client, { code: 'BAD' });
  product = await stockedProduct(client);
  service = await createProduct(client, {
    sku: 'BERATUNG',
    name: 'Beratung',
    unit: 'HUR',
    kind: 'service',
    net_price: { amount: '95', currency: 'EUR' },
    vat_rate: '19',
  });
  await receive(client, product.id, { warehouse_id: warehouse.id }, '5');
});
afterAll(() => core.close());
beforeEach(async () => {
  before = await stockFootprint(core, client.tenantId);
});

const receipt = (overrides: Record<string, unknown> = {}) => ({
  kind: 'receipt',
  product_id: product.id,
  quantity: '1',
  to: { warehouse_id: warehouse.id },
  unit_cost: { amount: '1.00', currency: 'EUR' },
  ...overrides,
});
const reservation = (overrides: Record<string, unknown> = {}) => ({
  product_id: product.id,
  warehouse_id: warehouse.id,
  quantity: '1',
  reference: { type: 'sales_order_line', id: 'X-1' },
  ...overrides,
});

async function expectProblem(response: { statusCode: number; headers: Record<string, unknown>; json(): unknown }, status: number, pointer?: string) {
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  if (pointer) expect(JSON.stringify((response.json() as { errors?: unknown }).errors ?? [])).toContain(`"${pointer}`);
  expect(await stockFootprint(core, client.tenantId)).toEqual(before);
}

describe('POST /api/v1/inventory/movements with bad input', () => {
  it.each([
    ['a negative quantity', () => receipt({ quantity: '-1' }), '/quantity'],
    ['a quantity as a JSON number', () => receipt({ quantity: 1 }), '/quantity'],
    ['a quantity with four places', () => receipt({ quantity: '1.0001' }), '/quantity'],
    ['a quantity in exponent form', () => receipt({ quantity: '1e3' }), '/quantity'],
    ['an unknown kind', () => receipt({ kind: 'theft' }), '/kind'],
    ['a product id that is SQL', () => receipt({ product_id: HOSTILE }), '/product_id'],
    ['a unit cost as a number', () => receipt({ unit_cost: { amount: 1.5, currency: 'EUR' } }), '/unit_cost/amount'],
    ['a negative unit cost', () => receipt({ unit_cost: { amount: '-1', currency: 'EUR' } }), '/unit_cost/amount'],
    ['an unknown field', () => receipt({ lot: 'L1' }), '/lot'],
    ['an unknown field in the place', () => receipt({ to: { warehouse_id: warehouse.id, bin: 'x' } }), '/to/bin'],
    ['a reference with a line break', () => receipt({ reference: { text: 'a\nb' } }), '/reference/text'],
    ['an empty reference', () => receipt({ reference: {} }), '/reference'],
    ['a reference type that is SQL', () => receipt({ reference: { type: HOSTILE, id: '1' } }), '/reference/type'],
    ['a body that is an array', () => [receipt()], '/'],
  ])('should answer 400 for %s and write nothing', async (_case, body, pointer) => {
    const response = await client.send('POST', `${INVENTORY}/movements`, body());

    expect(response.json()).toMatchObject({ code: 'KIT_VALIDATION_FAILED' });
    await expectProblem(response, 400, pointer);
  });

  it.each([
    ['a quantity of zero', () => receipt({ quantity: '0' }), '/quantity'],
    ['half a piece', () => receipt({ quantity: '0.5' }), '/quantity'],
    ['an unknown product', () => receipt({ product_id: UNKNOWN }), '/product_id'],
    ['a service', () => receipt({ product_id: service.id }), '/product_id'],
    ['an unknown warehouse', () => receipt({ to: { warehouse_id: UNKNOWN } }), '/to/warehouse_id'],
    ['an unknown location', () => receipt({ to: { warehouse_id: warehouse.id, location_id: UNKNOWN } }), '/to/location_id'],
    ['a receipt without unit cost', () => receipt({ unit_cost: undefined }), '/unit_cost'],
    ['an issue with a unit cost', () => receipt({ kind: 'issue', to: undefined, from: { warehouse_id: warehouse.id } }), '/unit_cost'],
    ['a transfer to the same location', () => receipt({ kind: 'transfer', unit_cost: undefined, from: { warehouse_id: warehouse.id } }), '/to'],
    ['an adjustment without reason', () => receipt({ kind: 'adjustment', unit_cost: undefined }), '/reason'],
  ])('should answer 422 for %s and write nothing', async (_case, body, pointer) => {
    const response = await client.send('POST', `${INVENTORY}/movements`, body());

    expect(response.json()).toMatchObject({ code: 'CORE_INVENTORY_INVALID' });
    await expectProblem(response, 422, pointer);
  });

  it('should answer 413 for a 10 MB body and write nothing', async () => {
    const response = await client.send('POST', `${INVENTORY}/movements`, receipt({ reason: 'x'.repeat(10 * 1024 * 1024) }));

    expect(response.json()).toMatchObject({ code: 'KIT_PAYLOAD_TOO_LARGE' });
    await expectProblem(response, 413);
  });

  it('should answer 415 for a body that is not JSON', async () => {
    const response = await client.send('POST', `${INVENTORY}/movements`, '<kind>receipt</kind>', { 'content-type': 'application/xml' });

    await expectProblem(response, 415);
  });

  it('should answer 400 for malformed JSON', async () => {
    const response = await client.send('POST', `${INVENTORY}/movements`, '{"kind": "receipt",', { 'content-type': 'application/json' });

    await expectProblem(response, 400);
  });

  it('should store SQL-looking text literally', async () => {
    const response = await client.send('POST', `${INVENTORY}/movements`, receipt({ reason: HOSTILE, reference: { text: HOSTILE } }));

    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ reason: HOSTILE, reference: { text: HOSTILE } });
  });
});

describe('POST /api/v1/inventory/reservations with bad input', () => {
  it.each([
    ['a negative quantity', () => reservation({ quantity: '-1' }), 400, '/quantity'],
    ['a quantity as a number', () => reservation({ quantity: 2 }), 400, '/quantity'],
    ['no reference', () => reservation({ reference: undefined }), 400, '/reference'],
    ['a reference without id', () => reservation({ reference: { type: 'order' } }), 400, '/reference/id'],
    ['a reference type that is SQL', () => reservation({ reference: { type: HOSTILE, id: '1' } }), 400, '/reference/type'],
    ['a warehouse id that is no UUID', () => reservation({ warehouse_id: 'main' }), 400, '/warehouse_id'],
    ['a quantity of zero', () => reservation({ quantity: '0' }), 422, '/quantity'],
    ['an unknown product', () => reservation({ product_id: UNKNOWN }), 422, '/product_id'],
    ['an unknown warehouse', () => reservation({ warehouse_id: UNKNOWN }), 422, '/warehouse_id'],
    ['an unknown location', () => reservation({ location_id: UNKNOWN }), 422, '/location_id'],
  ])('should answer 4xx for %s and reserve nothing', async (_case, body, status, pointer) => {
    const response = await client.send('POST', `${INVENTORY}/reservations`, body());

    await expectProblem(response, status, pointer);
  });

  it('should answer 413 for a 10 MB body', async () => {
    const response = await client.send('POST', `${INVENTORY}/reservations`, reservation({ reference: { type: 'x', id: 'y'.repeat(10 * 1024 * 1024) } }));

    await expectProblem(response, 413);
  });
});

describe('warehouses, locations and settings with bad input', () => {
  it.each([
    ['POST', '/warehouses', {}, 400],
    ['POST', '/warehouses', { code: 'A B', name: 'x' }, 400],
    ['POST', '/warehouses', { code: HOSTILE, name: 'x' }, 400],
    ['POST', '/warehouses', { code: 'X'.repeat(21), name: 'x' }, 400],
    ['POST', '/warehouses', { code: 7, name: 'x' }, 400],
    ['POST', '/warehouses', { code: 'OK', name: 'a\u0000b' }, 400],
    ['POST', '/warehouses', { code: 'OK', name: 'x', default_location: { code: '' } }, 400],
    ['POST', '/warehouses', { code: 'OK', name: 'x'.repeat(10 * 1024 * 1024) }, 413],
    ['PATCH', `/warehouses/${UNKNOWN}`, {}, 400],
    ['PATCH', `/warehouses/${UNKNOWN}`, { name: 'x' }, 404],
    ['POST', `/warehouses/${UNKNOWN}/locations`, { code: 'A-1' }, 404],
    ['POST', '/warehouses/not-a-uuid/locations', { code: 'A-1' }, 400],
    ['PATCH', `/locations/${UNKNOWN}`, { is_default: false }, 400],
    ['PATCH', `/locations/${UNKNOWN}`, { name: 'x' }, 404],
    ['POST', `/locations/${UNKNOWN}/archive`, undefined, 404],
    ['PUT', '/settings', { valuation_method: 'lifo', currency: 'EUR' }, 400],
    ['PUT', '/settings', { valuation_method: 'fifo', currency: 978 }, 400],
    ['PUT', '/settings', {}, 400],
    ['POST', '/reservations/not-a-uuid/release', undefined, 400],
    ['POST', `/reservations/${UNKNOWN}/consume`, undefined, 404],
  ] as const)('should answer %s %s with a %s problem and write nothing', async (method, path, body, status) => {
    const response = await client.send(method, `${INVENTORY}${path}`, body, { 'if-match': '*' });

    await expectProblem(response, status);
  });

  it('should store a SQL-looking warehouse name literally', async () => {
    const warehouse = await createWarehouse(client, { name: HOSTILE });

    expect((await client.send('GET', `${INVENTORY}/warehouses/${warehouse.id}`)).json().name).toBe(HOSTILE);
  });
});

describe('reads with bad input', () => {
  it.each([
    '/movements?limit=0',
    '/movements?limit=201',
    '/movements?product_id=x',
    `/movements?product_id=${encodeURIComponent(HOSTILE)}`,
    '/movements?cursor=%27%3B--',
    '/movements?cursor=WyJ4Il0',
    '/movements/not-a-uuid',
    '/levels?warehouse_id=x',
    '/levels?cursor=WyJ4Il0',
    '/products/not-a-uuid/levels',
    '/reservations?status=open',
    '/reservations?cursor=WyIwIl0',
    '/warehouses?archived=maybe',
    '/warehouses?cursor=WyJ4Il0',
    '/locations/1',
    '/valuation?at=yesterday',
    `/valuation?at=${encodeURIComponent("2026-01-01' or 1=1")}`,
  ])('should answer 400 to GET %s', async (path) => {
    const response = await client.send('GET', `${INVENTORY}${path}`);

    await expectProblem(response, 400);
  });

  it.each([
    [`/movements/${UNKNOWN}`, 'CORE_MOVEMENT_NOT_FOUND'],
    [`/products/${UNKNOWN}/levels`, 'CORE_PRODUCT_NOT_FOUND'],
    [`/reservations/${UNKNOWN}`, 'CORE_RESERVATION_NOT_FOUND'],
    [`/warehouses/${UNKNOWN}`, 'CORE_WAREHOUSE_NOT_FOUND'],
    [`/warehouses/${UNKNOWN}/locations`, 'CORE_WAREHOUSE_NOT_FOUND'],
    [`/locations/${UNKNOWN}`, 'CORE_LOCATION_NOT_FOUND'],
  ])('should answer 404 to GET %s', async (path, code) => {
    const response = await client.send('GET', `${INVENTORY}${path}`);

    expect(response.json()).toMatchObject({ status: 404, code });
  });

  it('should list nothing for an unknown product', async () => {
    const response = await client.send('GET', `${INVENTORY}/levels?product_id=${UNKNOWN}`);

    expect(response.json()).toEqual({ items: [], next_cursor: null });
  });
});
