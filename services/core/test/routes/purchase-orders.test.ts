import { CorePurchaseGoodsReceivedV1, CorePurchaseSupplierInvoiceRecordedV1 } from '@erp/contracts';
import { Value } from 'typebox/value';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { addDays, berlinDay } from '../../src/domain/invoice-dates.js';
import type { Partner } from '../../src/domain/partner.js';
import type { Product } from '../../src/domain/product.js';
import type { Warehouse } from '../../src/domain/warehouse.js';
import { buildTestApp, type Client, companyInput, createPartner, outboxEvents, type TestCore } from '../helpers.js';
import { createWarehouse, INVENTORY, stockedProduct } from '../inventory-helpers.js';
import { documentFootprint, orderClient, PURCHASE_ORDERS, type PurchaseOrder, transition } from '../orders-helpers.js';

let core: TestCore;
let client: Client;
let warehouse: Warehouse;
let supplier: Partner;
let screw: Product;
let nut: Product;

beforeAll(async () => {
  core = await buildTestApp(inject('adminUrl'));
  client = await orderClient(core);
  warehouse = await createWarehouse(client);
  supplier = await createPartner(client, companyInput({ company_name: 'Schrauben Schulz GmbH' }), '/api/v1/suppliers');
  screw = await stockedProduct(client, { purchase_price: { amount: '6.00', currency: 'EUR' } });
  nut = await stockedProduct(client, { vat_rate: '7', purchase_price: null });
});
afterAll(() => core.close());

async function poStep<Result = PurchaseOrder>(order: PurchaseOrder, action: string, body?: unknown): Promise<Result> {
  const response = await transition(client, PURCHASE_ORDERS, order, action, body);
  if (response.statusCode !== 200 && response.statusCode !== 201) throw new Error(`${action} failed: ${response.statusCode} ${response.body}`);
  return response.json() as Result;
}

async function levels(productId: string): Promise<{ on_hand: string; incoming: string }> {
  return (await client.send('GET', `${INVENTORY}/products/${productId}/levels`)).json();
}

async function createPurchaseOrder(lines: Record<string, unknown>[]): Promise<PurchaseOrder> {
  const response = await client.send('POST', PURCHASE_ORDERS, { supplier_id: supplier.id, warehouse_id: warehouse.id, lines });
  if (response.statusCode !== 201) throw new Error(`create failed: ${response.statusCode} ${response.body}`);
  return response.json() as PurchaseOrder;
}

describe('a purchase order from draft to invoiced', () => {
  let order: PurchaseOrder;

  it('should create a draft at the products’ purchase prices with totals per rate', async () => {
    // 19 %: 10 × 6.00 = 60.00 → 11.40; 7 %: 4 × 2.5 = 10.00 → 0.70.
    order = await createPurchaseOrder([
      { product_id: screw.id, quantity: '10' },
      { product_id: nut.id, quantity: '4', unit_price: '2.5' },
    ]);

    expect(order).toMatchObject({
      status: 'draft',
      number: expect.stringMatching(/^BE-\d{4}-00001$/),
      supplier: { id: supplier.id, number: supplier.number, country: 'DE' },
      payment_terms: { net_days: 30, skonto_percent: '2.00', skonto_days: 10 },
      lines: [
        { unit_price: '6', net_amount: '60.00', tax_category: 'S', vat_rate: '19' },
        { unit_price: '2.5', net_amount: '10.00', vat_rate: '7' },
      ],
      totals: { net: '70.00', tax_total: '12.10', gross: '82.10' },
      allowed_actions: ['order', 'cancel'],
    });
  });

  it('should count an ordered purchase order as incoming stock', async () => {
    order = await poStep(order, 'order');

    expect(order.status).toBe('ordered');
    expect(await levels(screw.id)).toMatchObject({ on_hand: '0', incoming: '10' });
    expect(await levels(nut.id)).toMatchObject({ incoming: '4' });
  });

  it('should receive part at another cost, then the rest, valuing stock at the average and emitting goods_received', async () => {
    const first = await poStep<{ goods_receipt: PurchaseOrder['receipts'][number]; purchase_order: PurchaseOrder }>(order, 'receipts', {
      lines: [{ line_no: 1, quantity: '4', unit_cost: '6.50' }],
    });
    expect(first.purchase_order.status).toBe('partially_received');
    expect(first.goods_receipt).toMatchObject({
      number: expect.stringMatching(/^WE-\d{4}-00001$/),
      total_value: '26.00',
      lines: [{ quantity: '4', unit_cost: '6.5' }],
    });
    expect(await levels(screw.id)).toMatchObject({ on_hand: '4', incoming: '6' });

    const second = await poStep<{ purchase_order: PurchaseOrder }>(first.purchase_order, 'receipts');
    order = second.purchase_order;

    expect(order).toMatchObject({ status: 'received', lines: [{ received_quantity: '10' }, { received_quantity: '4' }] });
    expect(await levels(screw.id)).toMatchObject({ on_hand: '10', incoming: '0' });
    // (4 × 6.50 + 6 × 6.00) / 10 = 6.20
    const valuation = (await client.send('GET', `${INVENTORY}/valuation`)).json() as { items: { product_id: string; unit_cost: string; value: string }[] };
    expect(valuation.items.find((item) => item.product_id === screw.id)).toMatchObject({ unit_cost: '6.2', value: '62' });
    const events = (await outboxEvents(core, client.tenantId)).filter((event) => event.type === 'erp.core.purchase.goods_received.v1');
    expect(events).toHaveLength(2);
    for (const event of events) expect(Value.Check(CorePurchaseGoodsReceivedV1, event.data)).toBe(true);
    expect(events[1]?.data).toMatchObject({
      total_value: '46.00',
      lines: [
        { line_no: 1, quantity: '6', value: '36.00' },
        { line_no: 2, value: '10.00' },
      ],
    });
  });

  it('should record the supplier invoice with the stated input tax and emit supplier_invoice_recorded', async () => {
    const today = berlinDay(new Date());

    const result = await poStep<{ supplier_invoice: { id: string; due_date: string; gross: string }; purchase_order: PurchaseOrder }>(
      order,
      'supplier-invoices',
      {
        number: 'RE-4711',
        invoice_date: today,
        tax: [
          { rate: '19', tax: '11.40' },
          { rate: '7', tax: '0.70' },
        ],
      },
    );

    expect(result.purchase_order.status).toBe('invoiced');
    expect(result.supplier_invoice).toMatchObject({ due_date: addDays(today, 30), gross: '82.10' });
    const event = (await outboxEvents(core, client.tenantId)).find((item) => item.type === 'erp.core.purchase.supplier_invoice_recorded.v1');
    expect(Value.Check(CorePurchaseSupplierInvoiceRecordedV1, event?.data)).toBe(true);
    expect(event?.data).toMatchObject({
      supplier_invoice_number: 'RE-4711',
      totals: { net: '70.00', tax_total: '12.10', gross: '82.10' },
      lines: [{ purchase_order_id: order.id, net_amount: '60.00', expense_account: null }, { net_amount: '10.00' }],
    });
  });

  it('should refuse the same supplier invoice number on another purchase order, ignoring case, writing nothing', async () => {
    let other = await createPurchaseOrder([{ product_id: screw.id, quantity: '1' }]);
    other = await poStep(other, 'order');
    other = (await poStep<{ purchase_order: PurchaseOrder }>(other, 'receipts')).purchase_order;
    const before = await documentFootprint(core, client.tenantId);

    const response = await transition(client, PURCHASE_ORDERS, other, 'supplier-invoices', { number: 're-4711', invoice_date: berlinDay(new Date()) });

    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ code: 'CORE_SUPPLIER_INVOICE_DUPLICATE' });
    expect(await documentFootprint(core, client.tenantId)).toEqual(before);
  });
});

describe('GET /api/v1/purchase-orders', () => {
  it('should read one with an ETag (304 when unchanged) and list by status and supplier', async () => {
    const created = await createPurchaseOrder([{ product_id: screw.id, quantity: '3' }]);

    const read = await client.send('GET', `${PURCHASE_ORDERS}/${created.id}`);
    const cached = await client.send('GET', `${PURCHASE_ORDERS}/${created.id}`, undefined, { 'if-none-match': String(read.headers.etag) });
    const drafts = (await client.send('GET', `${PURCHASE_ORDERS}?status=draft&supplier_id=${supplier.id}`)).json().items as PurchaseOrder[];
    const invoiced = (await client.send('GET', `${PURCHASE_ORDERS}?status=invoiced`)).json().items as PurchaseOrder[];

    expect(read.json()).toEqual(created);
    expect(read.headers.etag).toBe('"1"');
    expect(cached.statusCode).toBe(304);
    expect(drafts.map((order) => order.id)).toContain(created.id);
    expect(drafts.every((order) => order.status === 'draft')).toBe(true);
    expect(invoiced.map((order) => order.status)).toEqual(['invoiced']);
  });
});

describe('POST /api/v1/purchase-orders/:id/cancel', () => {
  it('should cancel an ordered purchase order and take its quantities out of incoming', async () => {
    const order = await poStep(await createPurchaseOrder([{ product_id: nut.id, quantity: '7', unit_price: '1' }]), 'order');
    const before = await levels(nut.id);

    const cancelled = await poStep(order, 'cancel', { reason: 'Lieferant kann nicht liefern' });

    expect(cancelled).toMatchObject({ status: 'cancelled', cancel_reason: 'Lieferant kann nicht liefern', allowed_actions: [] });
    expect(Number((await levels(nut.id)).incoming)).toBe(Number(before.incoming) - 7);
  });

  it('should refuse to cancel once goods arrived, naming the status and what it allows', async () => {
    let order = await poStep(await createPurchaseOrder([{ product_id: nut.id, quantity: '2', unit_price: '1' }]), 'order');
    order = (await poStep<{ purchase_order: PurchaseOrder }>(order, 'receipts', { lines: [{ line_no: 1, quantity: '1' }] })).purchase_order;

    const response = await transition(client, PURCHASE_ORDERS, order, 'cancel');

    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ code: 'CORE_PURCHASE_ORDER_TRANSITION_INVALID' });
    expect(response.json().detail).toContain('partially_received');
    expect(response.json().detail).toContain('receive, record_invoice');
  });
});
