import { type Kysely, type Selectable, sql } from 'kysely';
import type { StockLevel } from '../domain/stock.js';
import { Exact, toText } from '../domain/stock-decimal.js';
import type { CoreDb, StockLevelTable } from './schema.js';

const decimal = (value: string) => toText(new Exact(value));

export function levelRowToLevel(row: Selectable<StockLevelTable>): StockLevel {
  return {
    product_id: row.product_id,
    warehouse_id: row.warehouse_id,
    location_id: row.location_id,
    on_hand: decimal(row.on_hand),
    reserved: decimal(row.reserved),
    available: decimal(row.available),
    incoming: decimal(row.incoming),
    updated_at: row.updated_at.toISOString(),
  };
}

/** What is available of the product at the location; 0 where it never was. */
export async function availableAt(db: Kysely<CoreDb>, tenantId: string, productId: string, locationId: string): Promise<string> {
  const row = await db
    .selectFrom('stock_level')
    .select('available')
    .where('tenant_id', '=', tenantId)
    .where('product_id', '=', productId)
    .where('location_id', '=', locationId)
    .executeTakeFirst();
  return row ? decimal(row.available) : '0';
}

export interface LevelFilter {
  product_id?: string | undefined;
  warehouse_id?: string | undefined;
  location_id?: string | undefined;
}

/** One page of levels ordered by product and location; `after` continues after the previous page. */
export async function listLevels(
  db: Kysely<CoreDb>,
  tenantId: string,
  filter: LevelFilter,
  page: { limit: number; after?: { productId: string; locationId: string } | undefined },
): Promise<{ levels: StockLevel[]; next?: { productId: string; locationId: string } }> {
  let query = db.selectFrom('stock_level').selectAll().where('tenant_id', '=', tenantId);
  if (filter.product_id) query = query.where('product_id', '=', filter.product_id);
  if (filter.warehouse_id) query = query.where('warehouse_id', '=', filter.warehouse_id);
  if (filter.location_id) query = query.where('location_id', '=', filter.location_id);
  if (page.after) query = query.where(sql<boolean>`(product_id, location_id) > (${page.after.productId}::uuid, ${page.after.locationId}::uuid)`);
  const rows = await query
    .orderBy('product_id')
    .orderBy('location_id')
    .limit(page.limit + 1)
    .execute();
  const last = rows[page.limit - 1];
  const levels = rows.slice(0, page.limit).map(levelRowToLevel);
  return rows.length > page.limit && last ? { levels, next: { productId: last.product_id, locationId: last.location_id } } : { levels };
}

/** Every level of the product, by warehouse and location. */
export async function levelsOfProduct(db: Kysely<CoreDb>, tenantId: string, productId: string): Promise<StockLevel[]> {
  const rows = await db
    .selectFrom('stock_level')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('product_id', '=', productId)
    .orderBy('warehouse_id')
    .orderBy('location_id')
    .execute();
  return rows.map(levelRowToLevel);
}
