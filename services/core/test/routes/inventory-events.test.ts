import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Warehouse } from '../../src/domain/warehouse.js';
import { buildTestApp, type Client, outboxEvents, type TestCore } from '../helpers.js';
import { createLocation, createWarehouse, INVENTORY, inventoryClient, issue, receive, recorded, reserved, stockedProduct } from '../inventory-helpers.js';

let core: TestCore;
let client: Client;
let warehouse: Warehouse;

beforeAll(async () => {
  core = await buildTestApp(inject('adminUrl'));
  client = await inventoryClient(core);
  warehouse = await createWarehouse(client);
});
afterAll(() => core.close());

async function eventsOf(type: string, subject?: string) {
  return (await outboxEvents(core, client.tenantId)).filter((event) => event.type === type && (subject === undefined || event.subject === subject));
}

describe('erp.core.stock.moved.v1', () => {
  it('should be written for each movement, in its transaction, with the movement as the API shows it', async () => {
    const product = await stockedProduct(client);

    const receipt = await receive(client, product.id, { warehouse_id: warehouse.id }, '3');
    const out = await issue(client, product.id, { warehouse_id: warehouse.id }, '1');

    expect((await eventsOf('erp.core.stock.moved.v1')).filter((event) => [receipt.id, out.id].includes(event.subject ?? ''))).toEqual([
      { type: 'erp.core.stock.moved.v1', subject: receipt.id, tenant_id: client.tenantId, data: { movement: receipt } },
      { type: 'erp.core.stock.moved.v1', subject: out.id, tenant_id: client.tenantId, data: { movement: out } },
    ]);
  });

  it('should carry the reservation of a delivery', async () => {
    const product = await stockedProduct(client);
    await receive(client, product.id, { warehouse_id: warehouse.id }, '2');
    const reservation = await reserved(client, {
      product_id: product.id,
      warehouse_id: warehouse.id,
      quantity: '2',
      reference: { type: 'sales_order_line', id: 'E-1' },
    });

    const consumed = (await client.send('POST', `${INVENTORY}/reservations/${reservation.id}/consume`)).json();

    const [event] = await eventsOf('erp.core.stock.moved.v1', consumed.movements[0].id);
    expect(event?.data).toMatchObject({ movement: { kind: 'issue', reservation_id: reservation.id, reference: { type: 'sales_order_line', id: 'E-1' } } });
  });
});

describe('erp.core.stock.below_reorder_point.v1', () => {
  it('should be written once per crossing below the reorder point, not for every further issue while below', async () => {
    const product = await stockedProduct(client, { reorder_point: '5', reorder_quantity: '20' });
    const place = { warehouse_id: warehouse.id };

    // 1. Ten in, four out: six left, not below five.
    await receive(client, product.id, place, '10');
    await issue(client, product.id, place, '4');
    const beforeCrossing = await eventsOf('erp.core.stock.below_reorder_point.v1', product.id);
    // 2. Two out: four left, below: the first event. One more out: still below, no event.
    const crossing = await issue(client, product.id, place, '2');
    await issue(client, product.id, place, '1');
    // 3. Back up to thirteen ends the crossing; nine out falls below again: the second event.
    await receive(client, product.id, place, '10');
    const again = await issue(client, product.id, place, '9');

    const events = await eventsOf('erp.core.stock.below_reorder_point.v1', product.id);
    expect(beforeCrossing).toEqual([]);
    expect(events.map((event) => event.data)).toEqual([
      { product_id: product.id, sku: product.sku, unit: 'C62', quantity_on_hand: '4', reorder_point: '5', reorder_quantity: '20', movement_id: crossing.id },
      { product_id: product.id, sku: product.sku, unit: 'C62', quantity_on_hand: '4', reorder_point: '5', reorder_quantity: '20', movement_id: again.id },
    ]);
  });

  it('should count the stock of every location and warehouse, so a transfer crosses nothing', async () => {
    const product = await stockedProduct(client, { reorder_point: '5' });
    const shelf = await createLocation(client, warehouse, `E-${product.sku}`);
    await receive(client, product.id, { warehouse_id: warehouse.id }, '6');

    await recorded(client, {
      kind: 'transfer',
      product_id: product.id,
      quantity: '6',
      from: { warehouse_id: warehouse.id },
      to: { warehouse_id: warehouse.id, location_id: shelf.id },
    });

    expect(await eventsOf('erp.core.stock.below_reorder_point.v1', product.id)).toEqual([]);
  });

  it('should not be written for a product without reorder point', async () => {
    const product = await stockedProduct(client);
    await receive(client, product.id, { warehouse_id: warehouse.id }, '1');

    await issue(client, product.id, { warehouse_id: warehouse.id }, '1');

    expect(await eventsOf('erp.core.stock.below_reorder_point.v1', product.id)).toEqual([]);
  });
});
