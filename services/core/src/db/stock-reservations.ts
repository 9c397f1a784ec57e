import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { Allocation, ReservationStatus, StockReservation } from '../domain/stock.js';
import { Exact, toText } from '../domain/stock-decimal.js';
import type { CoreDb, StockReservationTable } from './schema.js';

type ReservationRow = Selectable<StockReservationTable>;

function reservationRowToReservation(row: ReservationRow, allocations: Allocation[]): StockReservation {
  return {
    id: row.id,
    product_id: row.product_id,
    warehouse_id: row.warehouse_id,
    quantity: toText(new Exact(row.quantity)),
    reference: { type: row.reference_type, id: row.reference_id },
    status: row.status,
    allocations,
    actor_id: row.actor_id,
    created_at: row.created_at.toISOString(),
    closed_at: row.closed_at?.toISOString() ?? null,
    closed_by: row.closed_by,
  };
}

/** The reservations of the rows, each with its allocations by location. */
async function withAllocations(db: Kysely<CoreDb>, tenantId: string, rows: ReservationRow[]): Promise<StockReservation[]> {
  if (rows.length === 0) return [];
  const allocations = await db
    .selectFrom('stock_reservation_allocation')
    .select(['reservation_id', 'location_id', 'quantity'])
    .where('tenant_id', '=', tenantId)
    .where(
      'reservation_id',
      'in',
      rows.map((row) => row.id),
    )
    .orderBy('location_id')
    .execute();
  return rows.map((row) =>
    reservationRowToReservation(
      row,
      allocations
        .filter((allocation) => allocation.reservation_id === row.id)
        .map((allocation) => ({ location_id: allocation.location_id, quantity: toText(new Exact(allocation.quantity)) })),
    ),
  );
}

export async function findReservation(db: Kysely<CoreDb>, tenantId: string, id: string): Promise<StockReservation | undefined> {
  const row = await db.selectFrom('stock_reservation').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  return row ? (await withAllocations(db, tenantId, [row]))[0] : undefined;
}

/** The reservations with these ids, locked until the transaction ends, in id order (so two closers never deadlock). */
export async function lockReservations(trx: Transaction<CoreDb>, tenantId: string, ids: readonly string[]): Promise<StockReservation[]> {
  if (ids.length === 0) return [];
  const rows = await trx
    .selectFrom('stock_reservation')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', [...ids])
    .orderBy('id')
    .forUpdate()
    .execute();
  return withAllocations(trx, tenantId, rows);
}

/** The reservations of a reference (for one product, or all), newest first. */
export async function findReservationsByReference(
  db: Kysely<CoreDb>,
  tenantId: string,
  reference: { type: string; id: string },
  productId?: string,
): Promise<StockReservation[]> {
  let query = db
    .selectFrom('stock_reservation')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('reference_type', '=', reference.type)
    .where('reference_id', '=', reference.id);
  if (productId) query = query.where('product_id', '=', productId);
  return withAllocations(db, tenantId, await query.orderBy('seq', 'desc').execute());
}

/** Closes an active reservation; its trigger lowers `reserved` at each allocated location. */
export async function closeReservation(
  trx: Transaction<CoreDb>,
  tenantId: string,
  id: string,
  status: Exclude<ReservationStatus, 'active'>,
  actorId: string | null,
): Promise<void> {
  await trx
    .updateTable('stock_reservation')
    .set({ status, closed_at: sql<Date>`now()`, closed_by: actorId })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('status', '=', 'active')
    .execute();
}

export interface ReservationFilter {
  product_id?: string | undefined;
  warehouse_id?: string | undefined;
  status?: ReservationStatus | undefined;
  reference_type?: string | undefined;
  reference_id?: string | undefined;
}

/** One page of reservations, newest first; `before` continues after the previous page. */
export async function listReservations(
  db: Kysely<CoreDb>,
  tenantId: string,
  filter: ReservationFilter,
  page: { limit: number; beforeSeq?: string | undefined },
): Promise<{ reservations: StockReservation[]; nextBeforeSeq?: string }> {
  let query = db.selectFrom('stock_reservation').selectAll().where('tenant_id', '=', tenantId);
  if (filter.product_id) query = query.where('product_id', '=', filter.product_id);
  if (filter.warehouse_id) query = query.where('warehouse_id', '=', filter.warehouse_id);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.reference_type) query = query.where('reference_type', '=', filter.reference_type);
  if (filter.reference_id) query = query.where('reference_id', '=', filter.reference_id);
  if (page.beforeSeq) query = query.where('seq', '<', sql<string>`${page.beforeSeq}::bigint`);
  const rows = await query
    .orderBy('seq', 'desc')
    .limit(page.limit + 1)
    .execute();
  const last = rows[page.limit - 1];
  const reservations = await withAllocations(db, tenantId, rows.slice(0, page.limit));
  return rows.length > page.limit && last ? { reservations, nextBeforeSeq: last.seq } : { reservations };
}
