import type { Transaction } from 'kysely';
import { addCredited, insertInvoice, lockInvoice } from '../db/invoices.js';
import { updateSalesOrder } from '../db/orders.js';
import { drawDocumentNumber } from '../db/orders-number-series.js';
import type { CoreDb } from '../db/schema.js';
import { berlinDay, yearOf } from '../domain/invoice-dates.js';
import { draftCreditLines, type InvoiceLineDraft, type SalesInvoice } from '../domain/invoice-drafts.js';
import { type LineQuantityInput, minus, planLineQuantities } from '../domain/order-lines.js';
import { type SalesOrder, salesTotals } from '../domain/sales-order.js';
import { InvoiceFullyCreditedError, orderInvalid } from '../errors.js';
import { recordMovement } from '../inventory/record-movement.js';
import type { StockActor } from '../inventory/stock-actor.js';
import type { Precondition } from '../partners/context.js';
import { findIssuedDocument } from './invoice-order.js';
import { emitCreditNoteIssued } from './order-events.js';
import { lockOrderForChange, nextStatus } from './order-lock.js';

export interface CreditNoteInput {
  invoice_id: string;
  reason: string;
  lines?: readonly LineQuantityInput[] | undefined;
  return_stock?: boolean | undefined;
}

/** Books credited goods back into the order's warehouse, each line a return movement at the product's current cost. */
async function returnStock(
  trx: Transaction<CoreDb>,
  actor: StockActor,
  order: SalesOrder,
  invoice: SalesInvoice,
  lines: readonly InvoiceLineDraft[],
  newId: () => string,
) {
  const goods = lines
    .filter((line) => order.lines.find((orderLine) => orderLine.line_no === line.order_line_no)?.kind === 'goods')
    .sort((a, b) => a.product_id.localeCompare(b.product_id) || a.line_no - b.line_no);
  if (goods.length > 0 && !order.warehouse_id) throw orderInvalid([{ pointer: '/return_stock', detail: 'cannot return goods: the order names no warehouse.' }]);
  for (const line of goods) {
    const reference = { type: 'sales_invoice', id: invoice.id, text: `Rechnungskorrektur zu ${invoice.number}` };
    const movement = {
      kind: 'return' as const,
      product_id: line.product_id,
      quantity: line.quantity,
      to: { warehouse_id: order.warehouse_id ?? '' },
      reference,
    };
    await recordMovement(trx, actor, { ...movement, reason: 'Rücknahme' }, newId);
  }
}

/**
 * A credit note (Rechnungskorrektur) for an invoice of the order: the quantities named per invoice line (at
 * most what is not yet credited), or everything not yet credited, priced as the invoice did; optionally the
 * goods come back into stock. It has its own gap-free series; the order keeps its status.
 */
export async function issueCreditNote(
  trx: Transaction<CoreDb>,
  actor: StockActor,
  id: string,
  precondition: Precondition,
  input: CreditNoteInput,
  newId: () => string,
  now: Date,
): Promise<{ invoice: SalesInvoice; order: SalesOrder }> {
  const { tenantId } = actor;
  const order = await lockOrderForChange(trx, tenantId, id, precondition);
  const status = nextStatus(order, 'credit');
  const invoice = await lockInvoice(trx, tenantId, input.invoice_id);
  if (invoice?.kind !== 'invoice' || invoice.order_id !== order.id)
    throw orderInvalid([{ pointer: '/invoice_id', detail: `is not an invoice of ${order.number}.` }]);
  const open = invoice.lines.map((line) => ({ line_no: line.line_no, unit: line.unit, open: minus(line.quantity, line.credited_quantity) }));
  const plan = planLineQuantities(open, input.lines, '/lines', 'credited');
  if ('errors' in plan) throw orderInvalid(plan.errors);
  if (plan.items.length === 0) throw new InvoiceFullyCreditedError(invoice.number);
  const lines = draftCreditLines(invoice.lines, plan.items);
  for (const line of lines) await addCredited(trx, tenantId, invoice.id, line.corrected_line_no ?? 0, line.quantity, line.net_amount);
  if (input.return_stock) await returnStock(trx, actor, order, invoice, lines, newId);
  await updateSalesOrder(trx, tenantId, order, { status });
  const issueDate = berlinDay(now);
  const year = yearOf(issueDate);
  const { number, value } = await drawDocumentNumber(trx, tenantId, 'credit_note', year);
  const creditNoteId = newId();
  await insertInvoice(trx, tenantId, {
    id: creditNoteId,
    kind: 'credit_note',
    number,
    year,
    numberValue: value,
    order,
    correctedInvoiceId: invoice.id,
    issueDate,
    dueDate: null,
    paymentTerms: null,
    customer: invoice.customer,
    reason: input.reason.trim(),
    returnedStock: input.return_stock === true,
    lines,
    totals: salesTotals(lines),
    actorId: actor.userId,
  });
  const result = await findIssuedDocument(trx, tenantId, creditNoteId, order.id);
  await emitCreditNoteIssued(trx, actor, result.invoice);
  return result;
}
