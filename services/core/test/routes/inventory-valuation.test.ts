import { randomUUID } from 'node:crypto';
import { withTenant } from '@erp/kit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Product } from '../../src/domain/product.js';
import type { Warehouse } from '../../src/domain/warehouse.js';
import { buildTestApp, type Client, type TestCore } from '../helpers.js';
import { createWarehouse, INVENTORY, inventoryClient, issue, move, receive, recorded, stockedProduct, stockFootprint } from '../inventory-helpers.js';

let core: TestCore;

beforeAll(async () => {
  core = await buildTestApp(inject('adminUrl'));
});
afterAll(() => core.close());

/** A tenant with a warehouse and one product, valued by `method`. */
async function tenantValuedBy(method: 'moving_average' | 'fifo'): Promise<{ client: Client; warehouse: Warehouse; product: Product }> {
  const client = await inventoryClient(core);
  if (method === 'fifo') await client.send('PUT', `${INVENTORY}/settings`, { valuation_method: 'fifo', currency: 'EUR' });
  return { client, warehouse: await createWarehouse(client), product: await stockedProduct(client, { sku: `BOLT-${method}` }) };
}

/** 10 @ 1.00 and 20 @ 2.00 in, 15 out: the example the domain tests compute by hand. */
async function runExample({ client, warehouse, product }: { client: Client; warehouse: Warehouse; product: Product }) {
  const place = { warehouse_id: warehouse.id };
  await receive(client, product.id, place, '10', '1.00');
  await receive(client, product.id, place, '20', '2.00');
  return issue(client, product.id, place, '15');
}

describe('GET /api/v1/inventory/valuation', () => {
  it('should value by moving average: 15 left at 1.6667, worth 25', async () => {
    const tenant = await tenantValuedBy('moving_average');

    const out = await runExample(tenant);
    const response = await tenant.client.send('GET', `${INVENTORY}/valuation`);

    expect(out.value).toEqual({ amount: '25', currency: 'EUR' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      valuation_method: 'moving_average',
      currency: 'EUR',
      items: [{ product_id: tenant.product.id, sku: 'BOLT-moving_average', unit: 'C62', quantity: '15', unit_cost: '1.6667', value: '25' }],
      total_value: '25',
    });
  });

  it('should value by FIFO: the 15 left are the 2.00 layer, worth 30; a later receipt at 3.00 makes 20 worth 45', async () => {
    const tenant = await tenantValuedBy('fifo');

    const out = await runExample(tenant);
    const afterIssue = (await tenant.client.send('GET', `${INVENTORY}/valuation`)).json();
    await receive(tenant.client, tenant.product.id, { warehouse_id: tenant.warehouse.id }, '5', '3.00');
    const afterReceipt = (await tenant.client.send('GET', `${INVENTORY}/valuation`)).json();
    const lastOut = await issue(tenant.client, tenant.product.id, { warehouse_id: tenant.warehouse.id }, '20');

    expect(out.value.amount).toBe('20');
    expect(afterIssue).toMatchObject({ valuation_method: 'fifo', items: [{ quantity: '15', unit_cost: '2', value: '30' }], total_value: '30' });
    expect(afterReceipt).toMatchObject({ items: [{ quantity: '20', unit_cost: '2.25', value: '45' }] });
    expect(lastOut.value.amount).toBe('45');
    expect((await tenant.client.send('GET', `${INVENTORY}/valuation`)).json()).toMatchObject({ items: [], total_value: '0' });
  });

  it('should value a delivered reservation by FIFO too', async () => {
    const tenant = await tenantValuedBy('fifo');
    await receive(tenant.client, tenant.product.id, { warehouse_id: tenant.warehouse.id }, '2', '5.00');
    await receive(tenant.client, tenant.product.id, { warehouse_id: tenant.warehouse.id }, '2', '7.00');
    const body = { product_id: tenant.product.id, warehouse_id: tenant.warehouse.id, quantity: '3', reference: { type: 'sales_order_line', id: 'L1' } };
    const reservation = (await tenant.client.send('POST', `${INVENTORY}/reservations`, body)).json();

    const consumed = await tenant.client.send('POST', `${INVENTORY}/reservations/${reservation.id}/consume`);

    expect(consumed.json().movements.map((movement: { value: { amount: string } }) => movement.value.amount)).toEqual(['17']);
    expect((await tenant.client.send('GET', `${INVENTORY}/valuation`)).json()).toMatchObject({ items: [{ quantity: '1', unit_cost: '7', value: '7' }] });
  });

  it('should value as of the end of a day in Europe/Berlin, from the ledger', async () => {
    const { client, warehouse, product } = await tenantValuedBy('moving_average');
    // Written straight into the ledger with past times, which the API never does, to see the day boundary.
    const rows = [
      { at: '2026-03-10T09:00:00Z', to: true, quantity: '10', unit_cost: '2', value: '20' },
      { at: '2026-03-31T21:30:00Z', to: false, quantity: '4', unit_cost: null, value: '8' },
      { at: '2026-03-31T22:30:00Z', to: true, quantity: '5', unit_cost: '3', value: '15' },
    ];
    await withTenant(core.db.kysely, client.tenantId, async (trx) => {
      for (const row of rows) {
        const place = { warehouse_id: warehouse.id, location_id: warehouse.default_location_id };
        await trx
          .insertInto('stock_movement')
          .values({
            tenant_id: client.tenantId,
            id: randomUUID(),
            kind: row.to ? 'receipt' : 'issue',
            product_id: product.id,
            unit: 'C62',
            quantity: row.quantity,
            from_warehouse_id: row.to ? null : place.warehouse_id,
            from_location_id: row.to ? null : place.location_id,
            to_warehouse_id: row.to ? place.warehouse_id : null,
            to_location_id: row.to ? place.location_id : null,
            unit_cost: row.unit_cost,
            value: row.value,
            currency: 'EUR',
            reason: null,
            reference_text: null,
            reference_type: null,
            reference_id: null,
            reservation_id: null,
            actor_id: null,
            at: new Date(row.at),
          })
          .execute();
      }
    });

    const valuations = await Promise.all(['2026-03-09', '2026-03-31', '2026-04-01'].map((at) => client.send('GET', `${INVENTORY}/valuation?at=${at}`)));

    expect(valuations.map((response) => response.json().items)).toEqual([
      [],
      [expect.objectContaining({ quantity: '6', unit_cost: '2', value: '12' })],
      [expect.objectContaining({ quantity: '11', unit_cost: '2.4545', value: '27' })],
    ]);
    expect(valuations[1]?.json()).toMatchObject({ at: '2026-03-31', total_value: '12' });
  });

  it.each(['2026-02-30', '2026-13-01'])('should answer 422 for the date %s', async (at) => {
    const client = await inventoryClient(core);

    const response = await client.send('GET', `${INVENTORY}/valuation?at=${at}`);

    expect(response.json()).toMatchObject({ status: 422, code: 'CORE_INVENTORY_INVALID', errors: [{ pointer: '/at' }] });
  });
});

describe('GET and PUT /api/v1/inventory/settings', () => {
  it('should start at moving average in EUR and change while no stock has moved', async () => {
    const client = await inventoryClient(core);

    const initial = await client.send('GET', `${INVENTORY}/settings`);
    const changed = await client.send(
      'PUT',
      `${INVENTORY}/settings`,
      { valuation_method: 'fifo', currency: 'chf' },
      { 'if-match': initial.headers.etag as string },
    );

    expect(initial.json()).toEqual({ valuation_method: 'moving_average', currency: 'EUR', version: 1, updated_at: null });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ valuation_method: 'fifo', currency: 'CHF', version: 2 });
    expect(changed.headers.etag).toBe('"2"');
  });

  it('should refuse a change once stock has moved, but accept the same values again', async () => {
    const tenant = await tenantValuedBy('moving_average');
    await receive(tenant.client, tenant.product.id, { warehouse_id: tenant.warehouse.id }, '1');
    const before = await stockFootprint(core, tenant.client.tenantId);

    const change = await tenant.client.send('PUT', `${INVENTORY}/settings`, { valuation_method: 'fifo', currency: 'EUR' });
    const same = await tenant.client.send('PUT', `${INVENTORY}/settings`, { valuation_method: 'moving_average', currency: 'EUR' });

    expect(change.json()).toMatchObject({ status: 409, code: 'CORE_VALUATION_LOCKED' });
    expect(same.statusCode).toBe(200);
    expect(await stockFootprint(core, tenant.client.tenantId)).toEqual(before);
  });

  it('should answer 412 for a stale If-Match and 422 for an unknown currency', async () => {
    const client = await inventoryClient(core);

    const stale = await client.send('PUT', `${INVENTORY}/settings`, { valuation_method: 'fifo', currency: 'EUR' }, { 'if-match': '"7"' });
    const unknown = await client.send('PUT', `${INVENTORY}/settings`, { valuation_method: 'fifo', currency: 'XYZ' });

    expect(stale.json()).toMatchObject({ status: 412, code: 'CORE_PRECONDITION_FAILED' });
    expect(unknown.json()).toMatchObject({ status: 422, code: 'CORE_INVENTORY_INVALID', errors: [{ pointer: '/currency' }] });
    expect((await client.send('GET', `${INVENTORY}/settings`)).json().valuation_method).toBe('moving_average');
  });

  it('should refuse a receipt whose unit cost is in another currency than the stock is valued in', async () => {
    const tenant = await tenantValuedBy('moving_average');

    const response = await move(tenant.client, {
      kind: 'receipt',
      product_id: tenant.product.id,
      quantity: '1',
      to: { warehouse_id: tenant.warehouse.id },
      unit_cost: { amount: '1', currency: 'USD' },
    });

    expect(response.json()).toMatchObject({ status: 422, errors: [{ pointer: '/unit_cost/currency' }] });
  });

  it('should value found stock of a product that never had a cost only with a unit cost given', async () => {
    const tenant = await tenantValuedBy('moving_average');
    const body = { kind: 'adjustment', product_id: tenant.product.id, quantity: '1', to: { warehouse_id: tenant.warehouse.id }, reason: 'gefunden' };

    const without = await move(tenant.client, body);
    const withCost = await recorded(tenant.client, { ...body, unit_cost: { amount: '0.5', currency: 'EUR' } });

    expect(without.json()).toMatchObject({ status: 422, errors: [{ pointer: '/unit_cost', detail: expect.stringContaining('no cost yet') }] });
    expect(withCost.value.amount).toBe('0.5');
  });
});
