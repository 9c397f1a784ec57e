import type { Transaction } from 'kysely';
import type { ConsumedLayer, CostLayer, CostState } from '../domain/valuation.js';
import type { CoreDb } from './schema.js';

/** A product's cost state and whether it is below its reorder point, as the last movement left it. */
export interface StockProductState extends CostState {
  belowReorderPoint: boolean;
}

/**
 * The product's stock state, created empty if the product never moved, with its row locked until the
 * transaction ends. Every movement and reservation of the product takes this lock first, so they queue up
 * per product: each sees the levels, costs and layers the previous one left.
 */
export async function lockStockProduct(trx: Transaction<CoreDb>, tenantId: string, productId: string): Promise<StockProductState> {
  await trx
    .insertInto('stock_product')
    .values({ tenant_id: tenantId, product_id: productId })
    .onConflict((conflict) => conflict.columns(['tenant_id', 'product_id']).doNothing())
    .execute();
  const row = await trx
    .selectFrom('stock_product')
    .select(['quantity', 'value', 'unit_cost', 'below_reorder_point'])
    .where('tenant_id', '=', tenantId)
    .where('product_id', '=', productId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  return { quantity: row.quantity, value: row.value, unitCost: row.unit_cost, belowReorderPoint: row.below_reorder_point };
}

export async function saveStockProduct(trx: Transaction<CoreDb>, tenantId: string, productId: string, state: StockProductState): Promise<void> {
  await trx
    .updateTable('stock_product')
    .set({ quantity: state.quantity, value: state.value, unit_cost: state.unitCost, below_reorder_point: state.belowReorderPoint, updated_at: new Date() })
    .where('tenant_id', '=', tenantId)
    .where('product_id', '=', productId)
    .execute();
}

/** The product's FIFO layers that still hold stock, oldest first. */
export async function openCostLayers(trx: Transaction<CoreDb>, tenantId: string, productId: string): Promise<CostLayer[]> {
  const rows = await trx
    .selectFrom('stock_cost_layer')
    .select(['movement_id', 'seq', 'unit_cost', 'remaining', 'remaining_value'])
    .where('tenant_id', '=', tenantId)
    .where('product_id', '=', productId)
    .where('remaining', '>', '0')
    .orderBy('seq')
    .execute();
  return rows.map((row) => ({
    movementId: row.movement_id,
    seq: row.seq,
    unitCost: row.unit_cost,
    remaining: row.remaining,
    remainingValue: row.remaining_value,
  }));
}

export async function insertCostLayer(
  trx: Transaction<CoreDb>,
  tenantId: string,
  layer: { movementId: string; productId: string; seq: string; quantity: string; unitCost: string; value: string },
): Promise<void> {
  await trx
    .insertInto('stock_cost_layer')
    .values({
      tenant_id: tenantId,
      movement_id: layer.movementId,
      product_id: layer.productId,
      seq: layer.seq,
      quantity: layer.quantity,
      unit_cost: layer.unitCost,
      remaining: layer.quantity,
      remaining_value: layer.value,
    })
    .execute();
}

export async function saveConsumedLayers(trx: Transaction<CoreDb>, tenantId: string, layers: readonly ConsumedLayer[]): Promise<void> {
  for (const layer of layers) {
    await trx
      .updateTable('stock_cost_layer')
      .set({ remaining: layer.remaining, remaining_value: layer.remainingValue })
      .where('tenant_id', '=', tenantId)
      .where('movement_id', '=', layer.movementId)
      .execute();
  }
}
