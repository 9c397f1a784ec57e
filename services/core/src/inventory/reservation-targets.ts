import type { Transaction } from 'kysely';
import type { CoreDb } from '../db/schema.js';
import { lockStockProduct } from '../db/stock-costs.js';
import { closeReservation, findReservation, findReservationsByReference, lockReservations } from '../db/stock-reservations.js';
import type { StockReservation } from '../domain/stock.js';
import { ReservationClosedError, ReservationNotFoundError } from '../errors.js';

/** Which reservations a release or consumption acts on: one by id, or the active ones of a reference (of one product, or all). */
export type ReservationTarget = { id: string } | { reference: { type: string; id: string }; productId?: string | undefined };

function describeTarget(target: ReservationTarget): string {
  return 'id' in target ? `with id ${target.id}` : `for ${target.reference.type} ${target.reference.id}`;
}

/**
 * The target's active reservations, locked: first each product's stock row (in id order, as every stock
 * change does), then the reservations. Of two concurrent closers the second waits and then finds nothing
 * active: 409 `CORE_RESERVATION_CLOSED`. 404 if the target names no reservation at all.
 */
export async function lockTargets(trx: Transaction<CoreDb>, tenantId: string, target: ReservationTarget): Promise<StockReservation[]> {
  const candidates =
    'id' in target
      ? [await findReservation(trx, tenantId, target.id)].filter((reservation) => reservation !== undefined)
      : await findReservationsByReference(trx, tenantId, target.reference, target.productId);
  const newest = candidates[0];
  if (!newest) throw new ReservationNotFoundError(describeTarget(target));
  for (const productId of [...new Set(candidates.map((reservation) => reservation.product_id))].sort()) await lockStockProduct(trx, tenantId, productId);
  const locked = await lockReservations(
    trx,
    tenantId,
    candidates.map((reservation) => reservation.id),
  );
  const active = locked.filter((reservation) => reservation.status === 'active');
  if (active.length === 0) {
    const status = locked.find((reservation) => reservation.id === newest.id)?.status ?? newest.status;
    throw new ReservationClosedError(newest.id, status);
  }
  return active;
}

/** Closes locked active reservations and returns them as they are now. */
export async function closeAll(
  trx: Transaction<CoreDb>,
  tenantId: string,
  reservations: readonly StockReservation[],
  status: 'released' | 'consumed',
  actorId: string | null,
): Promise<StockReservation[]> {
  const closed: StockReservation[] = [];
  for (const reservation of reservations) {
    await closeReservation(trx, tenantId, reservation.id, status, actorId);
    const now = await findReservation(trx, tenantId, reservation.id);
    if (now) closed.push(now);
  }
  return closed;
}
