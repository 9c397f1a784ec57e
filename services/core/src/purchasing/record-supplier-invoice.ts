import type { CorePurchaseSupplierInvoiceRecordedV1 } from '@erp/contracts';
import type { Transaction } from 'kysely';
import { findPartner } from '../db/partners.js';
import { addToPurchaseLine, findPurchaseOrder, updatePurchaseOrder } from '../db/purchase-orders.js';
import { insertSupplierInvoice, supplierInvoiceExists } from '../db/purchase-orders-invoices.js';
import type { CoreDb } from '../db/schema.js';
import { addDays, berlinDay, isCalendarDay } from '../domain/invoice-dates.js';
import { minus, planLineQuantities, plus } from '../domain/order-lines.js';
import type { FieldError } from '../domain/partner-rules.js';
import { type PurchaseOrder, purchaseProgress, type SupplierInvoiceSummary } from '../domain/purchase-order.js';
import { draftSupplierInvoiceLines, type StatedTax, supplierInvoiceTotals } from '../domain/purchase-supplier-invoice.js';
import { PurchaseNothingToInvoiceError, PurchaseOrderNotFoundError, purchaseOrderInvalid, SupplierInvoiceDuplicateError } from '../errors.js';
import type { StockActor } from '../inventory/stock-actor.js';
import { documentPartnerOf } from '../orders/document-partner.js';
import type { Precondition } from '../partners/context.js';
import { emitSupplierInvoiceRecorded } from './purchase-events.js';
import { lockPurchaseOrderForChange, nextPurchaseStatus } from './purchase-lock.js';

export interface SupplierInvoiceInput {
  number: string;
  invoice_date: string;
  received_on?: string | undefined;
  due_date?: string | undefined;
  lines?: readonly { line_no: number; quantity: string; unit_price?: string | undefined }[] | undefined;
  tax?: readonly StatedTax[] | undefined;
}

/** The invoice's dates: real days, not in the future, received not before issued, due not before issued (net days of the order by default). */
function datesOf(input: SupplierInvoiceInput, order: PurchaseOrder, today: string): { receivedOn: string; dueDate: string } | FieldError[] {
  const errors: FieldError[] = [];
  for (const field of ['invoice_date', 'received_on', 'due_date'] as const) {
    const day = input[field];
    if (day !== undefined && !isCalendarDay(day)) errors.push({ pointer: `/${field}`, detail: 'is not a day of the calendar.' });
  }
  if (errors.length > 0) return errors;
  const receivedOn = input.received_on ?? today;
  const dueDate = input.due_date ?? addDays(input.invoice_date, order.payment_terms.net_days);
  if (input.invoice_date > today) errors.push({ pointer: '/invoice_date', detail: `must not be after today (${today}).` });
  if (receivedOn > today) errors.push({ pointer: '/received_on', detail: `must not be after today (${today}).` });
  if (receivedOn < input.invoice_date) errors.push({ pointer: '/received_on', detail: 'must not be before the invoice date.' });
  if (dueDate < input.invoice_date) errors.push({ pointer: '/due_date', detail: 'must not be before the invoice date.' });
  return errors.length > 0 ? errors : { receivedOn, dueDate };
}

/**
 * Records the supplier's invoice for received goods not yet invoiced (the quantities named per line, or all
 * of them), at the order's prices unless the supplier billed others, with the input tax the supplier states
 * per rate. Emits `erp.core.purchase.supplier_invoice_recorded.v1` for finance. The same supplier invoice
 * number is recorded once per supplier.
 */
export async function recordSupplierInvoice(
  trx: Transaction<CoreDb>,
  actor: StockActor,
  id: string,
  precondition: Precondition,
  input: SupplierInvoiceInput,
  newId: () => string,
  now: Date,
): Promise<{ invoice: SupplierInvoiceSummary; order: PurchaseOrder }> {
  const { tenantId } = actor;
  const order = await lockPurchaseOrderForChange(trx, tenantId, id, precondition);
  nextPurchaseStatus(order, 'record_invoice');
  const number = input.number.trim();
  if (await supplierInvoiceExists(trx, tenantId, order.supplier.id, number)) throw new SupplierInvoiceDuplicateError(number);
  const open = order.lines.map((line) => ({ line_no: line.line_no, unit: line.unit, open: minus(line.received_quantity, line.invoiced_quantity) }));
  const plan = planLineQuantities(open, input.lines, '/lines', 'invoiced');
  if ('errors' in plan) throw purchaseOrderInvalid(plan.errors);
  if (plan.items.length === 0) throw new PurchaseNothingToInvoiceError(order.number);
  const dates = datesOf(input, order, berlinDay(now));
  const lines = draftSupplierInvoiceLines(order.lines, plan.items, input.lines ?? []);
  const totals = supplierInvoiceTotals(lines, input.tax ?? []);
  const errors = [...(Array.isArray(dates) ? dates : []), ...('errors' in totals ? totals.errors : [])];
  if (errors.length > 0 || Array.isArray(dates) || 'errors' in totals) throw purchaseOrderInvalid(errors);
  const current = await findPartner(trx, tenantId, 'supplier', order.supplier.id);
  const snapshot = current ? documentPartnerOf(current, '/supplier_id', order.supplier.country) : order.supplier;
  const supplier = 'pointer' in snapshot ? order.supplier : snapshot;
  for (const item of plan.items) await addToPurchaseLine(trx, tenantId, order.id, item.line_no, 'invoiced_quantity', item.quantity);
  const after = order.lines.map((line) => {
    const item = plan.items.find((candidate) => candidate.line_no === line.line_no);
    return item ? { ...line, invoiced_quantity: plus(line.invoiced_quantity, item.quantity) } : line;
  });
  await updatePurchaseOrder(trx, tenantId, order, { status: nextPurchaseStatus(order, 'record_invoice', purchaseProgress(after)) });
  const invoiceId = newId();
  const recorded = { id: invoiceId, supplierInvoiceNumber: number, invoiceDate: input.invoice_date, ...dates, paymentTerms: order.payment_terms };
  const row = {
    ...recorded,
    orderId: order.id,
    supplier,
    currency: order.currency,
    exchangeRate: order.exchange_rate,
    lines,
    totals: totals.totals,
    actorId: actor.userId,
  };
  // Two purchase orders of the supplier may record the same number at once; the unique index decides.
  await insertSupplierInvoice(trx, tenantId, row).catch((error: unknown) => {
    if ((error as { constraint?: string }).constraint === 'supplier_invoice_number_uq') throw new SupplierInvoiceDuplicateError(number);
    throw error;
  });
  const data: CorePurchaseSupplierInvoiceRecordedV1 = {
    supplier_invoice_id: invoiceId,
    supplier_invoice_number: number,
    invoice_date: input.invoice_date,
    received_on: dates.receivedOn,
    due_date: dates.dueDate,
    payment_terms: order.payment_terms,
    supplier,
    currency: order.currency,
    exchange_rate: order.exchange_rate,
    lines: lines.map(({ order_line_no: _orderLine, ...line }) => ({ ...line, purchase_order_id: order.id, expense_account: null })),
    totals: totals.totals,
  };
  await emitSupplierInvoiceRecorded(trx, actor, data);
  const updated = await findPurchaseOrder(trx, tenantId, order.id);
  const summary = updated?.supplier_invoices.find((candidate) => candidate.id === invoiceId);
  if (!updated || !summary) throw new PurchaseOrderNotFoundError(order.id);
  return { invoice: summary, order: updated };
}
