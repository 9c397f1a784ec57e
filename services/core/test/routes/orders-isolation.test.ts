import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { berlinDay } from '../../src/domain/invoice-dates.js';
import type { Partner } from '../../src/domain/partner.js';
import { buildTestApp, type Client, clientOf, companyInput, createPartner, type TestCore } from '../helpers.js';
import {
  documentFootprint,
  INVOICES,
  invoice,
  ORDERS,
  orderClient,
  orderUntil,
  PURCHASE_ORDERS,
  type PurchaseOrder,
  type SalesInvoice,
  type SalesOrder,
  type SalesSetup,
  salesSetup,
} from '../orders-helpers.js';

let core: TestCore;
let owner: Client;
let intruder: Client;
let ownerSetup: SalesSetup;
let intruderSetup: SalesSetup;
let order: SalesOrder;
let issued: SalesInvoice;
let ownerSupplier: Partner;
let purchaseOrder: PurchaseOrder;

beforeAll(async () => {
  core = await buildTestApp(inject('adminUrl'));
  owner = await orderClient(core);
  intruder = await orderClient(core);
  ownerSetup = await salesSetup(owner);
  intruderSetup = await salesSetup(intruder);
  order = await orderUntil(owner, ownerSetup, 'confirmed', '4');
  ({ invoice: issued } = await invoice(owner, await orderUntil(owner, ownerSetup, 'delivered', '1')));
  ownerSupplier = await createPartner(owner, companyInput(), '/api/v1/suppliers');
  const created = await owner.send('POST', PURCHASE_ORDERS, {
    supplier_id: ownerSupplier.id,
    warehouse_id: ownerSetup.warehouse.id,
    lines: [{ product_id: ownerSetup.product.id, quantity: '2' }],
  });
  purchaseOrder = created.json() as PurchaseOrder;
});
afterAll(() => core.close());

const ANY = { 'if-match': '*' };

describe('tenant isolation of sales and purchasing documents', () => {
  it('should answer 404 to another tenant for every route on an order, invoice or purchase order, and write nothing anywhere', async () => {
    const before = [await documentFootprint(core, owner.tenantId), await documentFootprint(core, intruder.tenantId)];
    const requests: [string, string, unknown?][] = [
      ['GET', `${ORDERS}/${order.id}`],
      ['POST', `${ORDERS}/${order.id}/accept`],
      ['POST', `${ORDERS}/${order.id}/confirm`, { warehouse_id: intruderSetup.warehouse.id }],
      ['POST', `${ORDERS}/${order.id}/deliveries`],
      ['POST', `${ORDERS}/${order.id}/invoice`],
      ['POST', `${ORDERS}/${order.id}/cancel`],
      ['POST', `${ORDERS}/${order.id}/credit-notes`, { invoice_id: issued.id, reason: 'x' }],
      ['GET', `${INVOICES}/${issued.id}`],
      ['GET', `${PURCHASE_ORDERS}/${purchaseOrder.id}`],
      ['POST', `${PURCHASE_ORDERS}/${purchaseOrder.id}/order`],
      ['POST', `${PURCHASE_ORDERS}/${purchaseOrder.id}/cancel`],
      ['POST', `${PURCHASE_ORDERS}/${purchaseOrder.id}/receipts`],
      ['POST', `${PURCHASE_ORDERS}/${purchaseOrder.id}/supplier-invoices`, { number: 'X-1', invoice_date: berlinDay(new Date()) }],
    ];

    const responses = await Promise.all(requests.map(([method, url, body]) => intruder.send(method as 'GET', url, body, ANY)));

    expect(responses.map((response) => response.statusCode)).toEqual(requests.map(() => 404));
    expect(await documentFootprint(core, owner.tenantId)).toEqual(before[0]);
    expect(await documentFootprint(core, intruder.tenantId)).toEqual(before[1]);
    expect((await owner.send('GET', `${ORDERS}/${order.id}`)).json()).toMatchObject({ status: 'confirmed', version: order.version });
  });

  it('should list none of another tenant’s documents, even filtered by its customer or supplier', async () => {
    const lists = await Promise.all([
      intruder.send('GET', ORDERS),
      intruder.send('GET', `${ORDERS}?customer_id=${ownerSetup.customer.id}`),
      intruder.send('GET', INVOICES),
      intruder.send('GET', `${INVOICES}?order_id=${order.id}`),
      intruder.send('GET', PURCHASE_ORDERS),
      intruder.send('GET', `${PURCHASE_ORDERS}?supplier_id=${ownerSupplier.id}`),
    ]);

    for (const list of lists) expect(list.json().items).toEqual([]);
    expect((await owner.send('GET', ORDERS)).json().items.length).toBeGreaterThan(0);
  });

  it('should refuse another tenant’s customer, product, supplier, warehouse and invoice named in a body with 422', async () => {
    const before = await documentFootprint(core, intruder.tenantId);
    const ownOrder = await orderUntil(intruder, intruderSetup, 'delivered', '1');
    const { order: ownInvoiced } = await invoice(intruder, ownOrder);
    const afterSetup = await documentFootprint(core, intruder.tenantId);

    const responses = await Promise.all([
      intruder.send('POST', ORDERS, { customer_id: ownerSetup.customer.id, lines: [{ product_id: intruderSetup.product.id, quantity: '1' }] }),
      intruder.send('POST', ORDERS, { customer_id: intruderSetup.customer.id, lines: [{ product_id: ownerSetup.product.id, quantity: '1' }] }),
      intruder.send('POST', PURCHASE_ORDERS, {
        supplier_id: ownerSupplier.id,
        warehouse_id: intruderSetup.warehouse.id,
        lines: [{ product_id: intruderSetup.product.id, quantity: '1' }],
      }),
      intruder.send('POST', `${ORDERS}/${ownInvoiced.id}/credit-notes`, { invoice_id: issued.id, reason: 'x' }, { 'if-match': `"${ownInvoiced.version}"` }),
    ]);

    expect(responses.map((response) => [response.statusCode, response.json().errors?.[0]?.pointer])).toEqual([
      [422, '/customer_id'],
      [422, '/lines/0/product_id'],
      [422, '/supplier_id'],
      [422, '/invoice_id'],
    ]);
    expect(before).not.toEqual(afterSetup);
    expect(await documentFootprint(core, intruder.tenantId)).toEqual(afterSetup);
  });
});

describe('permissions', () => {
  it('should answer 403 on every route to a caller without the orders or purchasing permissions', async () => {
    const stranger = await clientOf(core, ['core.customers:read', 'core.products:read'], owner.tenantId);
    const reader = await clientOf(core, ['core.orders:read', 'core.purchasing:read'], owner.tenantId);
    const routes: [Client, string, string][] = [
      [stranger, 'GET', ORDERS],
      [stranger, 'GET', `${ORDERS}/${order.id}`],
      [stranger, 'GET', INVOICES],
      [stranger, 'GET', PURCHASE_ORDERS],
      [reader, 'POST', ORDERS],
      [reader, 'POST', `${ORDERS}/${order.id}/confirm`],
      [reader, 'POST', `${ORDERS}/${order.id}/invoice`],
      [reader, 'POST', `${ORDERS}/${order.id}/credit-notes`],
      [reader, 'POST', PURCHASE_ORDERS],
      [reader, 'POST', `${PURCHASE_ORDERS}/${purchaseOrder.id}/receipts`],
    ];

    const responses = await Promise.all(routes.map(([client, method, url]) => client.send(method as 'GET', url, method === 'POST' ? {} : undefined, ANY)));

    expect(responses.map((response) => response.statusCode)).toEqual(routes.map(() => 403));
  });

  it('should need core.orders:invoice to invoice: core.orders:write alone is not enough', async () => {
    const clerk = await clientOf(core, ['core.orders:read', 'core.orders:write'], owner.tenantId);
    const delivered = await orderUntil(owner, ownerSetup, 'delivered', '1');

    const response = await clerk.send('POST', `${ORDERS}/${delivered.id}/invoice`, undefined, { 'if-match': `"${delivered.version}"` });

    expect(response.statusCode).toBe(403);
  });
});
