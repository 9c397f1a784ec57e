import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { DocumentTotals } from '../domain/document-totals.js';
import type { DocumentSeries } from '../domain/invoice-numbers.js';
import type { DocumentPartner, DocumentPaymentTerms, SalesLine, SalesOrder } from '../domain/sales-order.js';
import { allowedSalesActions, mayHaveDocuments, type SalesOrderStatus } from '../domain/sales-order-states.js';
import { findInvoiceSummariesOf } from './invoices.js';
import { findDeliveriesOf } from './orders-deliveries.js';
import { cents, paymentTermsColumns, plain, toPartner, toPaymentTerms, toTotals, totalsColumns } from './orders-rows.js';
import type { SalesOrderLineTable, SalesOrderTable } from './orders-schema.js';
import type { CoreDb } from './schema.js';

type OrderRow = Selectable<SalesOrderTable>;
type LineRow = Omit<Selectable<SalesOrderLineTable>, 'tenant_id' | 'order_id'>;

function lineRowToLine(row: LineRow): SalesLine {
  return {
    line_no: row.line_no,
    id: row.id,
    product_id: row.product_id,
    sku: row.sku,
    description: row.description,
    unit: row.unit,
    kind: row.kind,
    quantity: plain(row.quantity),
    unit_price: plain(row.unit_price),
    discount_percent: plain(row.discount_percent),
    vat_rate: plain(row.vat_rate),
    tax_category: row.tax_category,
    net_amount: cents(row.net_amount),
    delivered_quantity: plain(row.delivered_quantity),
    invoiced_quantity: plain(row.invoiced_quantity),
  };
}

type Children = Pick<SalesOrder, 'lines' | 'deliveries' | 'invoices'>;

function orderRowToOrder(row: OrderRow, children: Children): SalesOrder {
  return {
    id: row.id,
    number: row.number,
    status: row.status,
    allowed_actions: allowedSalesActions(row.status),
    customer: toPartner(row.customer),
    currency: row.currency,
    exchange_rate: row.exchange_rate === null ? null : plain(row.exchange_rate),
    payment_terms: toPaymentTerms(row),
    warehouse_id: row.warehouse_id,
    customer_reference: row.customer_reference,
    notes: row.notes,
    lines: children.lines,
    totals: toTotals(row),
    deliveries: children.deliveries,
    invoices: children.invoices,
    cancel_reason: row.cancel_reason,
    version: row.version,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    accepted_at: row.accepted_at?.toISOString() ?? null,
    confirmed_at: row.confirmed_at?.toISOString() ?? null,
    cancelled_at: row.cancelled_at?.toISOString() ?? null,
  };
}

/**
 * The orders of the rows, each with its lines (read unless given), deliveries and invoices, in the rows'
 * order. Deliveries and invoices are read only for orders whose status allows them to exist.
 */
async function withChildren(db: Kysely<CoreDb>, tenantId: string, rows: OrderRow[], known?: Map<string, SalesLine[]>): Promise<SalesOrder[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const withDocuments = rows.filter((row) => mayHaveDocuments(row.status)).map((row) => row.id);
  const lines =
    known ?? (await db.selectFrom('sales_order_line').selectAll().where('tenant_id', '=', tenantId).where('order_id', 'in', ids).orderBy('line_no').execute());
  const deliveries = await findDeliveriesOf(db, tenantId, withDocuments);
  const invoices = await findInvoiceSummariesOf(db, tenantId, withDocuments);
  return rows.map((row) =>
    orderRowToOrder(row, {
      lines: Array.isArray(lines) ? lines.filter((line) => line.order_id === row.id).map(lineRowToLine) : (lines.get(row.id) ?? []),
      deliveries: deliveries.get(row.id) ?? [],
      invoices: invoices.get(row.id) ?? [],
    }),
  );
}

export interface NewSalesOrder {
  id: string;
  status: Extract<SalesOrderStatus, 'quote' | 'order'>;
  customer: DocumentPartner;
  currency: string;
  exchangeRate: string | null;
  paymentTerms: DocumentPaymentTerms;
  warehouseId: string | null;
  customerReference: string | null;
  notes: string | null;
  lines: readonly SalesLine[];
  totals: DocumentTotals;
  createdBy: string | null;
}

/** How the number of a new document is made: the series and year it is drawn from, and how it is written. */
export interface DocumentNumbering {
  series: DocumentSeries;
  year: number;
  /** What comes before the value, e.g. `AU-2026-`. */
  prefix: string;
  /** The value is written with at least this many digits, zeros in front. */
  digitsMin: number;
}

/**
 * Draws the order's number from its series and writes the order with its lines, all in one statement, and
 * returns the order as it now is. The series row stays locked until the transaction ends (so numbers have
 * neither gaps nor duplicates); make this the last statement of the transaction, so that concurrent
 * creations queue for this statement and the commit only, not for the whole request.
 */
export async function insertNumberedSalesOrder(
  trx: Transaction<CoreDb>,
  tenantId: string,
  order: NewSalesOrder,
  numbering: DocumentNumbering,
): Promise<SalesOrder> {
  const lines = order.lines.map((line) => ({
    line_no: line.line_no,
    id: line.id,
    product_id: line.product_id,
    sku: line.sku,
    description: line.description,
    unit: line.unit,
    kind: line.kind,
    quantity: line.quantity,
    unit_price: line.unit_price,
    discount_percent: line.discount_percent,
    vat_rate: line.vat_rate,
    tax_category: line.tax_category,
    net_amount: line.net_amount,
  }));
  const terms = paymentTermsColumns(order.paymentTerms);
  const totals = totalsColumns(order.totals);
  // Decimals travel as JSON strings and are read by numeric's own input function, so none passes through a float.
  const { rows } = await sql<OrderRow>`
    with drawn as (
      insert into document_series as series (tenant_id, series, year, next_value)
      values (${tenantId}, ${numbering.series}, ${numbering.year}, 2)
      on conflict (tenant_id, series, year) do update set next_value = series.next_value + 1
      returning (series.next_value - 1)::text as value
    ), head as (
      insert into sales_order (tenant_id, id, number, status, customer_id, customer, currency, exchange_rate, payment_net_days, skonto_percent,
        skonto_days, warehouse_id, customer_reference, notes, net, tax_total, gross, tax, created_by, accepted_at)
      select ${tenantId}::uuid, ${order.id}::uuid, ${numbering.prefix}::text || lpad(drawn.value, greatest(${numbering.digitsMin}::integer, length(drawn.value)), '0'),
        ${order.status}::text, ${order.customer.id}::uuid, ${JSON.stringify(order.customer)}::jsonb, ${order.currency}::text, ${order.exchangeRate}::numeric,
        ${terms.payment_net_days}::integer, ${terms.skonto_percent}::numeric, ${terms.skonto_days}::integer, ${order.warehouseId}::uuid,
        ${order.customerReference}::text, ${order.notes}::text, ${totals.net}::numeric, ${totals.tax_total}::numeric, ${totals.gross}::numeric,
        ${totals.tax}::jsonb, ${order.createdBy}::text, case when ${order.status === 'order'}::boolean then now() end
      from drawn
      returning *
    ), body as (
      insert into sales_order_line (tenant_id, order_id, line_no, id, product_id, sku, description, unit, kind, quantity, unit_price,
        discount_percent, vat_rate, tax_category, net_amount)
      select ${tenantId}::uuid, head.id, line.line_no, line.id, line.product_id, line.sku, line.description, line.unit, line.kind, line.quantity,
        line.unit_price, line.discount_percent, line.vat_rate, line.tax_category, line.net_amount
      from head cross join jsonb_to_recordset(${JSON.stringify(lines)}::jsonb) as line(line_no integer, id uuid, product_id uuid, sku text,
        description text, unit text, kind text, quantity numeric, unit_price numeric, discount_percent numeric, vat_rate numeric, tax_category text,
        net_amount numeric)
    )
    select * from head`.execute(trx);
  const row = rows[0];
  if (!row) throw new Error(`Document series ${numbering.series} ${numbering.year} returned no row`);
  const lineRows = lines.map((line) => ({ ...line, tenant_id: tenantId, order_id: row.id, delivered_quantity: '0', invoiced_quantity: '0' }));
  return orderRowToOrder(row, { lines: lineRows.map(lineRowToLine), deliveries: [], invoices: [] });
}

export async function findSalesOrder(db: Kysely<CoreDb>, tenantId: string, id: string): Promise<SalesOrder | undefined> {
  const row = await db.selectFrom('sales_order').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  return row ? (await withChildren(db, tenantId, [row]))[0] : undefined;
}

type LockedRow = OrderRow & { seen_version: number | null; line_rows: LineRow[] };

/**
 * The order with its row locked until the transaction ends, so transitions of one order queue up; its
 * lines are read in the same statement. That statement reads them as its snapshot shows them, from before
 * any change it waited for; but every change of an order's lines also counts the order's version up, so
 * when the version the snapshot shows is the one now locked, the lines read are the current ones, and
 * otherwise they are read again.
 */
export async function lockSalesOrder(trx: Transaction<CoreDb>, tenantId: string, id: string): Promise<SalesOrder | undefined> {
  // Decimals are cast to text inside JSON, so none becomes a JSON number (a binary float) on the way.
  const { rows } = await sql<LockedRow>`
    select o.*,
      (select seen.version from sales_order seen where seen.tenant_id = o.tenant_id and seen.id = o.id) as seen_version,
      coalesce((
        select json_agg(json_build_object('line_no', l.line_no, 'id', l.id, 'product_id', l.product_id, 'sku', l.sku, 'description', l.description,
          'unit', l.unit, 'kind', l.kind, 'quantity', l.quantity::text, 'unit_price', l.unit_price::text, 'discount_percent', l.discount_percent::text,
          'vat_rate', l.vat_rate::text, 'tax_category', l.tax_category, 'net_amount', l.net_amount::text,
          'delivered_quantity', l.delivered_quantity::text, 'invoiced_quantity', l.invoiced_quantity::text) order by l.line_no)
        from sales_order_line l where l.tenant_id = o.tenant_id and l.order_id = o.id
      ), '[]'::json) as line_rows
    from sales_order o
    where o.tenant_id = ${tenantId}::uuid and o.id = ${id}::uuid
    for update of o`.execute(trx);
  const locked = rows[0];
  if (!locked) return undefined;
  const { seen_version, line_rows, ...row } = locked;
  const lines = seen_version === row.version ? new Map([[row.id, line_rows.map(lineRowToLine)]]) : undefined;
  return (await withChildren(trx, tenantId, [row], lines))[0];
}

export interface OrderChange {
  status: SalesOrderStatus;
  warehouse_id?: string;
  cancel_reason?: string | null;
  stamp?: 'accepted_at' | 'confirmed_at' | 'cancelled_at';
}

/**
 * Moves the order to a new status and version, and returns it as it now is: its lines, deliveries and invoices
 * as they were (a caller that changes those reads the order again).
 */
export async function updateSalesOrder(trx: Transaction<CoreDb>, tenantId: string, order: SalesOrder, change: OrderChange): Promise<SalesOrder> {
  const { stamp, ...fields } = change;
  const row = await trx
    .updateTable('sales_order')
    .set({ ...fields, ...(stamp ? { [stamp]: sql<Date>`now()` } : {}), version: order.version + 1, updated_at: sql<Date>`now()` })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', order.id)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new Error(`Sales order ${order.id} vanished while locked`);
  return orderRowToOrder(row, order);
}

/**
 * Adds to a line's delivered or invoiced quantity. Change the order with {@link updateSalesOrder} in the same
 * transaction: {@link lockSalesOrder} tells by the order's version whether its lines changed.
 */
export async function addToLine(
  trx: Transaction<CoreDb>,
  tenantId: string,
  orderId: string,
  lineNo: number,
  column: 'delivered_quantity' | 'invoiced_quantity',
  quantity: string,
): Promise<void> {
  await trx
    .updateTable('sales_order_line')
    .set({ [column]: sql<string>`${sql.ref(column)} + ${quantity}::numeric` })
    .where('tenant_id', '=', tenantId)
    .where('order_id', '=', orderId)
    .where('line_no', '=', lineNo)
    .execute();
}

export interface OrderFilter {
  status?: SalesOrderStatus | undefined;
  customer_id?: string | undefined;
}

/** One page of orders, newest first; `beforeSeq` continues after the previous page. */
export async function listSalesOrders(
  db: Kysely<CoreDb>,
  tenantId: string,
  filter: OrderFilter,
  page: { limit: number; beforeSeq?: string | undefined },
): Promise<{ orders: SalesOrder[]; nextBeforeSeq?: string }> {
  let query = db.selectFrom('sales_order').selectAll().where('tenant_id', '=', tenantId);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.customer_id) query = query.where('customer_id', '=', filter.customer_id);
  if (page.beforeSeq) query = query.where('seq', '<', sql<string>`${page.beforeSeq}::bigint`);
  const rows = await query
    .orderBy('seq', 'desc')
    .limit(page.limit + 1)
    .execute();
  const last = rows[page.limit - 1];
  const orders = await withChildren(db, tenantId, rows.slice(0, page.limit));
  return rows.length > page.limit && last ? { orders, nextBeforeSeq: last.seq } : { orders };
}
