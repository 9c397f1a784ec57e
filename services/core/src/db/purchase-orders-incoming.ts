import { sql, type Transaction } from 'kysely';
import type { CoreDb } from './schema.js';

/**
 * Changes what is on order (`incoming`) of a product at a location by `delta` (negative when goods arrive or an
 * order is cancelled), never below 0. The caller holds the product's stock lock, the lock every stock change
 * takes first, so this never deadlocks with a movement updating the same level row.
 */
export async function changeIncoming(
  trx: Transaction<CoreDb>,
  tenantId: string,
  place: { productId: string; warehouseId: string; locationId: string },
  delta: string,
): Promise<void> {
  await sql`
    insert into stock_level (tenant_id, product_id, warehouse_id, location_id, incoming)
    values (${tenantId}, ${place.productId}, ${place.warehouseId}, ${place.locationId}, greatest(${delta}::numeric, 0))
    on conflict (tenant_id, product_id, location_id)
      do update set incoming = greatest(stock_level.incoming + ${delta}::numeric, 0)`.execute(trx);
}
