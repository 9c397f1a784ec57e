import { randomUUID } from 'node:crypto';
import { runtimeUrl, serviceRoles } from '@erp/kit';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Product } from '../../src/domain/product.js';
import type { StockMovement, StockReservation } from '../../src/domain/stock.js';
import type { Warehouse } from '../../src/domain/warehouse.js';
import { buildTestApp, type Client, type TestCore } from '../helpers.js';
import { createWarehouse, inventoryClient, productLevels, receive, reserved, stockedProduct, stockFootprint } from '../inventory-helpers.js';

let core: TestCore;
let client: Client;
let warehouse: Warehouse;
let product: Product;
let movement: StockMovement;
let reservation: StockReservation;

beforeAll(async () => {
  core = await buildTestApp(inject('adminUrl'));
  client = await inventoryClient(core);
  warehouse = await createWarehouse(client);
  product = await stockedProduct(client);
  movement = await receive(client, product.id, { warehouse_id: warehouse.id }, '5');
  reservation = await reserved(client, {
    product_id: product.id,
    warehouse_id: warehouse.id,
    quantity: '2',
    reference: { type: 'sales_order_line', id: 'DB-1' },
  });
});
afterAll(() => core.close());

type Role = 'owner' | 'runtime';

/** Runs statements as the schema owner or the runtime role, around the service, with the tenant set; the first failure's code and message. */
async function sqlOutcome(role: Role, statements: string[], params: unknown[][] = []): Promise<{ code: string; message: string } | 'committed'> {
  const roles = serviceRoles('core', core.database.adminUrl);
  const connection = new pg.Client({ connectionString: role === 'runtime' ? runtimeUrl(core.database.adminUrl, roles) : core.database.adminUrl });
  await connection.connect();
  try {
    if (role === 'owner') await connection.query(`set role ${connection.escapeIdentifier(roles.owner)}`);
    await connection.query('set search_path to core');
    await connection.query(`select set_config('app.tenant_id', $1, false)`, [client.tenantId]);
    await connection.query('begin');
    for (const [index, statement] of statements.entries()) await connection.query(statement, params[index] ?? []);
    await connection.query('commit');
    return 'committed';
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    return { code: code ?? '', message };
  } finally {
    await connection.end();
  }
}

describe('the stock ledger in the database', () => {
  it('should refuse to change or delete a movement: the runtime role lacks the right, the owner meets the trigger', async () => {
    const statements = [`update stock_movement set quantity = 50 where id = '${movement.id}'`, `delete from stock_movement where id = '${movement.id}'`];

    const runtime = await Promise.all(statements.map((statement) => sqlOutcome('runtime', [statement])));
    const owner = await Promise.all(statements.map((statement) => sqlOutcome('owner', [statement])));
    const truncate = await sqlOutcome('owner', ['truncate stock_movement cascade']);

    expect(runtime).toEqual([expect.objectContaining({ code: '42501' }), expect.objectContaining({ code: '42501' })]);
    expect(owner.map((outcome) => outcome !== 'committed' && outcome.message)).toEqual([
      expect.stringContaining('append-only ledger: UPDATE refused'),
      expect.stringContaining('append-only ledger: DELETE refused'),
    ]);
    expect(truncate).toMatchObject({ message: expect.stringContaining('refused') });
  });

  it.each([
    ['a transfer to the same location', `'transfer', $1, 'C62', 1, $2, $3, $2, $3, null, 0`, /stock_movement_locations/],
    ['a receipt without unit cost', `'receipt', $1, 'C62', 1, null, null, $2, $3, null, 0`, /stock_movement_inflow_cost/],
    ['a transfer with a value', `'transfer', $1, 'C62', 1, $2, $3, $2, $4, null, 5`, /stock_movement_transfer_value/],
    ['a negative quantity', `'receipt', $1, 'C62', -1, null, null, $2, $3, 1, 0`, /stock_movement_quantity_check/],
    ['an issue of more than is on hand', `'issue', $1, 'C62', 6, $2, $3, null, null, null, 6`, /stock_level_on_hand_not_negative/],
    ['an issue of stock that is reserved', `'issue', $1, 'C62', 4, $2, $3, null, null, null, 4`, /stock_level_reserved_within_on_hand/],
  ])('should refuse %s inserted by the runtime role past the service', async (_case, values, constraint) => {
    const before = await stockFootprint(core, client.tenantId);
    const insert = `insert into stock_movement (tenant_id, id, kind, product_id, unit, quantity, from_warehouse_id, from_location_id, to_warehouse_id, to_location_id, unit_cost, value, currency)
      values ('${client.tenantId}', '${randomUUID()}', ${values}, 'EUR')`;

    const outcome = await sqlOutcome(
      'runtime',
      [insert],
      [[product.id, warehouse.id, warehouse.default_location_id, randomUUID()].slice(0, values.includes('$4') ? 4 : 3)],
    );

    expect(outcome).toMatchObject({ code: '23514' });
    expect(outcome !== 'committed' && outcome.message).toMatch(constraint);
    expect(await stockFootprint(core, client.tenantId)).toEqual(before);
  });
});

describe('stock levels in the database', () => {
  it('should let the runtime role write only incoming: not on hand, not reserved', async () => {
    const where = `where product_id = '${product.id}' and location_id = '${warehouse.default_location_id}'`;

    const onHand = await sqlOutcome('runtime', [`update stock_level set on_hand = 100 ${where}`]);
    const reservedQuantity = await sqlOutcome('runtime', [`update stock_level set reserved = 0 ${where}`]);
    const insert = await sqlOutcome('runtime', [
      `insert into stock_level (tenant_id, product_id, warehouse_id, location_id, on_hand) values ('${client.tenantId}', '${product.id}', '${warehouse.id}', '${randomUUID()}', 5)`,
    ]);
    const incoming = await sqlOutcome('runtime', [`update stock_level set incoming = 7 ${where}`]);

    expect([onHand, reservedQuantity, insert]).toEqual([
      expect.objectContaining({ code: '42501' }),
      expect.objectContaining({ code: '42501' }),
      expect.objectContaining({ code: '42501' }),
    ]);
    expect(incoming).toBe('committed');
    expect((await productLevels(client, product.id)).levels[0]).toMatchObject({ on_hand: '5', reserved: '2', available: '3', incoming: '7' });
  });

  it.each([
    ['on hand below zero', 'on_hand = -1, reserved = 0', /stock_level_on_hand_not_negative/],
    ['reserved below zero', 'reserved = -1', /stock_level_reserved_not_negative/],
    ['more reserved than on hand', 'reserved = 6', /stock_level_reserved_within_on_hand/],
    ['incoming below zero', 'incoming = -1', /stock_level_incoming_not_negative/],
  ])('should refuse %s even for the owner', async (_case, assignment, constraint) => {
    const outcome = await sqlOutcome('owner', [`update stock_level set ${assignment} where product_id = '${product.id}'`]);

    expect(outcome).toMatchObject({ code: '23514', message: expect.stringMatching(constraint) });
  });
});

describe('reservations in the database', () => {
  it('should refuse to delete a reservation or reopen a closed one, and to change an allocation', async () => {
    const closed = await reserved(client, {
      product_id: product.id,
      warehouse_id: warehouse.id,
      quantity: '1',
      reference: { type: 'sales_order_line', id: 'DB-2' },
    });
    await client.send('POST', `/api/v1/inventory/reservations/${closed.id}/release`);

    const deleted = await sqlOutcome('runtime', [`delete from stock_reservation where id = '${reservation.id}'`]);
    const reopened = await sqlOutcome('runtime', [`update stock_reservation set status = 'active', closed_at = null where id = '${closed.id}'`]);
    const grown = await sqlOutcome('runtime', [`update stock_reservation set quantity = 1 where id = '${reservation.id}'`]);
    const allocation = await sqlOutcome('owner', [`update stock_reservation_allocation set quantity = 1 where reservation_id = '${reservation.id}'`]);

    expect(deleted).toMatchObject({ code: '42501' });
    expect(reopened).toMatchObject({ code: 'IV002' });
    expect(grown).toMatchObject({ code: 'IV002' });
    expect(allocation).toMatchObject({ message: expect.stringContaining('refused') });
  });

  it('should refuse, at commit, a reservation whose allocations do not add up to its quantity', async () => {
    const id = randomUUID();

    const outcome = await sqlOutcome('runtime', [
      `insert into stock_reservation (tenant_id, id, product_id, warehouse_id, quantity, reference_type, reference_id)
         values ('${client.tenantId}', '${id}', '${product.id}', '${warehouse.id}', 2, 'x', 'y')`,
      `insert into stock_reservation_allocation (tenant_id, reservation_id, location_id, warehouse_id, quantity)
         values ('${client.tenantId}', '${id}', '${warehouse.default_location_id}', '${warehouse.id}', 1)`,
    ]);

    expect(outcome).toMatchObject({ code: 'IV002', message: expect.stringContaining('has 1 allocated') });
  });
});

describe('inventory settings in the database', () => {
  it('should refuse a change of valuation method once stock has moved, even past the service', async () => {
    const outcome = await sqlOutcome('runtime', [`update inventory_settings set valuation_method = 'fifo'`]);

    expect(outcome).toMatchObject({ code: 'IV001' });
  });
});

describe('row-level security on the inventory tables', () => {
  it.each([
    'warehouse',
    'warehouse_location',
    'inventory_settings',
    'stock_product',
    'stock_movement',
    'stock_level',
    'stock_reservation',
    'stock_reservation_allocation',
  ])('should show the runtime role no rows of %s outside a tenant', async (table) => {
    const roles = serviceRoles('core', core.database.adminUrl);
    const connection = new pg.Client({ connectionString: runtimeUrl(core.database.adminUrl, roles) });
    await connection.connect();
    try {
      const own = await connection.query(`select count(*)::int as count from core.${table}`);
      expect(own.rows[0].count).toBe(0);
    } finally {
      await connection.end();
    }
  });
});
