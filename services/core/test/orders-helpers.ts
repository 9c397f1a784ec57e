import type { Permission } from '@erp/contracts';
import type { LightMyRequestResponse as Response } from 'fastify';
import type { SalesInvoice } from '../src/domain/invoice-drafts.js';
import type { Partner } from '../src/domain/partner.js';
import type { Product } from '../src/domain/product.js';
import type { PurchaseOrder } from '../src/domain/purchase-order.js';
import type { SalesOrder } from '../src/domain/sales-order.js';
import type { Warehouse } from '../src/domain/warehouse.js';
import { type Client, clientOf, companyInput, countRows, createPartner, type TestCore } from './helpers.js';
import { createWarehouse, INVENTORY_PERMISSIONS, receive, stockedProduct, stockFootprint } from './inventory-helpers.js';

export const ORDERS = '/api/v1/orders';
export const INVOICES = '/api/v1/invoices';
export const PURCHASE_ORDERS = '/api/v1/purchase-orders';

export const ORDER_PERMISSIONS: Permission[] = [
  ...INVENTORY_PERMISSIONS,
  'core.orders:read',
  'core.orders:write',
  'core.orders:invoice',
  'core.purchasing:read',
  'core.purchasing:write',
];

/** A caller of a fresh tenant (or `tenantId`) with every core permission, orders and purchasing included. */
export function orderClient(core: TestCore, tenantId?: string): Promise<Client> {
  return clientOf(core, ORDER_PERMISSIONS, tenantId);
}

/** What a sales test needs: a warehouse, a German customer with 30 days net and 2 % Skonto in 10 days, and a stocked product. */
export interface SalesSetup {
  warehouse: Warehouse;
  customer: Partner;
  product: Product;
}

export async function salesSetup(client: Client, stock = '100'): Promise<SalesSetup> {
  const warehouse = await createWarehouse(client);
  const customer = await createPartner(client, companyInput());
  const product = await stockedProduct(client, { net_price: { amount: '10.00', currency: 'EUR' }, purchase_price: { amount: '6.00', currency: 'EUR' } });
  if (stock !== '0') await receive(client, product.id, { warehouse_id: warehouse.id }, stock, '6.00');
  return { warehouse, customer, product };
}

/** Sends a POST to create an order, whatever its status. */
export function postOrder(client: Client, body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Response> {
  return client.send('POST', ORDERS, body, headers);
}

/** Creates an order and returns it; throws on anything but 201. */
export async function createOrder(client: Client, body: Record<string, unknown>): Promise<SalesOrder> {
  const response = await postOrder(client, body);
  if (response.statusCode !== 201) throw new Error(`create order failed: ${response.statusCode} ${response.body}`);
  return response.json() as SalesOrder;
}

/** POSTs a transition (`accept`, `confirm`, `deliveries`, `invoice`, `cancel`, `credit-notes`, …) with the document's ETag. */
export function transition(
  client: Client,
  path: string,
  document: { id: string; version: number },
  action: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  return client.send('POST', `${path}/${document.id}/${action}`, body, { 'if-match': `"${document.version}"`, ...headers });
}

/** Runs a transition of a sales order and returns what it answers; throws on a status other than 200 or 201. */
export async function step<Result = SalesOrder>(client: Client, order: { id: string; version: number }, action: string, body?: unknown): Promise<Result> {
  const response = await transition(client, ORDERS, order, action, body);
  if (response.statusCode !== 200 && response.statusCode !== 201) throw new Error(`${action} failed: ${response.statusCode} ${response.body}`);
  return response.json() as Result;
}

/** An order taken from quote to delivered in full (or to `until`), returning the order as it is then. */
export async function orderUntil(client: Client, setup: SalesSetup, until: 'order' | 'confirmed' | 'delivered', quantity = '3'): Promise<SalesOrder> {
  let order = await createOrder(client, { customer_id: setup.customer.id, lines: [{ product_id: setup.product.id, quantity }] });
  order = await step(client, order, 'accept');
  if (until === 'order') return order;
  order = await step(client, order, 'confirm', { warehouse_id: setup.warehouse.id });
  if (until === 'confirmed') return order;
  return (await step<{ order: SalesOrder }>(client, order, 'deliveries')).order;
}

/** Invoices an order and returns the invoice and the order. */
export function invoice(client: Client, order: SalesOrder): Promise<{ invoice: SalesInvoice; order: SalesOrder }> {
  return step(client, order, 'invoice');
}

const DOCUMENT_TABLES = [
  'document_series',
  'sales_order',
  'sales_order_line',
  'sales_delivery',
  'sales_delivery_line',
  'sales_invoice',
  'sales_invoice_line',
  'purchase_order',
  'purchase_order_line',
  'goods_receipt',
  'goods_receipt_line',
  'supplier_invoice',
  'supplier_invoice_line',
] as const;

/** Counts of the tenant's document rows, plus the stock footprint, for "nothing written" assertions. */
export async function documentFootprint(core: TestCore, tenantId: string): Promise<Record<string, unknown>> {
  const counts = await Promise.all(DOCUMENT_TABLES.map((table) => countRows(core, tenantId, table)));
  return { ...Object.fromEntries(DOCUMENT_TABLES.map((table, index) => [table, counts[index]])), ...(await stockFootprint(core, tenantId)) };
}

export type { PurchaseOrder, SalesInvoice, SalesOrder };
