import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { DocumentTotals } from '../domain/document-totals.js';
import type { InvoiceLine, InvoiceLineDraft, SalesInvoice } from '../domain/invoice-drafts.js';
import type { DocumentPartner, DocumentPaymentTerms, SalesOrder } from '../domain/sales-order.js';
import { cents, dayColumn, plain, toPartner, toTotals, totalsColumns } from './orders-rows.js';
import type { SalesInvoiceLineTable } from './orders-schema.js';
import type { CoreDb } from './schema.js';

function lineRowToLine(row: Selectable<SalesInvoiceLineTable>): InvoiceLine {
  return {
    line_no: row.line_no,
    order_line_no: row.order_line_no,
    corrected_line_no: row.corrected_line_no,
    product_id: row.product_id,
    sku: row.sku,
    description: row.description,
    quantity: plain(row.quantity),
    unit: row.unit,
    unit_price: plain(row.unit_price),
    discount_percent: plain(row.discount_percent),
    vat_rate: plain(row.vat_rate),
    tax_category: row.tax_category,
    net_amount: cents(row.net_amount),
    credited_quantity: plain(row.credited_quantity),
    credited_net: cents(row.credited_net),
  };
}

function invoiceColumns(db: Kysely<CoreDb>) {
  return db
    .selectFrom('sales_invoice as i')
    .innerJoin('sales_order as o', (join) => join.onRef('o.tenant_id', '=', 'i.tenant_id').onRef('o.id', '=', 'i.order_id'))
    .leftJoin('sales_invoice as c', (join) => join.onRef('c.tenant_id', '=', 'i.tenant_id').onRef('c.id', '=', 'i.corrected_invoice_id'))
    .select([
      'i.id',
      'i.seq',
      'i.kind',
      'i.number',
      'i.order_id',
      'o.number as order_number',
      'i.corrected_invoice_id',
      'c.number as corrected_number',
      sql<string>`i.issue_date::text`.as('issue_date'),
      sql<string | null>`i.due_date::text`.as('due_date'),
      'i.payment_terms',
      'i.customer',
      'i.currency',
      'i.exchange_rate',
      'i.net',
      'i.tax_total',
      'i.gross',
      'i.tax',
      'i.reason',
      'i.returned_stock',
      'i.created_at',
    ]);
}

type InvoiceRow = Awaited<ReturnType<ReturnType<typeof invoiceColumns>['executeTakeFirstOrThrow']>>;

async function withLines(db: Kysely<CoreDb>, tenantId: string, rows: InvoiceRow[]): Promise<SalesInvoice[]> {
  if (rows.length === 0) return [];
  const lines = await db
    .selectFrom('sales_invoice_line')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where(
      'invoice_id',
      'in',
      rows.map((row) => row.id),
    )
    .orderBy('line_no')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    number: row.number,
    order_id: row.order_id,
    order_number: row.order_number,
    corrected_invoice: row.corrected_invoice_id && row.corrected_number ? { id: row.corrected_invoice_id, number: row.corrected_number } : null,
    issue_date: row.issue_date,
    due_date: row.due_date,
    payment_terms: (row.payment_terms as DocumentPaymentTerms | null) ?? null,
    customer: toPartner(row.customer),
    currency: row.currency,
    exchange_rate: row.exchange_rate === null ? null : plain(row.exchange_rate),
    reason: row.reason,
    returned_stock: row.returned_stock,
    lines: lines.filter((line) => line.invoice_id === row.id).map(lineRowToLine),
    totals: toTotals(row),
    created_at: row.created_at.toISOString(),
  }));
}

export interface NewInvoice {
  id: string;
  kind: 'invoice' | 'credit_note';
  number: string;
  year: number;
  numberValue: string;
  order: Pick<SalesOrder, 'id' | 'currency' | 'exchange_rate'>;
  correctedInvoiceId: string | null;
  issueDate: string;
  dueDate: string | null;
  paymentTerms: DocumentPaymentTerms | null;
  customer: DocumentPartner;
  reason: string | null;
  returnedStock: boolean;
  lines: readonly InvoiceLineDraft[];
  totals: DocumentTotals;
  actorId: string | null;
}

export async function insertInvoice(trx: Transaction<CoreDb>, tenantId: string, invoice: NewInvoice): Promise<void> {
  await trx
    .insertInto('sales_invoice')
    .values({
      tenant_id: tenantId,
      id: invoice.id,
      kind: invoice.kind,
      number: invoice.number,
      year: invoice.year,
      number_value: invoice.numberValue,
      order_id: invoice.order.id,
      corrected_invoice_id: invoice.correctedInvoiceId,
      issue_date: invoice.issueDate,
      due_date: invoice.dueDate,
      payment_terms: invoice.paymentTerms === null ? null : JSON.stringify(invoice.paymentTerms),
      customer_id: invoice.customer.id,
      customer: JSON.stringify(invoice.customer),
      currency: invoice.order.currency,
      exchange_rate: invoice.order.exchange_rate,
      ...totalsColumns(invoice.totals),
      reason: invoice.reason,
      returned_stock: invoice.returnedStock,
      actor_id: invoice.actorId,
    })
    .execute();
  await trx
    .insertInto('sales_invoice_line')
    .values(
      invoice.lines.map((line) => ({
        tenant_id: tenantId,
        invoice_id: invoice.id,
        line_no: line.line_no,
        order_id: invoice.order.id,
        order_line_no: line.order_line_no,
        corrected_line_no: line.corrected_line_no,
        product_id: line.product_id,
        sku: line.sku,
        description: line.description,
        quantity: line.quantity,
        unit: line.unit,
        unit_price: line.unit_price,
        discount_percent: line.discount_percent,
        vat_rate: line.vat_rate,
        tax_category: line.tax_category,
        net_amount: line.net_amount,
      })),
    )
    .execute();
}

export async function findInvoice(db: Kysely<CoreDb>, tenantId: string, id: string): Promise<SalesInvoice | undefined> {
  const row = await invoiceColumns(db).where('i.tenant_id', '=', tenantId).where('i.id', '=', id).executeTakeFirst();
  return row ? (await withLines(db, tenantId, [row]))[0] : undefined;
}

/** The invoice with its lines locked until the transaction ends, so concurrent credit notes of it queue up. */
export async function lockInvoice(trx: Transaction<CoreDb>, tenantId: string, id: string): Promise<SalesInvoice | undefined> {
  await trx.selectFrom('sales_invoice_line').select('line_no').where('tenant_id', '=', tenantId).where('invoice_id', '=', id).forUpdate().execute();
  return findInvoice(trx, tenantId, id);
}

/** Records what a credit note took back from an invoice line. */
export async function addCredited(trx: Transaction<CoreDb>, tenantId: string, invoiceId: string, lineNo: number, quantity: string, net: string): Promise<void> {
  await trx
    .updateTable('sales_invoice_line')
    .set({ credited_quantity: sql<string>`credited_quantity + ${quantity}::numeric`, credited_net: sql<string>`credited_net + ${net}::numeric` })
    .where('tenant_id', '=', tenantId)
    .where('invoice_id', '=', invoiceId)
    .where('line_no', '=', lineNo)
    .execute();
}

/** The invoices and credit notes of each order, in the order they were issued. */
export async function findInvoiceSummariesOf(db: Kysely<CoreDb>, tenantId: string, orderIds: readonly string[]): Promise<Map<string, SalesOrder['invoices']>> {
  const result = new Map<string, SalesOrder['invoices']>();
  if (orderIds.length === 0) return result;
  const rows = await db
    .selectFrom('sales_invoice')
    .select(['id', 'order_id', 'kind', 'number', dayColumn('issue_date'), 'gross'])
    .where('tenant_id', '=', tenantId)
    .where('order_id', 'in', [...orderIds])
    .orderBy('seq')
    .execute();
  for (const row of rows) {
    const summary = { id: row.id, kind: row.kind, number: row.number, issue_date: row.issue_date, gross: cents(row.gross) };
    result.set(row.order_id, [...(result.get(row.order_id) ?? []), summary]);
  }
  return result;
}

export interface InvoiceFilter {
  kind?: 'invoice' | 'credit_note' | undefined;
  customer_id?: string | undefined;
  order_id?: string | undefined;
}

/** One page of invoices and credit notes, newest first. */
export async function listInvoices(
  db: Kysely<CoreDb>,
  tenantId: string,
  filter: InvoiceFilter,
  page: { limit: number; beforeSeq?: string | undefined },
): Promise<{ invoices: SalesInvoice[]; nextBeforeSeq?: string }> {
  let query = invoiceColumns(db).where('i.tenant_id', '=', tenantId);
  if (filter.kind) query = query.where('i.kind', '=', filter.kind);
  if (filter.customer_id) query = query.where('i.customer_id', '=', filter.customer_id);
  if (filter.order_id) query = query.where('i.order_id', '=', filter.order_id);
  if (page.beforeSeq) query = query.where('i.seq', '<', sql<string>`${page.beforeSeq}::bigint`);
  const rows = await query
    .orderBy('i.seq', 'desc')
    .limit(page.limit + 1)
    .execute();
  const last = rows[page.limit - 1];
  const invoices = await withLines(db, tenantId, rows.slice(0, page.limit));
  return rows.length > page.limit && last ? { invoices, nextBeforeSeq: last.seq } : { invoices };
}
