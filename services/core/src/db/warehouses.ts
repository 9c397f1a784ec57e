import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { Warehouse, WarehouseLocation } from '../domain/warehouse.js';
import type { CoreDb, WarehouseLocationTable, WarehouseTable } from './schema.js';

export type WarehouseRow = Selectable<WarehouseTable> & { default_location_id: string };
export type LocationRow = Selectable<WarehouseLocationTable>;

export function warehouseRowToWarehouse(row: WarehouseRow): Warehouse {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    default_location_id: row.default_location_id,
    version: row.version,
    archived_at: row.archived_at?.toISOString() ?? null,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

export function locationRowToLocation(row: LocationRow): WarehouseLocation {
  return {
    id: row.id,
    warehouse_id: row.warehouse_id,
    code: row.code,
    name: row.name,
    is_default: row.is_default,
    version: row.version,
    archived_at: row.archived_at?.toISOString() ?? null,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

function selectWarehouses(db: Kysely<CoreDb>, tenantId: string) {
  return db
    .selectFrom('warehouse as w')
    .innerJoin('warehouse_location as l', (join) =>
      join.onRef('l.tenant_id', '=', 'w.tenant_id').onRef('l.warehouse_id', '=', 'w.id').on('l.is_default', '=', true),
    )
    .selectAll('w')
    .select('l.id as default_location_id')
    .where('w.tenant_id', '=', tenantId);
}

export async function insertWarehouse(trx: Transaction<CoreDb>, tenantId: string, id: string, fields: { code: string; name: string }): Promise<void> {
  await trx
    .insertInto('warehouse')
    .values({ tenant_id: tenantId, id, ...fields })
    .execute();
}

export async function findWarehouse(db: Kysely<CoreDb>, tenantId: string, id: string): Promise<Warehouse | undefined> {
  const row = await selectWarehouses(db, tenantId).where('w.id', '=', id).executeTakeFirst();
  return row ? warehouseRowToWarehouse(row) : undefined;
}

/**
 * The warehouse with its row locked until the transaction ends: `update` for a change of the warehouse
 * itself, `share` for stock moving in it, so that archiving waits for movements and movements for archiving.
 */
export async function lockWarehouse(trx: Transaction<CoreDb>, tenantId: string, id: string, mode: 'update' | 'share'): Promise<Warehouse | undefined> {
  const query = selectWarehouses(trx, tenantId).where('w.id', '=', id);
  const row = await (mode === 'update' ? query.forUpdate('w') : query.forShare('w')).executeTakeFirst();
  return row ? warehouseRowToWarehouse(row) : undefined;
}

export async function updateWarehouse(
  trx: Transaction<CoreDb>,
  tenantId: string,
  id: string,
  fields: { code?: string; name?: string; archived?: boolean },
): Promise<void> {
  const { archived, ...columns } = fields;
  await trx
    .updateTable('warehouse')
    .set({
      ...columns,
      ...(archived === undefined ? {} : { archived_at: archived ? sql<Date>`now()` : null }),
      version: sql<number>`version + 1`,
      updated_at: sql<Date>`now()`,
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

export type ArchivedFilter = 'false' | 'true' | 'all';

/** One page of the tenant's warehouses by code, and the position after which the next page starts. */
export async function listWarehouses(
  db: Kysely<CoreDb>,
  tenantId: string,
  page: { limit: number; archived: ArchivedFilter; after?: { code: string; id: string } | undefined },
): Promise<{ warehouses: Warehouse[]; next?: { code: string; id: string } }> {
  let query = selectWarehouses(db, tenantId);
  if (page.archived === 'false') query = query.where('w.archived_at', 'is', null);
  if (page.archived === 'true') query = query.where('w.archived_at', 'is not', null);
  if (page.after) query = query.where(sql<boolean>`(w.code, w.id) > (${page.after.code}, ${page.after.id}::uuid)`);
  const rows = await query
    .orderBy('w.code')
    .orderBy('w.id')
    .limit(page.limit + 1)
    .execute();
  const last = rows[page.limit - 1];
  const warehouses = rows.slice(0, page.limit).map(warehouseRowToWarehouse);
  return rows.length > page.limit && last ? { warehouses, next: { code: last.code, id: last.id } } : { warehouses };
}

export async function insertLocation(
  trx: Transaction<CoreDb>,
  tenantId: string,
  location: { id: string; warehouseId: string; code: string; name: string | null; isDefault: boolean },
): Promise<void> {
  await trx
    .insertInto('warehouse_location')
    .values({
      tenant_id: tenantId,
      id: location.id,
      warehouse_id: location.warehouseId,
      code: location.code,
      name: location.name,
      is_default: location.isDefault,
    })
    .execute();
}

export async function findLocation(db: Kysely<CoreDb>, tenantId: string, id: string): Promise<WarehouseLocation | undefined> {
  const row = await db.selectFrom('warehouse_location').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  return row ? locationRowToLocation(row) : undefined;
}

/** The location with its row locked, as {@link lockWarehouse} does for warehouses. */
export async function lockLocation(trx: Transaction<CoreDb>, tenantId: string, id: string, mode: 'update' | 'share'): Promise<WarehouseLocation | undefined> {
  const query = trx.selectFrom('warehouse_location').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id);
  const row = await (mode === 'update' ? query.forUpdate() : query.forShare()).executeTakeFirst();
  return row ? locationRowToLocation(row) : undefined;
}

export async function updateLocation(
  trx: Transaction<CoreDb>,
  tenantId: string,
  id: string,
  fields: { code?: string; name?: string | null; is_default?: boolean; archived?: boolean },
): Promise<void> {
  const { archived, ...columns } = fields;
  await trx
    .updateTable('warehouse_location')
    .set({
      ...columns,
      ...(archived === undefined ? {} : { archived_at: archived ? sql<Date>`now()` : null }),
      version: sql<number>`version + 1`,
      updated_at: sql<Date>`now()`,
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

/** The warehouse's locations that are neither archived nor in an archived warehouse, for allocating reservations. */
export async function listActiveLocations(db: Kysely<CoreDb>, tenantId: string, warehouseId: string): Promise<WarehouseLocation[]> {
  const rows = await db
    .selectFrom('warehouse_location')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('warehouse_id', '=', warehouseId)
    .where('archived_at', 'is', null)
    .execute();
  return rows.map(locationRowToLocation);
}

/** One page of a warehouse's locations by code. */
export async function listLocations(
  db: Kysely<CoreDb>,
  tenantId: string,
  warehouseId: string,
  page: { limit: number; archived: ArchivedFilter; after?: { code: string; id: string } | undefined },
): Promise<{ locations: WarehouseLocation[]; next?: { code: string; id: string } }> {
  let query = db.selectFrom('warehouse_location').selectAll().where('tenant_id', '=', tenantId).where('warehouse_id', '=', warehouseId);
  if (page.archived === 'false') query = query.where('archived_at', 'is', null);
  if (page.archived === 'true') query = query.where('archived_at', 'is not', null);
  if (page.after) query = query.where(sql<boolean>`(code, id) > (${page.after.code}, ${page.after.id}::uuid)`);
  const rows = await query
    .orderBy('code')
    .orderBy('id')
    .limit(page.limit + 1)
    .execute();
  const last = rows[page.limit - 1];
  const locations = rows.slice(0, page.limit).map(locationRowToLocation);
  return rows.length > page.limit && last ? { locations, next: { code: last.code, id: last.id } } : { locations };
}

/** Whether any stock is on hand or reserved at the location (or, with `warehouse`, anywhere in the warehouse). */
export async function holdsStock(db: Kysely<CoreDb>, tenantId: string, scope: { locationId: string } | { warehouseId: string }): Promise<boolean> {
  let query = db
    .selectFrom('stock_level')
    .select('product_id')
    .where('tenant_id', '=', tenantId)
    .where((where) => where.or([where('on_hand', '>', '0'), where('reserved', '>', '0')]));
  query = 'locationId' in scope ? query.where('location_id', '=', scope.locationId) : query.where('warehouse_id', '=', scope.warehouseId);
  return (await query.limit(1).executeTakeFirst()) !== undefined;
}
