import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import type { Partner } from '../../src/domain/partner.js';
import type { Product } from '../../src/domain/product.js';
import { buildTestApp, type Client, createPartner, createProduct, personInput, productInput, type TestCore } from '../helpers.js';
import { stockedProduct } from '../inventory-helpers.js';
import {
  documentFootprint,
  invoice,
  ORDERS,
  orderClient,
  orderUntil,
  postOrder,
  type SalesInvoice,
  type SalesOrder,
  type SalesSetup,
  salesSetup,
  transition,
} from '../orders-helpers.js';

let core: TestCore;
let client: Client;
let setup: SalesSetup;
let archivedCustomer: Partner;
let supplier: Partner;
let archivedProduct: Product;
let order: SalesOrder;
let confirmed: SalesOrder;
let invoiced: { invoice: SalesInvoice; order: SalesOrder };
let before: Record<string, unknown>;

const UNKNOWN = '00000000-0000-4000-8000-000000000001';
const HOSTILE = "1' OR '1'='1'; DROP TABLE sales_order;--";
const TEN_MB = 'x'.repeat(10 * 1024 * 1024);

beforeAll(async () => {
  core = await buildTestApp(inject('adminUrl'));
  client = await orderClient(core);
  setup = await salesSetup(client, '100');
  archivedCustomer = await createPartner(client, personInput({ last_name: 'Archiviert' }));
  await client.send('POST', `/api/v1/customers/${archivedCustomer.id}/archive`);
  supplier = await createPartner(client, personInput({ last_name: 'Lieferant' }), '/api/v1/suppliers');
  archivedProduct = await createProduct(client, productInput({ gtin: null }));
  await client.send('POST', `/api/v1/products/${archivedProduct.id}/archive`);
  order = await orderUntil(client, setup, 'order', '5');
  confirmed = await orderUntil(client, setup, 'confirmed', '5');
  invoiced = await invoice(client, await orderUntil(client, setup, 'delivered', '2'));
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

const orderBody = (overrides: Record<string, unknown> = {}, line: Record<string, unknown> = {}) => ({
  customer_id: setup.customer.id,
  lines: [{ product_id: setup.product.id, quantity: '1', ...line }],
  ...overrides,
});

describe('POST /api/v1/orders with bad input', () => {
  it.each([
    ['a negative quantity', () => orderBody({}, { quantity: '-1' }), '/lines/0/quantity'],
    ['a quantity as a JSON number', () => orderBody({}, { quantity: 1 }), '/lines/0/quantity'],
    ['a unit price as a JSON number', () => orderBody({}, { unit_price: 9.99 }), '/lines/0/unit_price'],
    ['a negative discount', () => orderBody({}, { discount_percent: '-5' }), '/lines/0/discount_percent'],
    ['a quantity in exponent form', () => orderBody({}, { quantity: '1e3' }), '/lines/0/quantity'],
    ['a customer id that is SQL', () => orderBody({ customer_id: HOSTILE }), '/customer_id'],
    ['a product id that is SQL', () => orderBody({}, { product_id: HOSTILE }), '/lines/0/product_id'],
    ['no lines', () => orderBody({ lines: [] }), '/lines'],
    ['an unknown field', () => orderBody({ number: 'AU-2026-99999' }), '/number'],
    ['an unknown status', () => orderBody({ status: 'invoiced' }), '/status'],
    ['a description with a line break', () => orderBody({}, { description: 'a\nb' }), '/lines/0/description'],
    ['a wrong type for lines', () => orderBody({ lines: 'all' }), '/lines'],
    ['a body that is an array', () => [orderBody()], '/'],
  ])('should answer 400 for %s and write nothing', async (_case, body, pointer) => {
    const response = await postOrder(client, body() as Record<string, unknown>);

    expect(response.json()).toMatchObject({ code: 'KIT_VALIDATION_FAILED' });
    await expectRefused(response, 400, pointer);
  });

  it.each([
    ['an unknown product', () => orderBody({}, { product_id: UNKNOWN }), '/lines/0/product_id'],
    ['an archived product', () => orderBody({}, { product_id: archivedProduct.id }), '/lines/0/product_id'],
    ['an unknown customer', () => orderBody({ customer_id: UNKNOWN }), '/customer_id'],
    ['an archived customer', () => orderBody({ customer_id: archivedCustomer.id }), '/customer_id'],
    ['a supplier as customer', () => orderBody({ customer_id: supplier.id }), '/customer_id'],
    ['a part of a piece', () => orderBody({}, { quantity: '1.5' }), '/lines/0/quantity'],
    ['a discount over 100 %', () => orderBody({}, { discount_percent: '150' }), '/lines/0/discount_percent'],
    ['a line too large for a document', () => orderBody({}, { quantity: '999999999999', unit_price: '99999999999' }), '/lines/0/quantity'],
    ['USD without exchange rate', () => orderBody({ currency: 'USD' }, { unit_price: '1' }), '/exchange_rate'],
    ['an exchange rate for EUR', () => orderBody({ exchange_rate: '1.1' }), '/exchange_rate'],
    [
      'Skonto days after the net days',
      () => orderBody({ payment_terms: { net_days: 10, skonto_percent: '2', skonto_days: 14 } }),
      '/payment_terms/skonto_days',
    ],
    ['an unknown warehouse', () => orderBody({ warehouse_id: UNKNOWN }), '/warehouse_id'],
  ])('should answer 422 for %s and write nothing', async (_case, body, pointer) => {
    const response = await postOrder(client, body());

    expect(response.json()).toMatchObject({ code: 'CORE_ORDER_INVALID' });
    await expectRefused(response, 422, pointer);
  });

  it('should answer 413 for a 10 MB body and 415 for a body that is not JSON, writing nothing', async () => {
    await expectRefused(await postOrder(client, orderBody({ notes: TEN_MB })), 413);
    await expectRefused(await client.send('POST', ORDERS, 'customer_id=1', { 'content-type': 'application/x-www-form-urlencoded' }), 415);
  });

  it('should store text that looks like SQL as typed', async () => {
    const response = await postOrder(client, orderBody({ customer_reference: HOSTILE.slice(0, 100) }));

    expect(response.statusCode).toBe(201);
    expect((response.json() as SalesOrder).customer_reference).toBe(HOSTILE.slice(0, 100));
  });
});

describe('transitions with bad input', () => {
  it.each([
    ['confirm', () => confirmed, () => ({ warehouse_id: 'x' }), 400, '/warehouse_id'],
    ['confirm', () => order, () => ({ warehouse: 'x' }), 400, '/warehouse'],
    ['deliveries', () => confirmed, () => ({ lines: [{ line_no: 1, quantity: '-1' }] }), 400, '/lines/0/quantity'],
    ['deliveries', () => confirmed, () => ({ lines: [{ line_no: 1, quantity: 2 }] }), 400, '/lines/0/quantity'],
    ['deliveries', () => confirmed, () => ({ lines: [{ line_no: '1; DROP TABLE x', quantity: '1' }] }), 400, '/lines/0/line_no'],
    ['deliveries', () => confirmed, () => ({ lines: [{ line_no: 1, quantity: '6' }] }), 422, '/lines/0/quantity'],
    ['deliveries', () => confirmed, () => ({ lines: [{ line_no: 2, quantity: '1' }] }), 422, '/lines/0/line_no'],
    ['credit-notes', () => invoiced.order, () => ({ invoice_id: invoiced.invoice.id }), 400, '/reason'],
    [
      'credit-notes',
      () => invoiced.order,
      () => ({ invoice_id: invoiced.invoice.id, reason: 'x', lines: [{ line_no: 1, quantity: '3' }] }),
      422,
      '/lines/0/quantity',
    ],
    ['credit-notes', () => invoiced.order, () => ({ invoice_id: UNKNOWN, reason: 'x' }), 422, '/invoice_id'],
    ['credit-notes', () => invoiced.order, () => ({ invoice_id: invoiced.invoice.id, reason: 'x', return_stock: 'yes' }), 400, '/return_stock'],
    ['cancel', () => order, () => ({ reason: 42 }), 400, '/reason'],
  ])('should refuse POST …/%s with bad input (case %#)', async (action, document, body, status, pointer) => {
    await expectRefused(await transition(client, ORDERS, document(), action, body()), status, pointer);
  });

  it('should refuse confirming into an unknown warehouse with 422 from the inventory, reserving nothing', async () => {
    await expectRefused(await transition(client, ORDERS, order, 'confirm', { warehouse_id: UNKNOWN }), 422, '/warehouse_id');
  });

  it('should answer 413 for a 10 MB delivery body and 400 for a malformed id, writing nothing', async () => {
    await expectRefused(await transition(client, ORDERS, confirmed, 'deliveries', { lines: [{ line_no: 1, quantity: '1' }], padding: TEN_MB }), 413);
    await expectRefused(await client.send('POST', `${ORDERS}/${encodeURIComponent(HOSTILE)}/accept`, undefined, { 'if-match': '"1"' }), 400);
  });

  it('should refuse an invalid transition over HTTP with 409 naming the state and the allowed transitions', async () => {
    const response = await transition(client, ORDERS, order, 'deliveries');

    expect(response.json()).toMatchObject({ code: 'CORE_ORDER_TRANSITION_INVALID' });
    expect(response.json().detail).toContain('is order, which does not allow "deliver". Allowed now: confirm, cancel.');
    await expectRefused(response, 409);
  });

  it.each([
    ['accept', () => confirmed],
    ['confirm', () => confirmed],
    ['invoice', () => confirmed],
    ['cancel', () => invoiced.order],
    ['deliveries', () => invoiced.order],
    ['accept', () => invoiced.order],
  ])('should refuse %s in the wrong state with 409 and write nothing', async (action, document) => {
    const response = await transition(client, ORDERS, document(), action);

    expect(response.json()).toMatchObject({ code: 'CORE_ORDER_TRANSITION_INVALID' });
    await expectRefused(response, 409);
  });
});

describe('POST /api/v1/orders/:id/confirm without enough stock', () => {
  it('should answer 409 CORE_STOCK_INSUFFICIENT and reserve nothing, leaving the order as it was', async () => {
    const scarce = await stockedProduct(client);
    const bigOrder = await postOrder(client, orderBody({ status: 'order' }, { product_id: scarce.id, quantity: '3' }));
    before = await documentFootprint(core, client.tenantId);

    const response = await transition(client, ORDERS, bigOrder.json() as SalesOrder, 'confirm', { warehouse_id: setup.warehouse.id });

    expect(response.json()).toMatchObject({ code: 'CORE_STOCK_INSUFFICIENT' });
    await expectRefused(response, 409);
  });
});
