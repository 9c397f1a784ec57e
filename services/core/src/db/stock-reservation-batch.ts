import { sql, type Transaction } from 'kysely';
import type { ProductKind } from '../domain/product.js';
import type { AllocatableLevel, Allocation, StockReservation } from '../domain/stock.js';
import { Exact, toText } from '../domain/stock-decimal.js';
import type { Warehouse } from '../domain/warehouse.js';
import type { CoreDb } from './schema.js';
import { type WarehouseRow, warehouseRowToWarehouse } from './warehouses.js';

// The three statements of reserving stock for several references at once: lock, read, write.

const decimal = (value: string) => toText(new Exact(value));

/** A reference and the product it holds stock of, e.g. a sales order line and the line's product. */
export interface ReservedReference {
  type: string;
  id: string;
  productId: string;
}

export function referenceKey(reference: ReservedReference): string {
  return JSON.stringify([reference.type, reference.id, reference.productId]);
}

/**
 * Locks the warehouse for share (so it is not archived while stock is reserved in it), then the stock rows of
 * the products in id order, as every stock change takes them: reservations and movements of these products
 * queue up behind this transaction from here until it ends, so take this lock as late as possible. Without
 * the warehouse nothing is locked. Products that never moved have no stock row: nothing of them is on hand.
 */
export async function lockReservationStock(
  trx: Transaction<CoreDb>,
  tenantId: string,
  warehouseId: string,
  productIds: readonly string[],
): Promise<{ warehouse: Warehouse | undefined; stocked: Set<string> }> {
  const { rows } = await sql<WarehouseRow & { stocked: string[] }>`
    with locked_warehouse as (
      select w.*, l.id as default_location_id
      from warehouse w join warehouse_location l on l.tenant_id = w.tenant_id and l.warehouse_id = w.id and l.is_default
      where w.tenant_id = ${tenantId}::uuid and w.id = ${warehouseId}::uuid
      for share of w
    ), locked_stock as (
      select product_id from stock_product
      where tenant_id = ${tenantId}::uuid and product_id = any(${[...new Set(productIds)]}::uuid[])
      order by product_id
      for update
    )
    select locked_warehouse.*, array(select product_id from locked_stock) as stocked from locked_warehouse`.execute(trx);
  const row = rows[0];
  if (!row) return { warehouse: undefined, stocked: new Set() };
  const { stocked, ...warehouse } = row;
  return { warehouse: warehouseRowToWarehouse(warehouse), stocked: new Set(stocked) };
}

/** What reserving needs to know besides the locks: the products, their allocatable stock and the references already holding some. */
export interface ReservationContext {
  products: Map<string, { id: string; sku: string; unit: string; kind: ProductKind }>;
  /** Per product, its available stock at each active location of the warehouse (or at the one location asked for). */
  levels: Map<string, AllocatableLevel[]>;
  /** {@link referenceKey}s of the references that hold an active reservation of their product. */
  active: Set<string>;
}

interface ContextRow {
  products: { id: string; sku: string; unit: string; kind: ProductKind }[];
  levels: (AllocatableLevel & { product_id: string })[];
  active: { type: string; id: string; product_id: string }[];
}

/**
 * The products, the levels of the `stocked` products (read after their stock rows were locked, so no other
 * change of them is under way) and the active reservations of the references, in one statement.
 */
export async function findReservationContext(
  trx: Transaction<CoreDb>,
  tenantId: string,
  request: {
    productIds: readonly string[];
    stocked: ReadonlySet<string>;
    warehouseId: string;
    locationId?: string | undefined;
    references: readonly ReservedReference[];
  },
): Promise<ReservationContext> {
  const references = JSON.stringify(request.references.map((reference) => ({ type: reference.type, id: reference.id, product_id: reference.productId })));
  // `available` is cast to text inside JSON, so it never becomes a JSON number (a binary float).
  const { rows } = await sql<ContextRow>`
    select
      coalesce((
        select json_agg(json_build_object('id', p.id, 'sku', p.sku, 'unit', p.unit, 'kind', p.kind))
        from product p where p.tenant_id = ${tenantId}::uuid and p.id = any(${[...new Set(request.productIds)]}::uuid[])
      ), '[]'::json) as products,
      coalesce((
        select json_agg(json_build_object('product_id', stocked.id, 'location_id', l.id, 'code', l.code, 'is_default', l.is_default,
          'available', coalesce(s.available, 0)::text))
        from unnest(${[...request.stocked]}::uuid[]) as stocked(id)
        join warehouse_location l on l.tenant_id = ${tenantId}::uuid and l.warehouse_id = ${request.warehouseId}::uuid
          and (l.id = ${request.locationId ?? null}::uuid or (${request.locationId ?? null}::uuid is null and l.archived_at is null))
        left join stock_level s on s.tenant_id = l.tenant_id and s.product_id = stocked.id and s.location_id = l.id
      ), '[]'::json) as levels,
      coalesce((
        select json_agg(json_build_object('type', r.reference_type, 'id', r.reference_id, 'product_id', r.product_id))
        from jsonb_to_recordset(${references}::jsonb) as asked(type text, id text, product_id uuid)
        join stock_reservation r on r.tenant_id = ${tenantId}::uuid and r.reference_type = asked.type and r.reference_id = asked.id
          and r.product_id = asked.product_id and r.status = 'active'
      ), '[]'::json) as active`.execute(trx);
  const row = rows[0] ?? { products: [], levels: [], active: [] };
  const levels = new Map<string, AllocatableLevel[]>();
  for (const { product_id, ...level } of row.levels)
    levels.set(product_id, [...(levels.get(product_id) ?? []), { ...level, available: decimal(level.available) }]);
  return {
    products: new Map(row.products.map((product) => [product.id, product])),
    levels,
    active: new Set(row.active.map((reference) => referenceKey({ type: reference.type, id: reference.id, productId: reference.product_id }))),
  };
}

export interface NewReservation {
  id: string;
  productId: string;
  quantity: string;
  reference: { type: string; id: string };
  allocations: readonly Allocation[];
}

/**
 * Writes reservations and their allocations in one statement; the allocations' trigger raises `reserved` at
 * each location (and the checks refuse more than is on hand). Returns the reservations as the API shows them.
 */
export async function insertReservations(
  trx: Transaction<CoreDb>,
  tenantId: string,
  batch: { warehouseId: string; actorId: string | null; reservations: readonly NewReservation[] },
): Promise<StockReservation[]> {
  if (batch.reservations.length === 0) return [];
  const heads = batch.reservations.map((reservation) => ({
    id: reservation.id,
    product_id: reservation.productId,
    quantity: reservation.quantity,
    reference_type: reservation.reference.type,
    reference_id: reservation.reference.id,
  }));
  const allocations = batch.reservations.flatMap((reservation) =>
    reservation.allocations.map((allocation) => ({ reservation_id: reservation.id, location_id: allocation.location_id, quantity: allocation.quantity })),
  );
  // Decimals travel as JSON strings and are read by numeric's own input function, so none passes through a float.
  const { rows } = await sql<{ id: string; created_at: Date }>`
    with reservation as (
      insert into stock_reservation (tenant_id, id, product_id, warehouse_id, quantity, reference_type, reference_id, actor_id)
      select ${tenantId}::uuid, r.id, r.product_id, ${batch.warehouseId}::uuid, r.quantity, r.reference_type, r.reference_id, ${batch.actorId}::text
      from jsonb_to_recordset(${JSON.stringify(heads)}::jsonb) as r(id uuid, product_id uuid, quantity numeric, reference_type text, reference_id text)
      returning id, created_at
    ), allocation as (
      insert into stock_reservation_allocation (tenant_id, reservation_id, location_id, warehouse_id, quantity)
      select ${tenantId}::uuid, a.reservation_id, a.location_id, ${batch.warehouseId}::uuid, a.quantity
      from jsonb_to_recordset(${JSON.stringify(allocations)}::jsonb) as a(reservation_id uuid, location_id uuid, quantity numeric)
    )
    select id, created_at from reservation`.execute(trx);
  const createdAt = new Map(rows.map((row) => [row.id, row.created_at.toISOString()]));
  return batch.reservations.map((reservation) => reservationOf(reservation, batch, createdAt.get(reservation.id.toLowerCase())));
}

function reservationOf(reservation: NewReservation, batch: { warehouseId: string; actorId: string | null }, createdAt: string | undefined): StockReservation {
  if (createdAt === undefined) throw new Error(`Stock reservation ${reservation.id} was not written`);
  return {
    id: reservation.id,
    product_id: reservation.productId,
    warehouse_id: batch.warehouseId,
    quantity: decimal(reservation.quantity),
    reference: { ...reservation.reference },
    status: 'active',
    allocations: [...reservation.allocations]
      .sort((a, b) => (a.location_id < b.location_id ? -1 : a.location_id > b.location_id ? 1 : 0))
      .map((allocation) => ({ location_id: allocation.location_id, quantity: decimal(allocation.quantity) })),
    actor_id: batch.actorId,
    created_at: createdAt,
    closed_at: null,
    closed_by: null,
  };
}
