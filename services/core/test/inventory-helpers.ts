import type { Permission } from '@erp/contracts';
import { withTenant } from '@erp/kit';
import { sql } from 'kysely';
import type { StockLevel, StockMovement, StockReservation } from '../src/domain/stock.js';
import type { Warehouse, WarehouseLocation } from '../src/domain/warehouse.js';
import { ALL_PERMISSIONS, type Client, clientOf, countRows, createProduct, outboxEvents, productInput, type TestCore } from './helpers.js';

export const INVENTORY = '/api/v1/inventory';

export const INVENTORY_PERMISSIONS: Permission[] = [...ALL_PERMISSIONS, 'core.inventory:read', 'core.inventory:write'];

/** A caller of a fresh tenant (or `tenantId`) with every core permission, inventory included. */
export function inventoryClient(core: TestCore, tenantId?: string): Promise<Client> {
  return clientOf(core, INVENTORY_PERMISSIONS, tenantId);
}

let codeCounter = 0;

/** Creates a warehouse and returns it; throws on anything but 201. */
export async function createWarehouse(client: Client, overrides: Record<string, unknown> = {}): Promise<Warehouse> {
  codeCounter += 1;
  const response = await client.send('POST', `${INVENTORY}/warehouses`, { code: `WH-${codeCounter}`, name: 'Hauptlager', ...overrides });
  if (response.statusCode !== 201) throw new Error(`create warehouse failed: ${response.statusCode} ${response.body}`);
  return response.json() as Warehouse;
}

/** Adds a location to a warehouse and returns it; throws on anything but 201. */
export async function createLocation(client: Client, warehouse: Warehouse, code: string, name: string | null = null): Promise<WarehouseLocation> {
  const response = await client.send('POST', `${INVENTORY}/warehouses/${warehouse.id}/locations`, { code, name });
  if (response.statusCode !== 201) throw new Error(`create location failed: ${response.statusCode} ${response.body}`);
  return response.json() as WarehouseLocation;
}

/** A stocked product without reorder point (so no reorder events), or with the overrides given. */
export function stockedProduct(client: Client, overrides: Record<string, unknown> = {}) {
  return createProduct(client, productInput({ gtin: null, reorder_point: null, reorder_quantity: null, ...overrides }));
}

/** Sends a movement and returns the response, whatever its status. */
export function move(client: Client, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return client.send('POST', `${INVENTORY}/movements`, body, headers);
}

/** Records a movement and returns it; throws on anything but 201. */
export async function recorded(client: Client, body: Record<string, unknown>): Promise<StockMovement> {
  const response = await move(client, body);
  if (response.statusCode !== 201) throw new Error(`movement failed: ${response.statusCode} ${response.body}`);
  return response.json() as StockMovement;
}

/** Receives `quantity` at `unitCost` EUR into the place. */
export function receive(client: Client, productId: string, to: { warehouse_id: string; location_id?: string }, quantity: string, unitCost = '1.00') {
  return recorded(client, { kind: 'receipt', product_id: productId, quantity, to, unit_cost: { amount: unitCost, currency: 'EUR' } });
}

/** Issues `quantity` from the place. */
export function issue(client: Client, productId: string, from: { warehouse_id: string; location_id?: string }, quantity: string) {
  return recorded(client, { kind: 'issue', product_id: productId, quantity, from });
}

/** The product's levels as GET /products/:id/levels answers. */
export async function productLevels(
  client: Client,
  productId: string,
): Promise<{ on_hand: string; reserved: string; available: string; levels: StockLevel[] }> {
  const response = await client.send('GET', `${INVENTORY}/products/${productId}/levels`);
  if (response.statusCode !== 200) throw new Error(`levels failed: ${response.statusCode} ${response.body}`);
  return response.json();
}

/** Reserves and returns the response, whatever its status. */
export function reserve(client: Client, body: Record<string, unknown>) {
  return client.send('POST', `${INVENTORY}/reservations`, body);
}

export async function reserved(client: Client, body: Record<string, unknown>): Promise<StockReservation> {
  const response = await reserve(client, body);
  if (response.statusCode !== 201) throw new Error(`reservation failed: ${response.statusCode} ${response.body}`);
  return response.json() as StockReservation;
}

const STOCK_TABLES = [
  'warehouse',
  'warehouse_location',
  'inventory_settings',
  'stock_product',
  'stock_movement',
  'stock_level',
  'stock_cost_layer',
  'stock_reservation',
  'stock_reservation_allocation',
  'idempotency_key',
] as const;

/** Counts of the tenant's inventory rows and events, plus a digest of its levels, for "nothing written" assertions. */
export async function stockFootprint(core: TestCore, tenantId: string): Promise<Record<string, unknown>> {
  const counts = await Promise.all(STOCK_TABLES.map((table) => countRows(core, tenantId, table)));
  const { rows } = await withTenant(core.db.kysely, tenantId, (trx) =>
    sql<{ levels: string | null; costs: string | null }>`
      select (select string_agg(concat_ws(':', location_id, on_hand, reserved), ',' order by location_id, product_id) from stock_level) as levels,
             (select string_agg(concat_ws(':', product_id, quantity, value, below_reorder_point), ',' order by product_id) from stock_product) as costs`.execute(
      trx,
    ),
  );
  return {
    ...Object.fromEntries(STOCK_TABLES.map((table, index) => [table, counts[index]])),
    outbox: (await outboxEvents(core, tenantId)).length,
    levels: rows[0]?.levels ?? null,
    costs: rows[0]?.costs ?? null,
  };
}
