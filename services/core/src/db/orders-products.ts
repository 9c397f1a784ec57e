import type { Kysely } from 'kysely';
import type { Product } from '../domain/product.js';
import { productRowToProduct } from './products.js';
import type { CoreDb } from './schema.js';

/** The tenant's products with these ids, by id; unknown ids are simply missing. */
export async function findProductsByIds(db: Kysely<CoreDb>, tenantId: string, ids: readonly string[]): Promise<Map<string, Product>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db.selectFrom('product').selectAll().where('tenant_id', '=', tenantId).where('id', 'in', unique).execute();
  return new Map(rows.map((row) => [row.id, productRowToProduct(row)]));
}
