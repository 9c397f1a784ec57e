import { CoreOrderCancelledV1, CoreOrderConfirmedV1, CoreOrderDeliveredV1 } from '@erp/contracts';
import { Value } from 'typebox/value';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildTestApp, type Client, outboxEvents, type TestCore } from '../helpers.js';
import { productLevels } from '../inventory-helpers.js';
import { createOrder, ORDERS, orderClient, type SalesOrder, type SalesSetup, salesSetup, step, transition } from '../orders-helpers.js';

let core: TestCore;
let client: Client;
let setup: SalesSetup;

beforeAll(async () => {
  core = await buildTestApp(inject('adminUrl'));
  client = await orderClient(core);
  setup = await salesSetup(client, '100');
});
afterAll(() => core.close());

describe('a sales order from quote to delivered', () => {
  it('should reserve on confirmation, issue per delivery and reach delivered, with an event per step', async () => {
    // 1. A quote for 10 pieces, accepted.
    const quote = await createOrder(client, { customer_id: setup.customer.id, lines: [{ product_id: setup.product.id, quantity: '10' }] });
    expect(quote).toMatchObject({ status: 'quote', number: expect.stringMatching(/^AU-\d{4}-\d{5}$/), allowed_actions: ['accept', 'cancel'] });
    const accepted = await step(client, quote, 'accept');
    expect(accepted.status).toBe('order');

    // 2. Confirmed: 10 reserved.
    const confirmed = await step(client, accepted, 'confirm', { warehouse_id: setup.warehouse.id });
    expect(confirmed).toMatchObject({ status: 'confirmed', warehouse_id: setup.warehouse.id });
    expect(await productLevels(client, setup.product.id)).toMatchObject({ on_hand: '100', reserved: '10', available: '90' });

    // 3. A partial delivery of 4, then the rest.
    const first = await step<{ order: SalesOrder }>(client, confirmed, 'deliveries', { lines: [{ line_no: 1, quantity: '4' }] });
    expect(first.order).toMatchObject({ status: 'partially_delivered', lines: [{ delivered_quantity: '4' }] });
    expect(await productLevels(client, setup.product.id)).toMatchObject({ on_hand: '96', reserved: '6', available: '90' });
    const second = await step<{ order: SalesOrder }>(client, first.order, 'deliveries');
    expect(second.order).toMatchObject({ status: 'delivered', lines: [{ delivered_quantity: '10' }] });
    expect(await productLevels(client, setup.product.id)).toMatchObject({ on_hand: '90', reserved: '0', available: '90' });

    const events = (await outboxEvents(core, client.tenantId)).filter((event) => event.type.startsWith('erp.core.order.'));
    expect(events.map((event) => event.type)).toEqual(['erp.core.order.confirmed.v1', 'erp.core.order.delivered.v1', 'erp.core.order.delivered.v1']);
    expect(Value.Check(CoreOrderConfirmedV1, events[0]?.data)).toBe(true);
    expect(Value.Check(CoreOrderDeliveredV1, events[1]?.data)).toBe(true);
    expect(events[2]?.data).toMatchObject({ status: 'delivered', lines: [{ quantity: '6' }] });
  });

  it('should release the reservations when a confirmed order is cancelled', async () => {
    const order = await createOrder(client, { customer_id: setup.customer.id, status: 'order', lines: [{ product_id: setup.product.id, quantity: '5' }] });
    const confirmed = await step(client, order, 'confirm', { warehouse_id: setup.warehouse.id });
    const before = await productLevels(client, setup.product.id);

    const cancelled = await step(client, confirmed, 'cancel', { reason: 'Kunde storniert' });

    expect(cancelled).toMatchObject({ status: 'cancelled', cancel_reason: 'Kunde storniert', allowed_actions: [] });
    expect((await productLevels(client, setup.product.id)).reserved).toBe(String(Number(before.reserved) - 5));
    const event = (await outboxEvents(core, client.tenantId)).filter((item) => item.type === 'erp.core.order.cancelled.v1').at(-1);
    expect(Value.Check(CoreOrderCancelledV1, event?.data)).toBe(true);
    expect(event?.data).toMatchObject({ previous_status: 'confirmed', released_reservation_ids: [expect.any(String)] });
  });

  it('should answer 428 without If-Match and 412 with a stale ETag, changing nothing', async () => {
    const quote = await createOrder(client, { customer_id: setup.customer.id, lines: [{ product_id: setup.product.id, quantity: '1' }] });

    const missing = await client.send('POST', `${ORDERS}/${quote.id}/accept`);
    const stale = await transition(client, ORDERS, { id: quote.id, version: quote.version + 1 }, 'accept');

    expect(missing.statusCode).toBe(428);
    expect(missing.json()).toMatchObject({ code: 'CORE_PRECONDITION_REQUIRED' });
    expect(stale.statusCode).toBe(412);
    expect(stale.json()).toMatchObject({ code: 'CORE_PRECONDITION_FAILED' });
    expect((await client.send('GET', `${ORDERS}/${quote.id}`)).json()).toMatchObject({ status: 'quote', version: quote.version });
  });
});
