import { type Kysely, sql, type Transaction } from 'kysely';
import type { DocumentTotals } from '../domain/document-totals.js';
import type { SupplierInvoiceSummary } from '../domain/purchase-order.js';
import type { SupplierInvoiceLine } from '../domain/purchase-supplier-invoice.js';
import type { DocumentPartner, DocumentPaymentTerms } from '../domain/sales-order.js';
import { cents, totalsColumns } from './orders-rows.js';
import type { CoreDb } from './schema.js';

export interface NewSupplierInvoice {
  id: string;
  orderId: string;
  supplier: DocumentPartner;
  supplierInvoiceNumber: string;
  invoiceDate: string;
  receivedOn: string;
  dueDate: string;
  paymentTerms: DocumentPaymentTerms;
  currency: string;
  exchangeRate: string | null;
  lines: readonly SupplierInvoiceLine[];
  totals: DocumentTotals;
  actorId: string | null;
}

export async function insertSupplierInvoice(trx: Transaction<CoreDb>, tenantId: string, invoice: NewSupplierInvoice): Promise<void> {
  await trx
    .insertInto('supplier_invoice')
    .values({
      tenant_id: tenantId,
      id: invoice.id,
      order_id: invoice.orderId,
      supplier_id: invoice.supplier.id,
      supplier_invoice_number: invoice.supplierInvoiceNumber,
      invoice_date: invoice.invoiceDate,
      received_on: invoice.receivedOn,
      due_date: invoice.dueDate,
      payment_terms: JSON.stringify(invoice.paymentTerms),
      supplier: JSON.stringify(invoice.supplier),
      currency: invoice.currency,
      exchange_rate: invoice.exchangeRate,
      ...totalsColumns(invoice.totals),
      actor_id: invoice.actorId,
    })
    .execute();
  await trx
    .insertInto('supplier_invoice_line')
    .values(
      invoice.lines.map((line) => ({
        tenant_id: tenantId,
        invoice_id: invoice.id,
        line_no: line.line_no,
        order_id: invoice.orderId,
        order_line_no: line.order_line_no,
        quantity: line.quantity,
        unit_price: line.unit_price,
        net_amount: line.net_amount,
        vat_rate: line.vat_rate,
        tax_category: line.tax_category,
      })),
    )
    .execute();
}

/** Whether the supplier already has a recorded invoice with this number (compared ignoring case). */
export async function supplierInvoiceExists(db: Kysely<CoreDb>, tenantId: string, supplierId: string, number: string): Promise<boolean> {
  const row = await db
    .selectFrom('supplier_invoice')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('supplier_id', '=', supplierId)
    .where(sql<string>`lower(supplier_invoice_number)`, '=', number.toLowerCase())
    .executeTakeFirst();
  return row !== undefined;
}

/** The recorded supplier invoices of each purchase order, oldest first. */
export async function findSupplierInvoiceSummariesOf(
  db: Kysely<CoreDb>,
  tenantId: string,
  orderIds: readonly string[],
): Promise<Map<string, SupplierInvoiceSummary[]>> {
  const result = new Map<string, SupplierInvoiceSummary[]>();
  if (orderIds.length === 0) return result;
  const rows = await db
    .selectFrom('supplier_invoice')
    .select([
      'id',
      'order_id',
      'supplier_invoice_number',
      sql<string>`invoice_date::text`.as('invoice_date'),
      sql<string>`due_date::text`.as('due_date'),
      'gross',
    ])
    .where('tenant_id', '=', tenantId)
    .where('order_id', 'in', [...orderIds])
    .orderBy('created_at')
    .execute();
  for (const row of rows) {
    const summary = {
      id: row.id,
      supplier_invoice_number: row.supplier_invoice_number,
      invoice_date: row.invoice_date,
      due_date: row.due_date,
      gross: cents(row.gross),
    };
    result.set(row.order_id, [...(result.get(row.order_id) ?? []), summary]);
  }
  return result;
}
