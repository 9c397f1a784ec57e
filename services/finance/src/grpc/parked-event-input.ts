import { CORE_DOCUMENT_EVENT_TYPES, type GrpcDraftEntry, type GrpcIncomingInvoice } from '@erp/contracts';
import { Money } from '../domain/money.js';

/** What ai is asked for a parked event's document: an incoming invoice, or any other document in words. */
export type DocumentInput = ({ kind: 'incoming_invoice' } & Partial<GrpcIncomingInvoice>) | ({ kind: 'draft_entry' } & Partial<GrpcDraftEntry>);

// ai's limits for these fields (services/ai/src/routes/finance-schemas.ts).
const DESCRIPTION_MAX = 1000;
const TEXT_MAX = 20_000;
const SUPPLIER_MAX = 200;
const INVOICE_NUMBER_MAX = 60;
const AMOUNT = /^[0-9]{1,12}(\.[0-9]{1,2})?$/;
const DAY = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;
const RATE = /^(0|[1-9][0-9]{0,7})(\.[0-9]{1,6})?$/;

type Data = Record<string, unknown>;

// A parked event may break its contract (that is one reason to park it): every field is read defensively.
const record = (value: unknown): Data => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Data) : {});
const text = (value: unknown): string => (typeof value === 'string' ? value.replace(/\s+/g, ' ').trim() : '');
const day = (value: unknown): string | undefined => (typeof value === 'string' && DAY.test(value) ? value : undefined);

/** The document's amount in euro, exact, or undefined when it cannot be read; a foreign currency needs its rate. */
function euroAmount(data: Data, amount: unknown): string | undefined {
  if (typeof amount !== 'string' || !/^[0-9]{1,16}(\.[0-9]{1,2})?$/.test(amount)) return undefined;
  const rate = data.exchange_rate;
  const currency = data.currency;
  if (currency !== 'EUR' && !(typeof rate === 'string' && RATE.test(rate) && Number(rate) > 0)) return undefined;
  const euro = currency === 'EUR' ? new Money(amount).toFixed(2) : new Money(amount).div(rate as string).toFixed(2);
  return AMOUNT.test(euro) ? euro : undefined;
}

/** The lines' descriptions, each once, in order. */
function lineTexts(data: Data): string[] {
  const lines = Array.isArray(data.lines) ? data.lines : [];
  return [...new Set(lines.map((line) => text(record(line).description)).filter((description) => description.length > 0))];
}

function clip(value: string, max: number): string {
  return value.length <= max ? value : value.slice(0, max).trimEnd();
}

function draftEntry(description: string, data: Data, amount: unknown): DocumentInput | undefined {
  const words = clip(text([description, ...lineTexts(data)].join(' ')), DESCRIPTION_MAX);
  if (words === '') return undefined;
  const euro = euroAmount(data, amount);
  return { kind: 'draft_entry', description: words, ...(euro ? { amount: euro } : {}) };
}

function incomingInvoice(data: Data): DocumentInput | undefined {
  const supplier = clip(text(record(data.supplier).name), SUPPLIER_MAX);
  const number = clip(text(data.supplier_invoice_number), INVOICE_NUMBER_MAX);
  const body = clip([`Eingangsrechnung ${number}`.trim(), supplier, ...lineTexts(data)].join('\n'), TEXT_MAX);
  if (supplier === '' && lineTexts(data).length === 0) return undefined;
  const amount = euroAmount(data, record(data.totals).gross);
  const date = day(data.invoice_date);
  return {
    kind: 'incoming_invoice',
    ...(supplier ? { supplier } : {}),
    text: body,
    ...(number ? { invoice_number: number } : {}),
    ...(amount ? { amount_gross: amount } : {}),
    ...(date ? { date } : {}),
  };
}

/**
 * What to ask ai about the document of a parked core event, worded as finance's automatic postings word it
 * (so the learned history matches): a supplier's invoice as an incoming invoice, a sales invoice, credit note
 * or goods receipt as a described draft with its euro amount. Undefined when the event holds too little to ask.
 */
export function documentInputOf(eventType: string, event: unknown): DocumentInput | undefined {
  const data = record(record(event).data);
  const customer = text(record(data.customer).name);
  switch (eventType) {
    case CORE_DOCUMENT_EVENT_TYPES.supplierInvoiceRecorded:
      return incomingInvoice(data);
    case CORE_DOCUMENT_EVENT_TYPES.orderInvoiced:
      return draftEntry(`Ausgangsrechnung ${text(data.invoice_number)} ${customer}`, data, record(data.totals).gross);
    case CORE_DOCUMENT_EVENT_TYPES.creditNoteIssued:
      return draftEntry(`Gutschrift ${text(data.credit_note_number)} zu ${text(data.invoice_number)} ${customer}`, data, record(data.totals).gross);
    case CORE_DOCUMENT_EVENT_TYPES.goodsReceived: {
      const supplier = text(record(data.supplier).name);
      return draftEntry(`Wareneingang ${text(data.goods_receipt_number)} zu ${text(data.purchase_order_number)} ${supplier}`, data, data.total_value);
    }
    default:
      return undefined;
  }
}
