import { type ServiceApp, withTenant } from '@erp/kit';
import { levelsOfProduct, listLevels } from '../db/stock-levels.js';
import type { StockLevel } from '../domain/stock.js';
import { Exact, toText } from '../domain/stock-decimal.js';
import { IdParams, LevelList, LevelListQuery, ProductLevels } from '../inventory/schemas.js';
import type { PartnerContext } from '../partners/context.js';
import { getProduct } from '../products/write-product.js';
import { tenantOf } from './context.js';
import { INVENTORY_READ, UUID_PATTERN } from './inventory-context.js';
import { fromCursor, toCursor } from './request-checks.js';

function total(levels: readonly StockLevel[], field: 'on_hand' | 'reserved' | 'available' | 'incoming'): string {
  return toText(levels.reduce((sum, level) => sum.plus(level[field]), new Exact(0)));
}

/** Stock levels per product and location: `/api/v1/inventory/levels` and `/api/v1/inventory/products/:id/levels`. */
export async function inventoryLevelRoutes(app: ServiceApp, { context }: { context: PartnerContext }): Promise<void> {
  app.get('/levels', { schema: { querystring: LevelListQuery, response: { 200: LevelList } }, config: INVENTORY_READ }, async (request) => {
    const tenantId = tenantOf(request);
    const { limit, cursor, ...filter } = request.query;
    const position = cursor ? fromCursor(cursor, [UUID_PATTERN, UUID_PATTERN]) : undefined;
    const after = position ? { productId: position[0] ?? '', locationId: position[1] ?? '' } : undefined;
    const page = await withTenant(context.db, tenantId, (trx) => listLevels(trx, tenantId, filter, { limit, after }));
    return { items: page.levels, next_cursor: page.next ? toCursor([page.next.productId, page.next.locationId]) : null };
  });

  app.get('/products/:id/levels', { schema: { params: IdParams, response: { 200: ProductLevels } }, config: INVENTORY_READ }, async (request) => {
    const tenantId = tenantOf(request);
    return withTenant(context.db, tenantId, async (trx) => {
      const product = await getProduct(trx, tenantId, request.params.id);
      const levels = await levelsOfProduct(trx, tenantId, product.id);
      const totals = {
        on_hand: total(levels, 'on_hand'),
        reserved: total(levels, 'reserved'),
        available: total(levels, 'available'),
        incoming: total(levels, 'incoming'),
      };
      return { product_id: product.id, unit: product.unit, ...totals, levels };
    });
  });
}
