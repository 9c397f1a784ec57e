import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { lockSettings } from '../db/inventory-settings.js';
import { findProduct } from '../db/products.js';
import type { CoreDb } from '../db/schema.js';
import {
  findReservationContext,
  insertReservations,
  lockReservationStock,
  type NewReservation,
  type ReservationContext,
  referenceKey,
} from '../db/stock-reservation-batch.js';
import type { FieldError } from '../domain/partner-rules.js';
import {
  type AllocatableLevel,
  type Allocation,
  allocate,
  checkReservation,
  type ReservationRequest,
  type StockMovement,
  type StockReservation,
  totalAvailable,
} from '../domain/stock.js';
import { Exact, toText } from '../domain/stock-decimal.js';
import type { Warehouse } from '../domain/warehouse.js';
import { inventoryInvalid, ReservationExistsError, ReservationNotFoundError, StockInsufficientError, WarehouseArchivedError } from '../errors.js';
import { assertOpen, describePlace, type ResolvedPlace, resolvePlace } from './places.js';
import { applyMovement } from './record-movement.js';
import { closeAll, lockTargets, type ReservationTarget } from './reservation-targets.js';

export type { ReservationTarget } from './reservation-targets.js';

/** Who acts, for the ledger and events; left out when the service acts on its own. */
export interface ReservationActorOptions {
  actorId?: string | null | undefined;
  traceparent?: string | undefined;
}

/** One reference's share of a {@link reserveStocks} call; `id` is the reservation's, drawn if left out. */
export interface ReservationItem {
  id?: string | undefined;
  productId: string;
  quantity: string;
  reference: { type: string; id: string };
}

/** Reservations of several products (or references) in one warehouse, and at one location of it if named. */
export interface ReservationBatch extends ReservationActorOptions {
  warehouseId: string;
  locationId?: string | undefined;
  items: readonly ReservationItem[];
}

/** What the checks of a batch's items need: the locked warehouse, the named place and what was read under the locks. */
interface BatchState {
  warehouseId: string;
  warehouse: Warehouse | undefined;
  /** The location the batch names: resolved, or why it cannot be used; `undefined` when none is named. */
  named: ResolvedPlace | FieldError[] | undefined;
  context: ReservationContext;
}

/** The levels after the allocations took their share, for the next reservation of the same product. */
function takeFrom(levels: readonly AllocatableLevel[], allocations: readonly Allocation[]): AllocatableLevel[] {
  return levels.map((level) => {
    const taken = allocations.find((allocation) => allocation.location_id === level.location_id);
    return taken ? { ...level, available: toText(new Exact(level.available).minus(taken.quantity)) } : level;
  });
}

/** Every rule the item breaks that the database answers (product, warehouse, location), with the form rules; empty if none. */
function itemErrors(item: ReservationItem, state: BatchState): FieldError[] {
  const product = state.context.products.get(item.productId);
  const errors: FieldError[] = [];
  if (!product) errors.push({ pointer: '/product_id', detail: 'is not a product of this company.' });
  else if (product.kind === 'service') errors.push({ pointer: '/product_id', detail: `names the service ${product.sku}, which has no stock.` });
  errors.push(...checkReservation({ ...item, warehouseId: state.warehouseId }, product?.unit));
  if (!state.warehouse) errors.push({ pointer: '/warehouse_id', detail: 'is not a warehouse of this company.' });
  else if (Array.isArray(state.named)) errors.push(...state.named);
  return errors;
}

/**
 * Checks and allocates the items in turn, as one reservation after the other would be: later items of a
 * product see what earlier ones took, and a reference holds one active reservation per product. Throws the
 * first problem.
 */
function planReservations(items: readonly ReservationItem[], state: BatchState, newId: () => string): NewReservation[] {
  const taken = new Set(state.context.active);
  const levelsOf = new Map(state.context.levels);
  const place = Array.isArray(state.named) ? undefined : state.named;
  return items.map((item) => {
    const errors = itemErrors(item, state);
    const product = state.context.products.get(item.productId);
    const { warehouse } = state;
    if (errors.length > 0 || !product || !warehouse) throw inventoryInvalid(errors);
    if (warehouse.archived_at) throw new WarehouseArchivedError(warehouse.code);
    if (place) assertOpen(place);
    const key = referenceKey({ ...item.reference, productId: product.id });
    if (taken.has(key)) throw new ReservationExistsError(item.reference.type, item.reference.id, product.sku);
    const levels = levelsOf.get(product.id) ?? [];
    const allocations = allocate(levels, item.quantity);
    if (!allocations) {
      const where = place ? describePlace(place) : `warehouse ${warehouse.code} (${warehouse.id})`;
      throw new StockInsufficientError({
        productId: product.id,
        sku: product.sku,
        unit: product.unit,
        place: where,
        available: totalAvailable(levels),
        requested: item.quantity,
      });
    }
    levelsOf.set(product.id, takeFrom(levels, allocations));
    taken.add(key);
    return { id: item.id ?? newId(), productId: product.id, quantity: item.quantity, reference: item.reference, allocations };
  });
}

/**
 * Reserves stock of several products (or for several references) in one warehouse, in the caller's
 * transaction, which must run under `withTenant(tenantId)`: all of them or, by throwing, none, with the
 * errors {@link reserveStock} throws, as if it were called for each item in turn. The products' stock rows
 * are locked together (in id order, as every stock change takes them), and only then are the levels read
 * and the reservations written, one statement each: the locks are held for those two statements and the
 * rest of the caller's transaction, which should therefore end right after.
 */
export async function reserveStocks(
  trx: Transaction<CoreDb>,
  tenantId: string,
  batch: ReservationBatch,
  newId: () => string = randomUUID,
): Promise<StockReservation[]> {
  // Ids as the database writes them, so that what is read under them is found again.
  const items = batch.items.map((item) => ({ ...item, productId: item.productId.toLowerCase() }));
  const productIds = items.map((item) => item.productId);
  const named = batch.locationId ? await resolvePlace(trx, tenantId, { warehouse_id: batch.warehouseId, location_id: batch.locationId }, '') : undefined;
  const { warehouse, stocked } = await lockReservationStock(trx, tenantId, batch.warehouseId, productIds);
  const warehouseId = warehouse?.id ?? batch.warehouseId;
  const context = await findReservationContext(trx, tenantId, {
    productIds,
    stocked,
    warehouseId,
    locationId: named && !Array.isArray(named) ? named.location.id : undefined,
    references: items.map((item) => ({ ...item.reference, productId: item.productId })),
  });
  const reservations = planReservations(items, { warehouseId: batch.warehouseId, warehouse, named, context }, newId);
  return insertReservations(trx, tenantId, { warehouseId, actorId: batch.actorId ?? null, reservations });
}

/**
 * Reserves stock of a product in a warehouse for a reference (e.g. `{ type: 'sales_order_line', id }`), in the
 * caller's transaction, which must run under `withTenant(tenantId)`. Without `locationId` the quantity is
 * taken from the warehouse's locations as far as each goes (default location first, then by code). Throws
 * 422 `CORE_INVENTORY_INVALID`, 409 `CORE_STOCK_INSUFFICIENT` (nothing reserved), 409
 * `CORE_RESERVATION_EXISTS` if the reference already holds an active reservation of the product, or 409
 * `CORE_WAREHOUSE_ARCHIVED`/`CORE_LOCATION_ARCHIVED`.
 */
export async function reserveStock(
  trx: Transaction<CoreDb>,
  tenantId: string,
  request: ReservationRequest & ReservationActorOptions,
  newId: () => string = randomUUID,
): Promise<StockReservation> {
  const { productId, quantity, reference, warehouseId, locationId, actorId, traceparent } = request;
  const [reservation] = await reserveStocks(
    trx,
    tenantId,
    { warehouseId, locationId, actorId, traceparent, items: [{ productId, quantity, reference }] },
    newId,
  );
  if (!reservation) throw new ReservationNotFoundError(`for ${reference.type} ${reference.id}`);
  return reservation;
}

/**
 * Releases the active reservation (by id), or every active reservation of a reference (of one product, or
 * all), in the caller's transaction: the stock becomes available again. Throws 404
 * `CORE_RESERVATION_NOT_FOUND`, or 409 `CORE_RESERVATION_CLOSED` if there is nothing active to release, so a
 * reservation is never released twice.
 */
export async function releaseReservation(
  trx: Transaction<CoreDb>,
  tenantId: string,
  target: ReservationTarget,
  options: ReservationActorOptions = {},
): Promise<StockReservation[]> {
  const reservations = await lockTargets(trx, tenantId, target);
  return closeAll(trx, tenantId, reservations, 'released', options.actorId ?? null);
}

/**
 * Consumes (delivers) the active reservation (by id) or every active reservation of a reference, in the
 * caller's transaction: each is closed and its quantity issued from the locations it was allocated at, as
 * `issue` movements carrying the reservation's reference and id. Throws as {@link releaseReservation} does,
 * so a reservation is never consumed twice, nor consumed after it was released.
 */
export async function consumeReservation(
  trx: Transaction<CoreDb>,
  tenantId: string,
  target: ReservationTarget,
  options: ReservationActorOptions & { reason?: string | undefined } = {},
  newId: () => string = randomUUID,
): Promise<{ reservations: StockReservation[]; movements: StockMovement[] }> {
  const actor = { tenantId, userId: options.actorId ?? null, traceparent: options.traceparent };
  // Settings before the products, in the order every movement takes its locks.
  const settings = await lockSettings(trx, tenantId, 'share');
  const locked = await lockTargets(trx, tenantId, target);
  const reservations = await closeAll(trx, tenantId, locked, 'consumed', actor.userId);
  const movements: StockMovement[] = [];
  for (const reservation of reservations) {
    const product = await findProduct(trx, tenantId, reservation.product_id);
    if (!product) throw new ReservationNotFoundError(`with id ${reservation.id}`);
    for (const allocation of reservation.allocations) {
      const from = await resolvePlace(trx, tenantId, { warehouse_id: reservation.warehouse_id, location_id: allocation.location_id }, '');
      if (Array.isArray(from)) throw inventoryInvalid(from);
      const reference = { text: null, type: reservation.reference.type, id: reservation.reference.id };
      const planned = { kind: 'issue' as const, product, quantity: allocation.quantity, from, to: null, unitCost: null, reference, settings };
      movements.push(await applyMovement(trx, actor, { ...planned, reason: options.reason?.trim() || null, reservationId: reservation.id }, newId));
    }
  }
  return { reservations, movements };
}
