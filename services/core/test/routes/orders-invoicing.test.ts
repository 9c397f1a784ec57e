import { CoreOrderCreditNoteIssuedV1, CoreOrderInvoicedV1 } from '@erp/contracts';
import { Value } from 'typebox/value';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { addDays } from '../../src/domain/invoice-dates.js';
import type { Product } from '../../src/domain/product.js';
import { buildTestApp, type Client, createProduct, outboxEvents, type TestCore } from '../helpers.js';
import { productLevels, receive, stockedProduct } from '../inventory-helpers.js';
import {
  createOrder,
  documentFootprint,
  INVOICES,
  invoice,
  ORDERS,
  orderClient,
  type SalesInvoice,
  type SalesOrder,
  type SalesSetup,
  salesSetup,
  step,
  transition,
} from '../orders-helpers.js';

let core: TestCore;
let client: Client;
let setup: SalesSetup;
let screw: Product;
let book: Product;
let consulting: Product;

beforeAll(async () => {
  core = await buildTestApp(inject('adminUrl'));
  client = await orderClient(core);
  setup = await salesSetup(client, '0');
  screw = await stockedProduct(client, { net_price: { amount: '0.335', currency: 'EUR' } });
  book = await stockedProduct(client, { unit: 'C62', vat_rate: '7', net_price: { amount: '2.50', currency: 'EUR' } });
  consulting = await createProduct(client, {
    sku: 'BERATUNG',
    name: 'Beratung',
    unit: 'HUR',
    kind: 'service',
    net_price: { amount: '95', currency: 'EUR' },
    vat_rate: '19',
  });
  for (const product of [screw, book]) await receive(client, product.id, { warehouse_id: setup.warehouse.id }, '1000', '0.10');
});
afterAll(() => core.close());

/** Quote → order → confirmed → delivered in full. */
async function deliveredOrder(lines: Record<string, unknown>[]): Promise<SalesOrder> {
  let order = await createOrder(client, { customer_id: setup.customer.id, status: 'order', lines });
  order = await step(client, order, 'confirm', { warehouse_id: setup.warehouse.id });
  return (await step<{ order: SalesOrder }>(client, order, 'deliveries')).order;
}

describe('POST /api/v1/orders/:id/invoice', () => {
  let issued: SalesInvoice;

  it('should invoice the delivered quantities with the hand-computed amounts, due after the customer’s net days', async () => {
    // 19 %: 3 × 0.335 = 1.005 → 1.01, 7 × 1.15 = 8.05 (8.049999… as a float), 1.5 h × 95 less 5 % = 135.375 → 135.38; base 144.44 → 27.4436 → 27.44.
    // 7 %: 3 × 2.50 less 10 % = 6.75 → 0.4725 → 0.47.
    const order = await deliveredOrder([
      { product_id: screw.id, quantity: '3' },
      { product_id: book.id, quantity: '3', discount_percent: '10' },
      { product_id: screw.id, quantity: '7', unit_price: '1.15' },
      { product_id: consulting.id, quantity: '1.5', discount_percent: '5' },
    ]);

    const response = await transition(client, ORDERS, order, 'invoice');

    expect(response.statusCode).toBe(201);
    const body = response.json() as { invoice: SalesInvoice; order: SalesOrder };
    issued = body.invoice;
    expect(response.headers.location).toBe(`${INVOICES}/${issued.id}`);
    expect(issued.number).toMatch(/^RE-\d{4}-00001$/);
    expect(issued.lines.map((line) => line.net_amount)).toEqual(['1.01', '6.75', '8.05', '135.38']);
    expect(issued.totals).toEqual({
      net: '151.19',
      tax: [
        { tax_category: 'S', rate: '19', base: '144.44', tax: '27.44' },
        { tax_category: 'S', rate: '7', base: '6.75', tax: '0.47' },
      ],
      tax_total: '27.91',
      gross: '179.10',
    });
    expect(issued).toMatchObject({
      kind: 'invoice',
      payment_terms: { net_days: 30, skonto_percent: '2.00', skonto_days: 10 },
      customer: { id: setup.customer.id },
    });
    expect(issued.due_date).toBe(addDays(issued.issue_date, 30));
    expect(body.order).toMatchObject({ status: 'invoiced', invoices: [{ id: issued.id, number: issued.number, gross: '179.10' }] });
  });

  it('should write erp.core.order.invoiced.v1 carrying exactly the amounts the invoice shows', async () => {
    const event = (await outboxEvents(core, client.tenantId)).find((item) => item.type === 'erp.core.order.invoiced.v1' && item.subject === issued.id);

    expect(Value.Check(CoreOrderInvoicedV1, event?.data)).toBe(true);
    const data = event?.data as CoreOrderInvoicedV1;
    expect(data.totals).toEqual(issued.totals);
    expect(data.lines.map((line) => [line.line_no, line.quantity, line.unit_price, line.net_amount, line.vat_rate, line.tax_category])).toEqual(
      issued.lines.map((line) => [line.line_no, line.quantity, line.unit_price, line.net_amount, line.vat_rate, line.tax_category]),
    );
    expect(data).toMatchObject({
      invoice_number: issued.number,
      invoice_date: issued.issue_date,
      due_date: issued.due_date,
      payment_terms: issued.payment_terms,
    });
    expect(data.customer).toEqual({
      id: setup.customer.id,
      number: setup.customer.number,
      name: setup.customer.name,
      vat_id: setup.customer.vat_id,
      country: 'DE',
    });
  });

  it('should show the invoice read-only under /api/v1/invoices with an ETag', async () => {
    const response = await client.send('GET', `${INVOICES}/${issued.id}`);
    const again = await client.send('GET', `${INVOICES}/${issued.id}`, undefined, { 'if-none-match': String(response.headers.etag) });

    expect(response.json()).toEqual(issued);
    expect(again.statusCode).toBe(304);
  });

  it('should replay an invoicing retried with the same Idempotency-Key instead of issuing a second invoice', async () => {
    const order = await deliveredOrder([{ product_id: book.id, quantity: '2' }]);

    const first = await transition(client, ORDERS, order, 'invoice', undefined, { 'idempotency-key': `invoice-${order.id}` });
    const retry = await transition(client, ORDERS, order, 'invoice', undefined, { 'idempotency-key': `invoice-${order.id}` });

    expect(first.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json()).toEqual(first.json());
    const invoices = (await client.send('GET', `${INVOICES}?order_id=${order.id}`)).json().items as SalesInvoice[];
    expect(invoices).toHaveLength(1);
    const events = (await outboxEvents(core, client.tenantId)).filter(
      (event) => event.type === 'erp.core.order.invoiced.v1' && event.subject === invoices[0]?.id,
    );
    expect(events).toHaveLength(1);
  });

  it('should invoice part of an order as it is delivered, and refuse when nothing delivered is left to invoice', async () => {
    let order = await createOrder(client, { customer_id: setup.customer.id, status: 'order', lines: [{ product_id: book.id, quantity: '10' }] });
    order = await step(client, order, 'confirm', { warehouse_id: setup.warehouse.id });
    order = (await step<{ order: SalesOrder }>(client, order, 'deliveries', { lines: [{ line_no: 1, quantity: '4' }] })).order;

    const first = await invoice(client, order);
    const nothing = await transition(client, ORDERS, first.order, 'invoice');
    const rest = (await step<{ order: SalesOrder }>(client, first.order, 'deliveries')).order;
    const second = await invoice(client, rest);

    expect(first.invoice.lines).toEqual([expect.objectContaining({ quantity: '4', net_amount: '10.00' })]);
    expect(first.order).toMatchObject({ status: 'partially_delivered', lines: [{ delivered_quantity: '4', invoiced_quantity: '4' }] });
    expect(nothing.statusCode).toBe(409);
    expect(nothing.json()).toMatchObject({ code: 'CORE_ORDER_NOTHING_TO_INVOICE' });
    expect(second.invoice.lines).toEqual([expect.objectContaining({ quantity: '6', net_amount: '15.00' })]);
    expect(second.order.status).toBe('invoiced');
    expect(Number(second.invoice.number.slice(-5))).toBe(Number(first.invoice.number.slice(-5)) + 1);
  });
});

describe('POST /api/v1/orders/:id/credit-notes', () => {
  it('should correct an invoice per line, return stock on request, and credit exactly the invoice over several notes', async () => {
    const order = await deliveredOrder([{ product_id: screw.id, quantity: '3' }]);
    const { invoice: original, order: invoiced } = await invoice(client, order);
    const before = await productLevels(client, screw.id);

    // 1. One piece back into stock: 0.335 → 0.34 net, 0.06 tax.
    const first = await step<{ credit_note: SalesInvoice; order: SalesOrder }>(client, invoiced, 'credit-notes', {
      invoice_id: original.id,
      reason: 'Transportschaden',
      lines: [{ line_no: 1, quantity: '1' }],
      return_stock: true,
    });
    // 2. The rest: 1.01 − 0.34 = 0.67 net.
    const second = await step<{ credit_note: SalesInvoice; order: SalesOrder }>(client, first.order, 'credit-notes', {
      invoice_id: original.id,
      reason: 'Kulanz',
    });
    const third = await transition(client, ORDERS, second.order, 'credit-notes', { invoice_id: original.id, reason: 'Noch einmal' });

    expect(first.credit_note).toMatchObject({
      kind: 'credit_note',
      number: expect.stringMatching(/^RK-\d{4}-00001$/),
      corrected_invoice: { id: original.id, number: original.number },
      returned_stock: true,
      due_date: null,
      totals: { net: '0.34', tax: [{ tax_category: 'S', rate: '19', base: '0.34', tax: '0.06' }], tax_total: '0.06', gross: '0.40' },
    });
    expect(second.credit_note).toMatchObject({ number: expect.stringMatching(/^RK-\d{4}-00002$/), totals: { net: '0.67', gross: '0.80' } });
    expect((await productLevels(client, screw.id)).on_hand).toBe(String(Number(before.on_hand) + 1));
    expect(third.statusCode).toBe(409);
    expect(third.json()).toMatchObject({ code: 'CORE_INVOICE_FULLY_CREDITED' });
    expect(second.order.status).toBe('invoiced');
    const corrected = (await client.send('GET', `${INVOICES}/${original.id}`)).json() as SalesInvoice;
    expect(corrected.lines[0]).toMatchObject({ credited_quantity: '3', credited_net: '1.01' });
  });

  it('should write erp.core.order.credit_note_issued.v1 in the contract’s shape with the credit note’s amounts', async () => {
    const notes = (await client.send('GET', `${INVOICES}?kind=credit_note`)).json().items as SalesInvoice[];
    const events = (await outboxEvents(core, client.tenantId)).filter((item) => item.type === 'erp.core.order.credit_note_issued.v1');

    expect(events).toHaveLength(notes.length);
    for (const note of notes) {
      const data = events.find((event) => event.subject === note.id)?.data as CoreOrderCreditNoteIssuedV1;
      expect(Value.Check(CoreOrderCreditNoteIssuedV1, data)).toBe(true);
      expect(data).toMatchObject({ credit_note_number: note.number, invoice_id: note.corrected_invoice?.id, totals: note.totals, reason: note.reason });
    }
  });

  it('should refuse an invoice of another order with 422 and write nothing', async () => {
    const order = await deliveredOrder([{ product_id: book.id, quantity: '1' }]);
    const { order: invoiced } = await invoice(client, order);
    const invoices = (await client.send('GET', `${INVOICES}?kind=invoice`)).json().items as SalesInvoice[];
    const foreign = invoices.find((item) => item.order_id !== invoiced.id);
    const before = await documentFootprint(core, client.tenantId);

    const response = await transition(client, ORDERS, invoiced, 'credit-notes', { invoice_id: foreign?.id, reason: 'Falsch' });

    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ code: 'CORE_ORDER_INVALID', errors: [{ pointer: '/invoice_id' }] });
    expect(await documentFootprint(core, client.tenantId)).toEqual(before);
  });
});
