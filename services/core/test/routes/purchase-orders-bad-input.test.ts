import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { berlinDay } from '../../src/domain/invoice-dates.js';
import type { Partner } from '../../src/domain/partner.js';
import type { Product } from '../../src/domain/product.js';
import type { Warehouse } from '../../src/domain/warehouse.js';
import { buildTestApp, type Client, companyInput, createPartner, createProduct, personInput, type TestCore } from '../helpers.js';
import { createWarehouse, stockedProduct } from '../inventory-helpers.js';
import { documentFootprint, orderClient, PURCHASE_ORDERS, type PurchaseOrder, transition } from '../orders-helpers.js';

let core: TestCore;
let client: Client;
let warehouse: Warehouse;
let supplier: Partner;
let customer: Partner;
let product: Product;
let service: Product;
let draft: PurchaseOrder;
let received: PurchaseOrder;
let before: Record<string, unknown>;

const UNKNOWN = '00000000-0000-4000-8000-000000000001';
const HOSTILE = "1' OR '1'='1'; DROP TABLE purchase_order;--";

async function send(path: string, body: unknown) {
  return client.send('POST', path, body);
}

beforeAll(async () => {
  core = await buildTestApp(inject('adminUrl'));
  client = await orderClient(core);
  warehouse = await createWarehouse(client);
  supplier = await createPartner(client, companyInput(), '/api/v1/suppliers');
  customer = await createPartner(client, personInput());
  product = await stockedProduct(client, { purchase_price: { amount: '2.00', currency: 'EUR' } });
  service = await createProduct(client, {
    sku: 'MONTAGE',
    name: 'Montage',
    unit: 'HUR',
    kind: 'service',
    net_price: { amount: '60', currency: 'EUR' },
    vat_rate: '19',
  });
  draft = (await send(PURCHASE_ORDERS, { supplier_id: supplier.id, warehouse_id: warehouse.id, lines: [{ product_id: product.id, quantity: '5' }] })).json();
  const ordered = (await transition(client, PURCHASE_ORDERS, draft, 'order')).json() as PurchaseOrder;
  draft = (await send(PURCHASE_ORDERS, { supplier_id: supplier.id, warehouse_id: warehouse.id, lines: [{ product_id: product.id, quantity: '5' }] })).json();
  received = (await transition(client, PURCHASE_ORDERS, ordered, 'receipts', { lines: [{ line_no: 1, quantity: '3' }] })).json().purchase_order;
});
afterAll(() => core.close());
beforeEach(async () => {
  before = await documentFootprint(core, client.tenantId);
});

async function expectRefused(response: { statusCode: number; headers: Record<string, unknown>; json(): unknown }, status: number, pointer?: string) {
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  if (pointer) expect(JSON.stringify((response.json() as { errors?: unknown }).errors ?? [])).toContain(`"${pointer}`);
  expect(await documentFootprint(core, client.tenantId)).toEqual(before);
}

const poBody = (overrides: Record<string, unknown> = {}, line: Record<string, unknown> = {}) => ({
  supplier_id: supplier.id,
  warehouse_id: warehouse.id,
  lines: [{ product_id: product.id, quantity: '1', ...line }],
  ...overrides,
});

describe('POST /api/v1/purchase-orders with bad input', () => {
  it.each([
    ['a negative quantity', () => poBody({}, { quantity: '-2' }), 400, '/lines/0/quantity'],
    ['a price as a JSON number', () => poBody({}, { unit_price: 2.5 }), 400, '/lines/0/unit_price'],
    ['a supplier id that is SQL', () => poBody({ supplier_id: HOSTILE }), 400, '/supplier_id'],
    ['an unknown field', () => poBody({ status: 'ordered' }), 400, '/status'],
    ['a 10 MB body', () => poBody({ notes: 'x'.repeat(10 * 1024 * 1024) }), 413, undefined],
    ['a customer as supplier', () => poBody({ supplier_id: customer.id }), 422, '/supplier_id'],
    ['an unknown product', () => poBody({}, { product_id: UNKNOWN }), 422, '/lines/0/product_id'],
    ['a service', () => poBody({}, { product_id: service.id }), 422, '/lines/0/product_id'],
    ['an unknown warehouse', () => poBody({ warehouse_id: UNKNOWN }), 422, '/warehouse_id'],
    ['another currency than the stock’s', () => poBody({ currency: 'USD', exchange_rate: '1.1' }), 422, '/currency'],
    ['an impossible expected day', () => poBody({ expected_on: '2026-02-30' }), 400, '/expected_on'],
  ])('should refuse %s and write nothing', async (_case, body, status, pointer) => {
    await expectRefused(await send(PURCHASE_ORDERS, body()), status, pointer);
  });
});

describe('purchase order transitions with bad input', () => {
  const today = () => berlinDay(new Date());
  it.each([
    ['receipts', () => received, () => ({ lines: [{ line_no: 1, quantity: '3' }] }), 422, '/lines/0/quantity'],
    ['receipts', () => received, () => ({ lines: [{ line_no: 1, quantity: 1 }] }), 400, '/lines/0/quantity'],
    ['receipts', () => received, () => ({ lines: [{ line_no: 1, quantity: '1', unit_cost: '-1' }] }), 400, '/lines/0/unit_cost'],
    ['receipts', () => received, () => ({ received_on: '2999-01-01' }), 422, '/received_on'],
    ['supplier-invoices', () => received, () => ({ number: 'A-1', invoice_date: '2999-01-01' }), 422, '/invoice_date'],
    ['supplier-invoices', () => received, () => ({ number: 'A-1', invoice_date: today(), tax: [{ rate: '19', tax: '5.00' }] }), 422, '/tax/0/tax'],
    ['supplier-invoices', () => received, () => ({ number: 'A-1', invoice_date: today(), tax: [{ rate: '19', tax: 1.14 }] }), 400, '/tax/0/tax'],
    ['supplier-invoices', () => received, () => ({ number: 'A\n1', invoice_date: today() }), 400, '/number'],
    ['supplier-invoices', () => received, () => ({ number: 'A-1', invoice_date: today(), lines: [{ line_no: 1, quantity: '4' }] }), 422, '/lines/0/quantity'],
    ['supplier-invoices', () => received, () => ({ number: 'A-1', invoice_date: today(), due_date: '2000-01-01' }), 422, '/due_date'],
  ])('should refuse POST …/%s with bad input (case %#) and write nothing', async (action, document, body, status, pointer) => {
    await expectRefused(await transition(client, PURCHASE_ORDERS, document(), action, body()), status, pointer);
  });

  it.each([
    ['receipts', () => draft],
    ['supplier-invoices', () => draft],
    ['order', () => received],
    ['cancel', () => received],
  ])('should refuse %s in the wrong state with 409 and write nothing', async (action, document) => {
    const response = await transition(
      client,
      PURCHASE_ORDERS,
      document(),
      action,
      action === 'supplier-invoices' ? { number: 'B-1', invoice_date: today() } : undefined,
    );

    expect(response.json()).toMatchObject({ code: 'CORE_PURCHASE_ORDER_TRANSITION_INVALID' });
    await expectRefused(response, 409);
  });

  it('should answer 428 without If-Match and 412 with a stale one', async () => {
    await expectRefused(await client.send('POST', `${PURCHASE_ORDERS}/${draft.id}/order`), 428);
    await expectRefused(await transition(client, PURCHASE_ORDERS, { id: draft.id, version: draft.version + 5 }, 'order'), 412);
  });
});
