import type { Transaction } from 'kysely';
import { type InventorySettings, lockSettings } from '../db/inventory-settings.js';
import { findProduct } from '../db/products.js';
import type { CoreDb } from '../db/schema.js';
import { insertCostLayer, lockStockProduct, openCostLayers, type StockProductState, saveConsumedLayers, saveStockProduct } from '../db/stock-costs.js';
import { availableAt } from '../db/stock-levels.js';
import { insertMovement, movementRowToMovement } from '../db/stock-movements.js';
import type { FieldError } from '../domain/partner-rules.js';
import type { Product } from '../domain/product.js';
import {
  checkMovement,
  isInflow,
  type MovementInput,
  type MovementKind,
  reorderCrossing,
  type StockMovement,
  type StockReference,
  toReference,
} from '../domain/stock.js';
import { Exact } from '../domain/stock-decimal.js';
import { applyAverageOutflow, applyFifoOutflow, applyInflow, type ConsumedLayer, type CostChange } from '../domain/valuation.js';
import { inventoryInvalid, StockInsufficientError } from '../errors.js';
import { assertOpen, describePlace, type ResolvedPlace, resolvePlace } from './places.js';
import type { StockActor } from './stock-actor.js';
import { emitBelowReorderPoint, emitStockMoved } from './stock-events.js';

/** A movement whose product and places exist and obey every rule, ready to be valued and written. */
export interface PlannedMovement {
  kind: MovementKind;
  product: Product;
  quantity: string;
  from: ResolvedPlace | null;
  to: ResolvedPlace | null;
  /** The client's unit cost of an inflow; the product's current one when `null`. */
  unitCost: string | null;
  reason: string | null;
  reference: StockReference | null;
  reservationId: string | null;
  settings: InventorySettings;
}

async function productFor(trx: Transaction<CoreDb>, tenantId: string, productId: string): Promise<Product | FieldError> {
  const product = await findProduct(trx, tenantId, productId);
  if (!product) return { pointer: '/product_id', detail: 'is not a product of this company.' };
  if (product.kind === 'service') return { pointer: '/product_id', detail: `names the service ${product.sku}, which has no stock.` };
  return product;
}

/** Checks a client's movement against the rules and the database, and plans it; 422 with every broken rule at once. */
async function planMovement(trx: Transaction<CoreDb>, tenantId: string, input: MovementInput): Promise<PlannedMovement> {
  const product = await productFor(trx, tenantId, input.product_id);
  const errors: FieldError[] = 'pointer' in product ? [product, ...checkMovement(input, undefined)] : checkMovement(input, product.unit);
  const settings = await lockSettings(trx, tenantId, 'share');
  if (input.unit_cost && input.unit_cost.currency.toUpperCase() !== settings.currency)
    errors.push({ pointer: '/unit_cost/currency', detail: `must be ${settings.currency}, the currency this company values its stock in.` });
  const from = input.from ? await resolvePlace(trx, tenantId, input.from, '/from') : null;
  const to = input.to ? await resolvePlace(trx, tenantId, input.to, '/to') : null;
  for (const side of [from, to]) if (Array.isArray(side)) errors.push(...side);
  if (from && to && !Array.isArray(from) && !Array.isArray(to) && from.place.location_id === to.place.location_id)
    errors.push({ pointer: '/to', detail: 'must be another location than `from`; a transfer moves stock between two locations.' });
  if (errors.length > 0 || 'pointer' in product || Array.isArray(from) || Array.isArray(to)) throw inventoryInvalid(errors);
  for (const side of [from, to]) if (side) assertOpen(side);
  const reason = input.reason?.trim() || null;
  return {
    kind: input.kind,
    product,
    quantity: input.quantity,
    from,
    to,
    unitCost: input.unit_cost?.amount ?? null,
    reason,
    reference: toReference(input.reference),
    reservationId: null,
    settings,
  };
}

/** Records a client's movement: checks it, values it and appends it to the ledger, moving the levels with it. */
export async function recordMovement(trx: Transaction<CoreDb>, actor: StockActor, input: MovementInput, newId: () => string): Promise<StockMovement> {
  return applyMovement(trx, actor, await planMovement(trx, actor.tenantId, input), newId);
}

/** 409 `CORE_STOCK_INSUFFICIENT` if the place has less available than the movement takes. */
async function assertAvailable(trx: Transaction<CoreDb>, tenantId: string, movement: PlannedMovement, from: ResolvedPlace): Promise<void> {
  const available = await availableAt(trx, tenantId, movement.product.id, from.place.location_id);
  if (new Exact(available).lessThan(movement.quantity)) {
    const { product } = movement;
    throw new StockInsufficientError({
      productId: product.id,
      sku: product.sku,
      unit: product.unit,
      place: describePlace(from),
      available,
      requested: movement.quantity,
    });
  }
}

/** The movement's cost value by the tenant's method, and the FIFO layers it empties. */
async function valueMovement(
  trx: Transaction<CoreDb>,
  tenantId: string,
  movement: PlannedMovement,
  state: StockProductState,
): Promise<CostChange & { unitCost: string | null; consumed: ConsumedLayer[] }> {
  if (movement.kind === 'transfer') return { state, value: '0', unitCost: null, consumed: [] };
  if (isInflow(movement.kind, movement.to !== null, movement.from !== null)) {
    const unitCost = movement.unitCost ?? state.unitCost;
    if (unitCost === null)
      throw inventoryInvalid([{ pointer: '/unit_cost', detail: `is required: product ${movement.product.sku} has no cost yet to value this stock at.` }]);
    return { ...applyInflow(state, movement.quantity, unitCost), unitCost, consumed: [] };
  }
  if (movement.settings.valuation_method === 'moving_average') return { ...applyAverageOutflow(state, movement.quantity), unitCost: null, consumed: [] };
  return { ...applyFifoOutflow(state, await openCostLayers(trx, tenantId, movement.product.id), movement.quantity), unitCost: null };
}

/**
 * Appends a planned movement to the ledger under the product's lock: checks what is available, values it,
 * writes it (its trigger moves the levels), keeps the cost state and FIFO layers, and writes
 * `erp.core.stock.moved.v1` and, once per crossing, `erp.core.stock.below_reorder_point.v1`.
 */
export async function applyMovement(trx: Transaction<CoreDb>, actor: StockActor, movement: PlannedMovement, newId: () => string): Promise<StockMovement> {
  const { tenantId } = actor;
  const { product, settings } = movement;
  const state = await lockStockProduct(trx, tenantId, product.id);
  if (movement.from) await assertAvailable(trx, tenantId, movement, movement.from);
  const change = await valueMovement(trx, tenantId, movement, state);
  const row = await insertMovement(trx, tenantId, {
    id: newId(),
    kind: movement.kind,
    productId: product.id,
    unit: product.unit,
    quantity: movement.quantity,
    from: movement.from?.place ?? null,
    to: movement.to?.place ?? null,
    unitCost: change.unitCost,
    value: change.value,
    currency: settings.currency,
    reason: movement.reason,
    reference: movement.reference,
    reservationId: movement.reservationId,
    actorId: actor.userId,
  });
  if (settings.valuation_method === 'fifo' && change.unitCost !== null) {
    await insertCostLayer(trx, tenantId, {
      movementId: row.id,
      productId: product.id,
      seq: row.seq,
      quantity: movement.quantity,
      unitCost: change.unitCost,
      value: change.value,
    });
  }
  await saveConsumedLayers(trx, tenantId, change.consumed);
  const crossing = reorderCrossing(state.belowReorderPoint, change.state.quantity, product.reorder_point);
  await saveStockProduct(trx, tenantId, product.id, { ...change.state, belowReorderPoint: crossing.below });
  const recorded = movementRowToMovement(row);
  await emitStockMoved(trx, actor, recorded);
  if (crossing.crossed && product.reorder_point !== null) {
    await emitBelowReorderPoint(trx, actor, {
      product_id: product.id,
      sku: product.sku,
      unit: product.unit,
      quantity_on_hand: new Exact(change.state.quantity).toFixed(),
      reorder_point: product.reorder_point,
      reorder_quantity: product.reorder_quantity,
      movement_id: recorded.id,
    });
  }
  return recorded;
}
