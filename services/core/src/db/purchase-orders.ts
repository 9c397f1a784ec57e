import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { DocumentTotals } from '../domain/document-totals.js';
import type { PurchaseLine, PurchaseOrder } from '../domain/purchase-order.js';
import { allowedPurchaseActions, type PurchaseOrderStatus } from '../domain/purchase-order-states.js';
import type { DocumentPartner, DocumentPaymentTerms } from '../domain/sales-order.js';
import { cents, paymentTermsColumns, plain, toPartner, toPaymentTerms, toTotals, totalsColumns } from './orders-rows.js';
import type { PurchaseOrderLineTable, PurchaseOrderTable } from './orders-schema.js';
import { findSupplierInvoiceSummariesOf } from './purchase-orders-invoices.js';
import { findReceiptsOf } from './purchase-orders-receipts.js';
import type { CoreDb } from './schema.js';

type OrderRow = Selectable<PurchaseOrderTable>;

function lineRowToLine(row: Selectable<PurchaseOrderLineTable>): PurchaseLine {
  return {
    line_no: row.line_no,
    id: row.id,
    product_id: row.product_id,
    sku: row.sku,
    description: row.description,
    unit: row.unit,
    quantity: plain(row.quantity),
    unit_price: plain(row.unit_price),
    vat_rate: plain(row.vat_rate),
    tax_category: row.tax_category,
    net_amount: cents(row.net_amount),
    received_quantity: plain(row.received_quantity),
    invoiced_quantity: plain(row.invoiced_quantity),
  };
}

function headerQuery(db: Kysely<CoreDb>, tenantId: string) {
  return db.selectFrom('purchase_order').selectAll().select(sql<string | null>`expected_on::text`.as('expected_on')).where('tenant_id', '=', tenantId);
}

async function withChildren(db: Kysely<CoreDb>, tenantId: string, rows: OrderRow[]): Promise<PurchaseOrder[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const lines = await db
    .selectFrom('purchase_order_line')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('order_id', 'in', ids)
    .orderBy('line_no')
    .execute();
  const receipts = await findReceiptsOf(db, tenantId, ids);
  const invoices = await findSupplierInvoiceSummariesOf(db, tenantId, ids);
  return rows.map((row) => ({
    id: row.id,
    number: row.number,
    status: row.status,
    allowed_actions: allowedPurchaseActions(row.status),
    supplier: toPartner(row.supplier),
    currency: row.currency,
    exchange_rate: row.exchange_rate === null ? null : plain(row.exchange_rate),
    payment_terms: toPaymentTerms(row),
    warehouse_id: row.warehouse_id,
    expected_on: row.expected_on,
    notes: row.notes,
    lines: lines.filter((line) => line.order_id === row.id).map(lineRowToLine),
    totals: toTotals(row),
    receipts: receipts.get(row.id) ?? [],
    supplier_invoices: invoices.get(row.id) ?? [],
    cancel_reason: row.cancel_reason,
    version: row.version,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    ordered_at: row.ordered_at?.toISOString() ?? null,
    cancelled_at: row.cancelled_at?.toISOString() ?? null,
  }));
}

export interface NewPurchaseOrder {
  id: string;
  number: string;
  supplier: DocumentPartner;
  currency: string;
  exchangeRate: string | null;
  paymentTerms: DocumentPaymentTerms;
  warehouseId: string;
  expectedOn: string | null;
  notes: string | null;
  lines: readonly PurchaseLine[];
  totals: DocumentTotals;
  createdBy: string | null;
}

export async function insertPurchaseOrder(trx: Transaction<CoreDb>, tenantId: string, order: NewPurchaseOrder): Promise<void> {
  await trx
    .insertInto('purchase_order')
    .values({
      tenant_id: tenantId,
      id: order.id,
      number: order.number,
      status: 'draft',
      supplier_id: order.supplier.id,
      supplier: JSON.stringify(order.supplier),
      currency: order.currency,
      exchange_rate: order.exchangeRate,
      ...paymentTermsColumns(order.paymentTerms),
      warehouse_id: order.warehouseId,
      expected_on: order.expectedOn,
      notes: order.notes,
      ...totalsColumns(order.totals),
      cancel_reason: null,
      created_by: order.createdBy,
      ordered_at: null,
      cancelled_at: null,
    })
    .execute();
  await trx
    .insertInto('purchase_order_line')
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
        quantity: line.quantity,
        unit_price: line.unit_price,
        vat_rate: line.vat_rate,
        tax_category: line.tax_category,
        net_amount: line.net_amount,
      })),
    )
    .execute();
}

export async function findPurchaseOrder(db: Kysely<CoreDb>, tenantId: string, id: string): Promise<PurchaseOrder | undefined> {
  const row = await headerQuery(db, tenantId).where('id', '=', id).executeTakeFirst();
  return row ? (await withChildren(db, tenantId, [row]))[0] : undefined;
}

/** The purchase order with its row locked until the transaction ends. */
export async function lockPurchaseOrder(trx: Transaction<CoreDb>, tenantId: string, id: string): Promise<PurchaseOrder | undefined> {
  const row = await headerQuery(trx, tenantId).where('id', '=', id).forUpdate().executeTakeFirst();
  return row ? (await withChildren(trx, tenantId, [row]))[0] : undefined;
}

export interface PurchaseOrderChange {
  status: PurchaseOrderStatus;
  cancel_reason?: string | null;
  stamp?: 'ordered_at' | 'cancelled_at';
}

export async function updatePurchaseOrder(
  trx: Transaction<CoreDb>,
  tenantId: string,
  order: Pick<PurchaseOrder, 'id' | 'version'>,
  change: PurchaseOrderChange,
): Promise<void> {
  const { stamp, ...fields } = change;
  await trx
    .updateTable('purchase_order')
    .set({ ...fields, ...(stamp ? { [stamp]: sql<Date>`now()` } : {}), version: order.version + 1, updated_at: sql<Date>`now()` })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', order.id)
    .execute();
}

/** Adds to a line's received or invoiced quantity. */
export async function addToPurchaseLine(
  trx: Transaction<CoreDb>,
  tenantId: string,
  orderId: string,
  lineNo: number,
  column: 'received_quantity' | 'invoiced_quantity',
  quantity: string,
): Promise<void> {
  await trx
    .updateTable('purchase_order_line')
    .set({ [column]: sql<string>`${sql.ref(column)} + ${quantity}::numeric` })
    .where('tenant_id', '=', tenantId)
    .where('order_id', '=', orderId)
    .where('line_no', '=', lineNo)
    .execute();
}

export interface PurchaseOrderFilter {
  status?: PurchaseOrderStatus | undefined;
  supplier_id?: string | undefined;
}

/** One page of purchase orders, newest first. */
export async function listPurchaseOrders(
  db: Kysely<CoreDb>,
  tenantId: string,
  filter: PurchaseOrderFilter,
  page: { limit: number; beforeSeq?: string | undefined },
): Promise<{ orders: PurchaseOrder[]; nextBeforeSeq?: string }> {
  let query = headerQuery(db, tenantId);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.supplier_id) query = query.where('supplier_id', '=', filter.supplier_id);
  if (page.beforeSeq) query = query.where('seq', '<', sql<string>`${page.beforeSeq}::bigint`);
  const rows = await query
    .orderBy('seq', 'desc')
    .limit(page.limit + 1)
    .execute();
  const last = rows[page.limit - 1];
  const orders = await withChildren(db, tenantId, rows.slice(0, page.limit));
  return rows.length > page.limit && last ? { orders, nextBeforeSeq: last.seq } : { orders };
}
