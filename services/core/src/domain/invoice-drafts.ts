import { type DocumentTotals, lineNet, type TaxCategory, toCents } from './document-totals.js';
import type { PlannedQuantity } from './order-lines.js';
import type { DocumentPartner, DocumentPaymentTerms, SalesLine } from './sales-order.js';
import { Exact } from './stock-decimal.js';

/** A line of an issued invoice or credit note. */
export interface InvoiceLine {
  line_no: number;
  /** The sales order line it bills or corrects. */
  order_line_no: number;
  /** On a credit note: the line of the corrected invoice; `null` on an invoice. */
  corrected_line_no: number | null;
  product_id: string;
  sku: string;
  description: string;
  quantity: string;
  unit: string;
  unit_price: string;
  discount_percent: string;
  vat_rate: string;
  tax_category: TaxCategory;
  net_amount: string;
  /** On an invoice: how much of the line credit notes have corrected so far (quantity and net amount). */
  credited_quantity: string;
  credited_net: string;
}

/** An issued invoice or credit note (Rechnungskorrektur) as the API shows it. */
export interface SalesInvoice {
  id: string;
  kind: 'invoice' | 'credit_note';
  number: string;
  order_id: string;
  order_number: string;
  /** On a credit note: the invoice it corrects. */
  corrected_invoice: { id: string; number: string } | null;
  issue_date: string;
  /** On an invoice: the net due date; `null` on a credit note. */
  due_date: string | null;
  payment_terms: DocumentPaymentTerms | null;
  customer: DocumentPartner;
  currency: string;
  exchange_rate: string | null;
  reason: string | null;
  returned_stock: boolean;
  lines: InvoiceLine[];
  totals: DocumentTotals;
  created_at: string;
}

export type InvoiceLineDraft = Omit<InvoiceLine, 'credited_quantity' | 'credited_net'>;

/** The lines of an invoice for the planned quantities of the order lines, each priced as its order line (net rounded per line). */
export function draftInvoiceLines(orderLines: readonly SalesLine[], planned: readonly PlannedQuantity[]): InvoiceLineDraft[] {
  return planned.map((item, index) => {
    const line = orderLines.find((candidate) => candidate.line_no === item.line_no);
    if (!line) throw new RangeError(`Order line ${item.line_no} does not exist`);
    return {
      line_no: index + 1,
      order_line_no: line.line_no,
      corrected_line_no: null,
      product_id: line.product_id,
      sku: line.sku,
      description: line.description,
      quantity: item.quantity,
      unit: line.unit,
      unit_price: line.unit_price,
      discount_percent: line.discount_percent,
      vat_rate: line.vat_rate,
      tax_category: line.tax_category,
      net_amount: lineNet({ quantity: item.quantity, unitPrice: line.unit_price, discountPercent: line.discount_percent }),
    };
  });
}

/**
 * The net amount a credit note takes back from an invoice line: the quantity priced as the line, but never
 * more than is left of the line's net amount; crediting all that is left of the line takes exactly the rest,
 * so partial credit notes of a line add up to its net amount to the cent.
 */
export function creditedNet(
  line: Pick<InvoiceLine, 'quantity' | 'unit_price' | 'discount_percent' | 'net_amount' | 'credited_quantity' | 'credited_net'>,
  quantity: string,
): string {
  const left = new Exact(line.net_amount).minus(line.credited_net);
  if (new Exact(line.credited_quantity).plus(quantity).equals(line.quantity)) return toCents(left);
  const priced = new Exact(lineNet({ quantity, unitPrice: line.unit_price, discountPercent: line.discount_percent }));
  return toCents(Exact.min(priced, left));
}

/** The lines of a credit note for the planned quantities of the invoice's lines. */
export function draftCreditLines(invoiceLines: readonly InvoiceLine[], planned: readonly PlannedQuantity[]): InvoiceLineDraft[] {
  return planned.map((item, index) => {
    const line = invoiceLines.find((candidate) => candidate.line_no === item.line_no);
    if (!line) throw new RangeError(`Invoice line ${item.line_no} does not exist`);
    const { credited_quantity: _quantity, credited_net: _net, ...rest } = line;
    return { ...rest, line_no: index + 1, corrected_line_no: line.line_no, quantity: item.quantity, net_amount: creditedNet(line, item.quantity) };
  });
}
