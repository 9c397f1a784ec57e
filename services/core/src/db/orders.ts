import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { DocumentTotals } from '../domain/document-totals.js';
import type { DocumentPartner, DocumentPaymentTerms, SalesLine, SalesOrder } from '../domain/sales-order.js';
import { allowedSalesActions, type SalesOrderStatus } from '../domain/sales-order-states.js';
import { findInvoiceSummariesOf } from './invoices.js';
import { findDeliveriesOf } from './orders-deliveries.js';
import { cents, paymentTermsColumns, plain, toPartner, toPaymentTerms, toTotals, totalsColumns } from './orders-rows.js';
import type { SalesOrderLineTable, SalesOrderTable } from './orders-schema.js';
import type { CoreDb } from './schema.js';

type OrderRow = Selectable<SalesOrderTable>;

function lineRowToLine(row: Selectable<SalesOrderLineTable>): SalesLine {
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

/** The orders of the rows, each with its lines, deliveries and invoices, in the rows' order. */
async function withChildren(db: Kysely<CoreDb>, tenantId: string, rows: OrderRow[]): Promise<SalesOrder[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const lines = await db.selectFrom('sales_order_line').selectAll().where('tenant_id', '=', tenantId).where('order_id', 'in', ids).orderBy('line_no').execute();
  const deliveries = await findDeliveriesOf(db, tenantId, ids);
  const invoices = await findInvoiceSummariesOf(db, tenantId, ids);
  return rows.map((row) => ({
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
    lines: lines.filter((line) => line.order_id === row.id).map(lineRowToLine),
    totals: toTotals(row),
    deliveries: deliveries.get(row.id) ?? [],
    invoices: invoices.get(row.id) ?? [],
    cancel_reason: row.cancel_reason,
    version: row.version,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    accepted_at: row.accepted_at?.toISOString() ?? null,
    confirmed_at: row.confirmed_at?.toISOString() ?? null,
    cancelled_at: row.cancelled_at?.toISOString() ?? null,
  }));
}

export interface NewSalesOrder {
  id: string;
  number: string;
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

export async function insertSalesOrder(trx: Transaction<CoreDb>, tenantId: string, order: NewSalesOrder): Promise<void> {
  await trx
    .insertInto('sales_order')
    .values({
      tenant_id: tenantId,
      id: order.id,
      number: order.number,
      status: order.status,
      customer_id: order.customer.id,
      customer: JSON.stringify(order.customer),
      currency: order.currency,
      exchange_rate: order.exchangeRate,
      ...paymentTermsColumns(order.paymentTerms),
      warehouse_id: order.warehouseId,
      customer_reference: order.customerReference,
      notes: order.notes,
      ...totalsColumns(order.totals),
      cancel_reason: null,
      created_by: order.createdBy,
      accepted_at: order.status === 'order' ? sql<Date>`now()` : null,
      confirmed_at: null,
      cancelled_at: null,
    })
    .execute();
  await trx
    .insertInto('sales_order_line')
    .values(
      order.lines.map((line) => ({
        tenant_id: tenantId,
        order_id: order.id,
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
      })),
    )
    .execute();
}

export async function findSalesOrder(db: Kysely<CoreDb>, tenantId: string, id: string): Promise<SalesOrder | undefined> {
  const row = await db.selectFrom('sales_order').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  return row ? (await withChildren(db, tenantId, [row]))[0] : undefined;
}

/** The order with its row locked until the transaction ends, so transitions of one order queue up. */
export async function lockSalesOrder(trx: Transaction<CoreDb>, tenantId: string, id: string): Promise<SalesOrder | undefined> {
  const row = await trx.selectFrom('sales_order').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).forUpdate().executeTakeFirst();
  return row ? (await withChildren(trx, tenantId, [row]))[0] : undefined;
}

export interface OrderChange {
  status: SalesOrderStatus;
  warehouse_id?: string;
  cancel_reason?: string | null;
  stamp?: 'accepted_at' | 'confirmed_at' | 'cancelled_at';
}

/** Moves the order to a new status and version. */
export async function updateSalesOrder(
  trx: Transaction<CoreDb>,
  tenantId: string,
  order: Pick<SalesOrder, 'id' | 'version'>,
  change: OrderChange,
): Promise<void> {
  const { stamp, ...fields } = change;
  await trx
    .updateTable('sales_order')
    .set({ ...fields, ...(stamp ? { [stamp]: sql<Date>`now()` } : {}), version: order.version + 1, updated_at: sql<Date>`now()` })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', order.id)
    .execute();
}

/** Adds to a line's delivered or invoiced quantity. */
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
