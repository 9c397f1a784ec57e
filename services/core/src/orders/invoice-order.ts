import type { Transaction } from 'kysely';
import { findInvoice, insertInvoice } from '../db/invoices.js';
import { addToLine, findSalesOrder, updateSalesOrder } from '../db/orders.js';
import { drawDocumentNumber } from '../db/orders-number-series.js';
import { findPartner } from '../db/partners.js';
import type { CoreDb } from '../db/schema.js';
import { addDays, berlinDay, yearOf } from '../domain/invoice-dates.js';
import { draftInvoiceLines, type SalesInvoice } from '../domain/invoice-drafts.js';
import { minus, planLineQuantities, plus } from '../domain/order-lines.js';
import { type DocumentPartner, type SalesOrder, salesProgress, salesTotals } from '../domain/sales-order.js';
import { InvoiceNotFoundError, OrderNotFoundError, OrderNothingToInvoiceError, orderInvalid } from '../errors.js';
import type { StockActor } from '../inventory/stock-actor.js';
import type { Precondition } from '../partners/context.js';
import { documentPartnerOf } from './document-partner.js';
import { emitOrderInvoiced } from './order-events.js';
import { lockOrderForChange, nextStatus } from './order-lock.js';

/** The customer as it is now (an invoice names the recipient as of its date), keeping the order's country if the customer has no address left. */
export async function currentCustomer(trx: Transaction<CoreDb>, tenantId: string, order: SalesOrder): Promise<DocumentPartner> {
  const customer = await findPartner(trx, tenantId, 'customer', order.customer.id);
  if (!customer) return order.customer;
  const partner = documentPartnerOf(customer, '/customer_id', order.customer.country);
  if ('pointer' in partner) throw orderInvalid([partner]);
  return partner;
}

/** An issued invoice or credit note and its order as they are now. */
export async function findIssuedDocument(
  trx: Transaction<CoreDb>,
  tenantId: string,
  invoiceId: string,
  orderId: string,
): Promise<{ invoice: SalesInvoice; order: SalesOrder }> {
  const invoice = await findInvoice(trx, tenantId, invoiceId);
  if (!invoice) throw new InvoiceNotFoundError(invoiceId);
  const order = await findSalesOrder(trx, tenantId, orderId);
  if (!order) throw new OrderNotFoundError(orderId);
  return { invoice, order };
}

/**
 * Invoices what is delivered and not yet invoiced, dated today (Europe/Berlin) and due after the order's net
 * days. The number is drawn last, from the tenant's invoice series of the invoice's year, under a row lock
 * held until commit: concurrent invoicings queue for it, so the numbers have neither gaps nor duplicates.
 */
export async function invoiceOrder(
  trx: Transaction<CoreDb>,
  actor: StockActor,
  id: string,
  precondition: Precondition,
  newId: () => string,
  now: Date,
): Promise<{ invoice: SalesInvoice; order: SalesOrder }> {
  const { tenantId } = actor;
  const order = await lockOrderForChange(trx, tenantId, id, precondition);
  nextStatus(order, 'invoice');
  const open = order.lines.map((line) => ({ line_no: line.line_no, unit: line.unit, open: minus(line.delivered_quantity, line.invoiced_quantity) }));
  const plan = planLineQuantities(open, undefined, '/lines', 'invoiced');
  if ('errors' in plan || plan.items.length === 0) throw new OrderNothingToInvoiceError(order.number);
  const lines = draftInvoiceLines(order.lines, plan.items);
  const customer = await currentCustomer(trx, tenantId, order);
  for (const item of plan.items) await addToLine(trx, tenantId, order.id, item.line_no, 'invoiced_quantity', item.quantity);
  const after = order.lines.map((line) => {
    const item = plan.items.find((candidate) => candidate.line_no === line.line_no);
    return item ? { ...line, invoiced_quantity: plus(line.invoiced_quantity, item.quantity) } : line;
  });
  await updateSalesOrder(trx, tenantId, order, { status: nextStatus(order, 'invoice', salesProgress(after)) });
  const issueDate = berlinDay(now);
  const year = yearOf(issueDate);
  const { number, value } = await drawDocumentNumber(trx, tenantId, 'invoice', year);
  const invoiceId = newId();
  await insertInvoice(trx, tenantId, {
    id: invoiceId,
    kind: 'invoice',
    number,
    year,
    numberValue: value,
    order,
    correctedInvoiceId: null,
    issueDate,
    dueDate: addDays(issueDate, order.payment_terms.net_days),
    paymentTerms: order.payment_terms,
    customer,
    reason: null,
    returnedStock: false,
    lines,
    totals: salesTotals(lines),
    actorId: actor.userId,
  });
  const result = await findIssuedDocument(trx, tenantId, invoiceId, order.id);
  await emitOrderInvoiced(trx, actor, result.invoice);
  return result;
}
