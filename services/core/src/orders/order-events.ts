import {
  CORE_DOCUMENT_EVENT_TYPES,
  CORE_ORDER_EVENT_TYPES,
  type CoreOrderCancelledV1,
  type CoreOrderConfirmedV1,
  type CoreOrderCreditNoteIssuedV1,
  type CoreOrderDeliveredV1,
  type CoreOrderInvoicedV1,
  type CoreSalesLine,
} from '@erp/contracts';
import { writeEvent } from '@erp/kit';
import type { Transaction } from 'kysely';
import type { CoreDb } from '../db/schema.js';
import type { InvoiceLine, SalesInvoice } from '../domain/invoice-drafts.js';
import type { SalesLine, SalesOrder } from '../domain/sales-order.js';
import type { StockActor } from '../inventory/stock-actor.js';

const SOURCE = { source: '/erp/core' };

function toEventLine(line: InvoiceLine): CoreSalesLine {
  return {
    line_no: line.line_no,
    product_id: line.product_id,
    sku: line.sku,
    description: line.description,
    quantity: line.quantity,
    unit: line.unit,
    unit_price: line.unit_price,
    net_amount: line.net_amount,
    vat_rate: line.vat_rate,
    tax_category: line.tax_category,
  };
}

/** `erp.core.order.invoiced.v1` of an issued invoice: its figures exactly as the invoice shows them. */
export function toInvoicedEvent(invoice: SalesInvoice): CoreOrderInvoicedV1 {
  if (invoice.kind !== 'invoice' || invoice.due_date === null || invoice.payment_terms === null) throw new TypeError(`${invoice.number} is not an invoice`);
  return {
    invoice_id: invoice.id,
    invoice_number: invoice.number,
    order_id: invoice.order_id,
    invoice_date: invoice.issue_date,
    due_date: invoice.due_date,
    payment_terms: invoice.payment_terms,
    customer: invoice.customer,
    currency: invoice.currency,
    exchange_rate: invoice.exchange_rate,
    lines: invoice.lines.map(toEventLine),
    totals: invoice.totals,
  };
}

/** `erp.core.order.credit_note_issued.v1` of an issued credit note. */
export function toCreditNoteEvent(creditNote: SalesInvoice): CoreOrderCreditNoteIssuedV1 {
  if (creditNote.kind !== 'credit_note' || creditNote.corrected_invoice === null) throw new TypeError(`${creditNote.number} is not a credit note`);
  return {
    credit_note_id: creditNote.id,
    credit_note_number: creditNote.number,
    credit_note_date: creditNote.issue_date,
    invoice_id: creditNote.corrected_invoice.id,
    invoice_number: creditNote.corrected_invoice.number,
    reason: creditNote.reason,
    customer: creditNote.customer,
    currency: creditNote.currency,
    exchange_rate: creditNote.exchange_rate,
    lines: creditNote.lines.map(toEventLine),
    totals: creditNote.totals,
  };
}

/** `erp.core.order.confirmed.v1` of a confirmed order, with the reservation that holds each line's stock (none for services). */
export function toConfirmedEvent(order: SalesOrder, reservationOf: (line: SalesLine) => string | null): CoreOrderConfirmedV1 {
  return {
    order_id: order.id,
    order_number: order.number,
    customer_id: order.customer.id,
    warehouse_id: order.warehouse_id,
    confirmed_at: order.confirmed_at ?? order.updated_at,
    currency: order.currency,
    net: order.totals.net,
    gross: order.totals.gross,
    lines: order.lines.map((line) => ({
      line_no: line.line_no,
      product_id: line.product_id,
      sku: line.sku,
      quantity: line.quantity,
      unit: line.unit,
      reservation_id: reservationOf(line),
    })),
  };
}

async function emit(trx: Transaction<CoreDb>, actor: StockActor, type: string, subject: string, data: unknown): Promise<void> {
  await writeEvent(trx, { type, subject, data, tenantId: actor.tenantId, traceparent: actor.traceparent }, SOURCE);
}

export const emitOrderConfirmed = (trx: Transaction<CoreDb>, actor: StockActor, data: CoreOrderConfirmedV1) =>
  emit(trx, actor, CORE_ORDER_EVENT_TYPES.confirmed, data.order_id, data);

export const emitOrderDelivered = (trx: Transaction<CoreDb>, actor: StockActor, data: CoreOrderDeliveredV1) =>
  emit(trx, actor, CORE_ORDER_EVENT_TYPES.delivered, data.order_id, data);

export const emitOrderCancelled = (trx: Transaction<CoreDb>, actor: StockActor, data: CoreOrderCancelledV1) =>
  emit(trx, actor, CORE_ORDER_EVENT_TYPES.cancelled, data.order_id, data);

export const emitOrderInvoiced = (trx: Transaction<CoreDb>, actor: StockActor, invoice: SalesInvoice) =>
  emit(trx, actor, CORE_DOCUMENT_EVENT_TYPES.orderInvoiced, invoice.id, toInvoicedEvent(invoice));

export const emitCreditNoteIssued = (trx: Transaction<CoreDb>, actor: StockActor, creditNote: SalesInvoice) =>
  emit(trx, actor, CORE_DOCUMENT_EVENT_TYPES.creditNoteIssued, creditNote.id, toCreditNoteEvent(creditNote));
