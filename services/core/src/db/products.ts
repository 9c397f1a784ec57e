import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { FieldChange } from '../domain/partner-patch.js';
import type { Product, ProductFields, ProductKind } from '../domain/product.js';
import type { HistoryEntry } from './partner-history.js';
import type { CoreDb, HistoryAction, HistoryVia, ProductTable } from './schema.js';

export type ProductRow = Selectable<ProductTable>;

export function productRowToProduct(row: ProductRow): Product {
  return {
    id: row.id,
    sku: row.sku,
    name: row.name,
    description: row.description,
    unit: row.unit,
    kind: row.kind,
    net_price: { amount: row.net_price, currency: row.net_price_currency },
    vat_rate: row.vat_rate,
    gtin: row.gtin,
    purchase_price: row.purchase_price && row.purchase_price_currency ? { amount: row.purchase_price, currency: row.purchase_price_currency } : null,
    supplier_id: row.supplier_id,
    reorder_point: row.reorder_point,
    reorder_quantity: row.reorder_quantity,
    tags: row.tags,
    version: row.version,
    archived_at: row.archived_at?.toISOString() ?? null,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

function toProductColumns(fields: ProductFields) {
  return {
    sku: fields.sku,
    name: fields.name,
    description: fields.description,
    unit: fields.unit,
    kind: fields.kind,
    net_price: fields.net_price.amount,
    net_price_currency: fields.net_price.currency,
    vat_rate: fields.vat_rate,
    gtin: fields.gtin,
    purchase_price: fields.purchase_price?.amount ?? null,
    purchase_price_currency: fields.purchase_price?.currency ?? null,
    supplier_id: fields.supplier_id,
    reorder_point: fields.reorder_point,
    reorder_quantity: fields.reorder_quantity,
    tags: fields.tags,
  };
}

export async function insertProduct(trx: Transaction<CoreDb>, tenantId: string, id: string, fields: ProductFields): Promise<void> {
  await trx
    .insertInto('product')
    .values({ tenant_id: tenantId, id, ...toProductColumns(fields) })
    .execute();
}

/** Writes new fields of a locked product and counts its version up. */
export async function updateProduct(trx: Transaction<CoreDb>, tenantId: string, id: string, fields: ProductFields): Promise<void> {
  await trx
    .updateTable('product')
    .set({ ...toProductColumns(fields), version: sql<number>`version + 1`, updated_at: sql<Date>`now()` })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

/** Archives (now) or restores a locked product and counts its version up. */
export async function setProductArchivedAt(trx: Transaction<CoreDb>, tenantId: string, id: string, archived: boolean): Promise<void> {
  await trx
    .updateTable('product')
    .set({ archived_at: archived ? sql<Date>`now()` : null, version: sql<number>`version + 1`, updated_at: sql<Date>`now()` })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

export async function findProduct(db: Kysely<CoreDb>, tenantId: string, id: string): Promise<Product | undefined> {
  const row = await db.selectFrom('product').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  return row ? productRowToProduct(row) : undefined;
}

/** The product with its row locked until the transaction ends, so concurrent changes queue up. */
export async function lockProduct(trx: Transaction<CoreDb>, tenantId: string, id: string): Promise<Product | undefined> {
  const row = await trx.selectFrom('product').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).forUpdate().executeTakeFirst();
  return row ? productRowToProduct(row) : undefined;
}

/** Where a page of products starts: after this SKU and id (the list's sort key). */
export interface ProductPosition {
  sku: string;
  id: string;
}

export interface ProductFilter {
  q?: string | undefined;
  kind?: ProductKind | undefined;
  supplier_id?: string | undefined;
  tag?: string | undefined;
  archived: 'false' | 'true' | 'all';
}

function likePattern(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/** One page of the tenant's products, ordered by SKU, and where the next page starts. */
export async function listProducts(
  db: Kysely<CoreDb>,
  tenantId: string,
  filter: ProductFilter,
  page: { limit: number; after?: ProductPosition | undefined },
): Promise<{ products: Product[]; next?: ProductPosition }> {
  let query = db.selectFrom('product').selectAll().where('tenant_id', '=', tenantId);
  if (filter.archived === 'false') query = query.where('archived_at', 'is', null);
  if (filter.archived === 'true') query = query.where('archived_at', 'is not', null);
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  if (filter.supplier_id) query = query.where('supplier_id', '=', filter.supplier_id);
  if (filter.tag) query = query.where(sql<boolean>`tags @> array[${filter.tag}]::text[]`);
  if (filter.q) {
    const pattern = likePattern(filter.q.trim());
    query = query.where((where) => where.or([where('name', 'ilike', `%${pattern}%`), where('sku', 'ilike', `${pattern}%`)]));
  }
  if (page.after) query = query.where(sql<boolean>`(sku, id) > (${page.after.sku}, ${page.after.id}::uuid)`);
  const rows = await query
    .orderBy('sku')
    .orderBy('id')
    .limit(page.limit + 1)
    .execute();
  const products = rows.slice(0, page.limit).map(productRowToProduct);
  const last = rows[page.limit - 1];
  return rows.length > page.limit && last ? { products, next: { sku: last.sku, id: last.id } } : { products };
}

/** Whether the tenant has a supplier with this id, and whether it is archived. */
export async function findSupplierState(db: Kysely<CoreDb>, tenantId: string, id: string): Promise<{ archived: boolean } | undefined> {
  const row = await db
    .selectFrom('partner')
    .select('archived_at')
    .where('tenant_id', '=', tenantId)
    .where('role', '=', 'supplier')
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? { archived: row.archived_at !== null } : undefined;
}

export async function appendProductHistory(
  trx: Transaction<CoreDb>,
  tenantId: string,
  entry: { productId: string; actorId: string | null; action: Exclude<HistoryAction, 'erased'>; via: HistoryVia; changes: FieldChange[] },
): Promise<void> {
  await trx
    .insertInto('product_history')
    .values({
      tenant_id: tenantId,
      product_id: entry.productId,
      actor_id: entry.actorId,
      action: entry.action,
      via: entry.via,
      changes: JSON.stringify(entry.changes),
    })
    .execute();
}

/** A page of the product's history, newest first; `beforeId` continues after the previous page. */
export async function listProductHistory(
  db: Kysely<CoreDb>,
  tenantId: string,
  productId: string,
  page: { limit: number; beforeId?: string | undefined },
): Promise<{ entries: HistoryEntry[]; nextBeforeId?: string }> {
  let query = db.selectFrom('product_history').selectAll().where('tenant_id', '=', tenantId).where('product_id', '=', productId);
  if (page.beforeId) query = query.where('id', '<', page.beforeId);
  const rows = await query
    .orderBy('id', 'desc')
    .limit(page.limit + 1)
    .execute();
  const entries = rows
    .slice(0, page.limit)
    .map((row) => ({ id: row.id, at: row.at.toISOString(), actor_id: row.actor_id, action: row.action, via: row.via, changes: row.changes }));
  const last = entries.at(-1);
  return rows.length > page.limit && last ? { entries, nextBeforeId: last.id } : { entries };
}
