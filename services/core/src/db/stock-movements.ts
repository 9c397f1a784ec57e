import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { MovementKind, Place, StockMovement, StockReference } from '../domain/stock.js';
import { Exact, toText } from '../domain/stock-decimal.js';
import type { CoreDb, StockMovementTable } from './schema.js';

export type MovementRow = Selectable<StockMovementTable>;

function place(warehouseId: string | null, locationId: string | null): Place | null {
  return warehouseId && locationId ? { warehouse_id: warehouseId, location_id: locationId } : null;
}

export function movementRowToMovement(row: MovementRow): StockMovement {
  const hasReference = row.reference_text !== null || row.reference_type !== null;
  return {
    id: row.id,
    kind: row.kind,
    product_id: row.product_id,
    quantity: toText(new Exact(row.quantity)),
    unit: row.unit,
    from: place(row.from_warehouse_id, row.from_location_id),
    to: place(row.to_warehouse_id, row.to_location_id),
    unit_cost: row.unit_cost === null ? null : { amount: toText(new Exact(row.unit_cost)), currency: row.currency },
    value: { amount: toText(new Exact(row.value)), currency: row.currency },
    reason: row.reason,
    reference: hasReference ? { text: row.reference_text, type: row.reference_type, id: row.reference_id } : null,
    reservation_id: row.reservation_id,
    actor_id: row.actor_id,
    at: row.at.toISOString(),
  };
}

/** A movement as it is written: everything but what the database assigns (`seq`, `at`). */
export interface NewMovement {
  id: string;
  kind: MovementKind;
  productId: string;
  unit: string;
  quantity: string;
  from: Place | null;
  to: Place | null;
  unitCost: string | null;
  value: string;
  currency: string;
  reason: string | null;
  reference: StockReference | null;
  reservationId: string | null;
  actorId: string | null;
}

/** Appends a movement to the ledger; its trigger moves the levels in the same statement. */
export async function insertMovement(trx: Transaction<CoreDb>, tenantId: string, movement: NewMovement): Promise<MovementRow> {
  return trx
    .insertInto('stock_movement')
    .values({
      tenant_id: tenantId,
      id: movement.id,
      kind: movement.kind,
      product_id: movement.productId,
      unit: movement.unit,
      quantity: movement.quantity,
      from_warehouse_id: movement.from?.warehouse_id ?? null,
      from_location_id: movement.from?.location_id ?? null,
      to_warehouse_id: movement.to?.warehouse_id ?? null,
      to_location_id: movement.to?.location_id ?? null,
      unit_cost: movement.unitCost,
      value: movement.value,
      currency: movement.currency,
      reason: movement.reason,
      reference_text: movement.reference?.text ?? null,
      reference_type: movement.reference?.type ?? null,
      reference_id: movement.reference?.id ?? null,
      reservation_id: movement.reservationId,
      actor_id: movement.actorId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findMovement(db: Kysely<CoreDb>, tenantId: string, id: string): Promise<StockMovement | undefined> {
  const row = await db.selectFrom('stock_movement').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  return row ? movementRowToMovement(row) : undefined;
}

export interface MovementFilter {
  product_id?: string | undefined;
  warehouse_id?: string | undefined;
}

/** One page of the ledger, newest first; `beforeSeq` continues after the previous page. */
export async function listMovements(
  db: Kysely<CoreDb>,
  tenantId: string,
  filter: MovementFilter,
  page: { limit: number; beforeSeq?: string | undefined },
): Promise<{ movements: StockMovement[]; nextBeforeSeq?: string }> {
  let query = db.selectFrom('stock_movement').selectAll().where('tenant_id', '=', tenantId);
  if (filter.product_id) query = query.where('product_id', '=', filter.product_id);
  const warehouseId = filter.warehouse_id;
  if (warehouseId) query = query.where((where) => where.or([where('from_warehouse_id', '=', warehouseId), where('to_warehouse_id', '=', warehouseId)]));
  if (page.beforeSeq) query = query.where('seq', '<', sql<string>`${page.beforeSeq}::bigint`);
  const rows = await query
    .orderBy('seq', 'desc')
    .limit(page.limit + 1)
    .execute();
  const last = rows[page.limit - 1];
  const movements = rows.slice(0, page.limit).map(movementRowToMovement);
  return rows.length > page.limit && last ? { movements, nextBeforeSeq: last.seq } : { movements };
}
