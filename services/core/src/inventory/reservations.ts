import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { lockSettings } from '../db/inventory-settings.js';
import { findProduct } from '../db/products.js';
import type { CoreDb } from '../db/schema.js';
import { lockStockProduct } from '../db/stock-costs.js';
import { allocatableLevels, availableAt } from '../db/stock-levels.js';
import { findReservation, findReservationsByReference, insertReservation } from '../db/stock-reservations.js';
import { lockWarehouse } from '../db/warehouses.js';
import type { FieldError } from '../domain/partner-rules.js';
import type { Product } from '../domain/product.js';
import {
  type AllocatableLevel,
  allocate,
  checkReservation,
  type ReservationRequest,
  type StockMovement,
  type StockReservation,
  totalAvailable,
} from '../domain/stock.js';
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

/** The product, warehouse and (if named) location of a request, or 422 with every broken rule. */
async function checkRequest(trx: Transaction<CoreDb>, tenantId: string, request: ReservationRequest) {
  const product = await findProduct(trx, tenantId, request.productId);
  const errors: FieldError[] = [];
  if (!product) errors.push({ pointer: '/product_id', detail: 'is not a product of this company.' });
  else if (product.kind === 'service') errors.push({ pointer: '/product_id', detail: `names the service ${product.sku}, which has no stock.` });
  errors.push(...checkReservation(request, product?.unit));
  const warehouse = await lockWarehouse(trx, tenantId, request.warehouseId, 'share');
  if (!warehouse) errors.push({ pointer: '/warehouse_id', detail: 'is not a warehouse of this company.' });
  let place: ResolvedPlace | undefined;
  if (warehouse && request.locationId) {
    const resolved = await resolvePlace(trx, tenantId, { warehouse_id: warehouse.id, location_id: request.locationId }, '');
    if (Array.isArray(resolved)) errors.push(...resolved);
    else place = resolved;
  }
  if (errors.length > 0 || !product || product.kind === 'service' || !warehouse) throw inventoryInvalid(errors);
  if (warehouse.archived_at) throw new WarehouseArchivedError(warehouse.code);
  if (place) assertOpen(place);
  return { product, warehouse, place };
}

/** The available stock a reservation may take: at the named location, or at every active location of the warehouse. */
async function levelsFor(
  trx: Transaction<CoreDb>,
  tenantId: string,
  product: Product,
  warehouseId: string,
  place: ResolvedPlace | undefined,
): Promise<AllocatableLevel[]> {
  if (!place) return allocatableLevels(trx, tenantId, product.id, warehouseId);
  const available = await availableAt(trx, tenantId, product.id, place.location.id);
  return [{ location_id: place.location.id, code: place.location.code, is_default: place.location.is_default, available }];
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
  const { product, warehouse, place } = await checkRequest(trx, tenantId, request);
  await lockStockProduct(trx, tenantId, product.id);
  const active = (await findReservationsByReference(trx, tenantId, request.reference, product.id)).find((reservation) => reservation.status === 'active');
  if (active) throw new ReservationExistsError(request.reference.type, request.reference.id, product.sku);
  const levels = await levelsFor(trx, tenantId, product, warehouse.id, place);
  const allocations = allocate(levels, request.quantity);
  if (!allocations) {
    const where = place ? describePlace(place) : `warehouse ${warehouse.code} (${warehouse.id})`;
    throw new StockInsufficientError({
      productId: product.id,
      sku: product.sku,
      unit: product.unit,
      place: where,
      available: totalAvailable(levels),
      requested: request.quantity,
    });
  }
  const id = newId();
  await insertReservation(trx, tenantId, {
    id,
    productId: product.id,
    warehouseId: warehouse.id,
    quantity: request.quantity,
    reference: request.reference,
    actorId: request.actorId ?? null,
    allocations,
  });
  const reservation = await findReservation(trx, tenantId, id);
  if (!reservation) throw new ReservationNotFoundError(`with id ${id}`);
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
