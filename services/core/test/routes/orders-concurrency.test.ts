import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildTestApp, type Client, type TestCore } from '../helpers.js';
import { productLevels, receive, stockedProduct } from '../inventory-helpers.js';
import { createOrder, ORDER_PERMISSIONS, ORDERS, orderClient, type SalesOrder, type SalesSetup, salesSetup, step } from '../orders-helpers.js';

let core: TestCore;
let client: Client;
let setup: SalesSetup;
let baseUrl: string;
let authorization: string;

beforeAll(async () => {
  core = await buildTestApp(inject('adminUrl'));
  client = await orderClient(core);
  setup = await salesSetup(client, '0');
  // Real HTTP on a free port: the requests race in the server and in PostgreSQL, not one after another in inject().
  baseUrl = await core.app.listen({ port: 0, host: '127.0.0.1' });
  authorization = await core.tokens.bearer({ tenantId: client.tenantId, userId: client.userId, permissions: ORDER_PERMISSIONS, ttlS: 3600 });
});
afterAll(() => core.close());

async function post(order: SalesOrder, action: string, body?: unknown): Promise<{ status: number; json: { code?: string } & Record<string, unknown> }> {
  const headers: Record<string, string> = { authorization, 'if-match': `"${order.version}"` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${baseUrl}${ORDERS}/${order.id}/${action}`, {
    method: 'POST',
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as { code?: string } };
}

function tally(results: readonly { status: number; json: { code?: string } }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { status, json } of results) {
    const key = status < 300 ? String(status) : `${status} ${json.code}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

async function acceptedOrders(count: number, productId: string, quantity: string): Promise<SalesOrder[]> {
  const orders: SalesOrder[] = [];
  for (let index = 0; index < count; index += 1)
    orders.push(await createOrder(client, { customer_id: setup.customer.id, status: 'order', lines: [{ product_id: productId, quantity }] }));
  return orders;
}

describe('concurrent confirmations for the last units', () => {
  it('should let exactly one of two orders reserve the last 5 units; the other gets 409 and reserves nothing', async () => {
    const product = await stockedProduct(client);
    await receive(client, product.id, { warehouse_id: setup.warehouse.id }, '5');
    const orders = await acceptedOrders(2, product.id, '5');

    const results = await Promise.all(orders.map((order) => post(order, 'confirm', { warehouse_id: setup.warehouse.id })));

    expect(tally(results)).toEqual({ '200': 1, '409 CORE_STOCK_INSUFFICIENT': 1 });
    expect(await productLevels(client, product.id)).toMatchObject({ on_hand: '5', reserved: '5', available: '0' });
    const statuses = await Promise.all(orders.map(async (order) => ((await client.send('GET', `${ORDERS}/${order.id}`)).json() as SalesOrder).status));
    expect(statuses.sort()).toEqual(['confirmed', 'order']);
  });

  it('should never double-spend: of 12 orders of 1 unit for 4 units, exactly 4 are confirmed', async () => {
    const product = await stockedProduct(client);
    await receive(client, product.id, { warehouse_id: setup.warehouse.id }, '4');
    const orders = await acceptedOrders(12, product.id, '1');

    const results = await Promise.all(orders.map((order) => post(order, 'confirm', { warehouse_id: setup.warehouse.id })));

    expect(tally(results)).toEqual({ '200': 4, '409 CORE_STOCK_INSUFFICIENT': 8 });
    expect(await productLevels(client, product.id)).toMatchObject({ on_hand: '4', reserved: '4', available: '0' });
  });

  it('should let only one of two writers with the same ETag confirm an order', async () => {
    const product = await stockedProduct(client);
    await receive(client, product.id, { warehouse_id: setup.warehouse.id }, '10');
    const [order] = await acceptedOrders(1, product.id, '2');
    if (!order) throw new Error('no order');

    const results = await Promise.all([
      post(order, 'confirm', { warehouse_id: setup.warehouse.id }),
      post(order, 'confirm', { warehouse_id: setup.warehouse.id }),
    ]);

    expect(tally(results)).toEqual({ '200': 1, '412 CORE_PRECONDITION_FAILED': 1 });
    expect((await productLevels(client, product.id)).reserved).toBe('2');
  });
});

describe('20 parallel invoicings', () => {
  it('should draw 20 consecutive invoice numbers without a gap or a duplicate', async () => {
    const product = await stockedProduct(client);
    await receive(client, product.id, { warehouse_id: setup.warehouse.id }, '100');
    const delivered: SalesOrder[] = [];
    for (const order of await acceptedOrders(20, product.id, '1')) {
      const confirmed = await step(client, order, 'confirm', { warehouse_id: setup.warehouse.id });
      delivered.push((await step<{ order: SalesOrder }>(client, confirmed, 'deliveries')).order);
    }

    const results = await Promise.all(delivered.map((order) => post(order, 'invoice')));

    expect(tally(results)).toEqual({ '201': 20 });
    const numbers = results.map((result) => (result.json.invoice as { number: string }).number).sort();
    const year = numbers[0]?.slice(3, 7);
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, index) => `RE-${year}-${String(index + 1).padStart(5, '0')}`));
  });
});
