import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildTestApp, type Client, companyInput, countRows, createPartner, type TestCore } from '../helpers.js';
import { createOrder, ORDERS, orderClient, postOrder, type SalesOrder, type SalesSetup, salesSetup, step } from '../orders-helpers.js';

let core: TestCore;
let client: Client;
let setup: SalesSetup;

beforeAll(async () => {
  core = await buildTestApp(inject('adminUrl'));
  client = await orderClient(core);
  setup = await salesSetup(client);
});
afterAll(() => core.close());

describe('POST /api/v1/orders', () => {
  it('should create a quote with the product’s price and VAT, the customer’s terms and a Location and ETag', async () => {
    const response = await postOrder(client, {
      customer_id: setup.customer.id,
      customer_reference: 'Bestellung 4711',
      lines: [{ product_id: setup.product.id, quantity: '3', discount_percent: '2.5' }],
    });

    expect(response.statusCode).toBe(201);
    const order = response.json() as SalesOrder;
    expect(response.headers.location).toBe(`${ORDERS}/${order.id}`);
    expect(response.headers.etag).toBe('"1"');
    // 3 × 10.00 less 2.5 % = 29.25; 19 % = 5.5575 → 5.56.
    expect(order).toMatchObject({
      status: 'quote',
      customer: { id: setup.customer.id, number: setup.customer.number, name: setup.customer.name, country: 'DE' },
      currency: 'EUR',
      exchange_rate: null,
      payment_terms: { net_days: 30, skonto_percent: '2.00', skonto_days: 10 },
      lines: [
        { line_no: 1, sku: setup.product.sku, unit: 'C62', unit_price: '10', discount_percent: '2.5', vat_rate: '19', tax_category: 'S', net_amount: '29.25' },
      ],
      totals: { net: '29.25', tax: [{ tax_category: 'S', rate: '19', base: '29.25', tax: '5.56' }], tax_total: '5.56', gross: '34.81' },
    });
  });

  it('should treat a business customer in another member state as an intra-community supply without VAT', async () => {
    const austrian = await createPartner(
      client,
      companyInput({
        vat_id: 'ATU13585627',
        addresses: [{ type: 'billing', is_default: true, street: 'Ring 1', postal_code: '1010', city: 'Wien', country: 'AT' }],
      }),
    );

    const order = await createOrder(client, { customer_id: austrian.id, lines: [{ product_id: setup.product.id, quantity: '1' }] });

    expect(order.lines[0]).toMatchObject({ tax_category: 'K', vat_rate: '0' });
    expect(order.totals).toEqual({ net: '10.00', tax: [{ tax_category: 'K', rate: '0', base: '10.00', tax: '0.00' }], tax_total: '0.00', gross: '10.00' });
  });

  it('should replay a create with the same Idempotency-Key instead of creating a second order', async () => {
    const body = { customer_id: setup.customer.id, lines: [{ product_id: setup.product.id, quantity: '1' }] };
    const before = await countRows(core, client.tenantId, 'sales_order');

    const first = await postOrder(client, body, { 'idempotency-key': 'order-create-1' });
    const second = await postOrder(client, body, { 'idempotency-key': 'order-create-1' });
    const reused = await postOrder(client, { ...body, customer_reference: 'anders' }, { 'idempotency-key': 'order-create-1' });

    expect(second.json()).toEqual(first.json());
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(reused.statusCode).toBe(422);
    expect(await countRows(core, client.tenantId, 'sales_order')).toBe(before + 1);
  });
});

describe('GET /api/v1/orders', () => {
  it('should page newest first with a cursor, and filter by status and customer', async () => {
    const other = await createPartner(client, companyInput({ company_name: 'Zweitkunde GmbH' }));
    const created: SalesOrder[] = [];
    for (let index = 0; index < 5; index += 1)
      created.push(await createOrder(client, { customer_id: other.id, lines: [{ product_id: setup.product.id, quantity: '1' }] }));
    await step(client, created[2] as SalesOrder, 'accept');

    const pages: string[][] = [];
    let cursor: string | null = null;
    do {
      const page: { items: SalesOrder[]; next_cursor: string | null } = (
        await client.send('GET', `${ORDERS}?customer_id=${other.id}&limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      ).json();
      pages.push(page.items.map((item) => item.id));
      cursor = page.next_cursor;
    } while (cursor);
    const accepted = (await client.send('GET', `${ORDERS}?customer_id=${other.id}&status=order`)).json().items as SalesOrder[];

    expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
    expect(pages.flat()).toEqual(created.map((order) => order.id).reverse());
    expect(accepted.map((order) => order.id)).toEqual([created[2]?.id]);
  });

  it('should answer 400 for a cursor it did not issue and for an unknown status', async () => {
    expect((await client.send('GET', `${ORDERS}?cursor=bm90LWEtY3Vyc29y`)).json()).toMatchObject({ status: 400, code: 'CORE_INVALID_CURSOR' });
    expect((await client.send('GET', `${ORDERS}?status=paid`)).statusCode).toBe(400);
  });

  it('should answer GET /:id with an ETag, and 304 to If-None-Match with it', async () => {
    const order = await createOrder(client, { customer_id: setup.customer.id, lines: [{ product_id: setup.product.id, quantity: '1' }] });

    const read = await client.send('GET', `${ORDERS}/${order.id}`);
    const cached = await client.send('GET', `${ORDERS}/${order.id}`, undefined, { 'if-none-match': '"1"' });

    expect(read.headers.etag).toBe('"1"');
    expect(read.json()).toEqual(order);
    expect(cached.statusCode).toBe(304);
  });
});
