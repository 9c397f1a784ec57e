import {
  buyerOwesTax,
  type DocumentTotals,
  documentTotals,
  lineNet,
  type TaxBreakdownRow,
  type TaxCategory,
  toCents,
  toPlain,
  totalsOf,
} from './document-totals.js';
import type { PlannedQuantity } from './order-lines.js';
import type { FieldError } from './partner-rules.js';
import type { PurchaseLine } from './purchase-order.js';
import { Exact } from './stock-decimal.js';

/** A line of a recorded supplier invoice. */
export interface SupplierInvoiceLine {
  line_no: number;
  order_line_no: number;
  product_id: string;
  description: string;
  quantity: string;
  unit: string;
  unit_price: string;
  net_amount: string;
  vat_rate: string;
  tax_category: TaxCategory;
}

/** The input tax the supplier's invoice states for one rate (its `S` lines of that rate). */
export interface StatedTax {
  rate: string;
  tax: string;
}

/** A client's price per order line, where the supplier billed another than ordered. */
export interface BilledPrice {
  line_no: number;
  unit_price?: string | undefined;
}

/** The lines of a supplier invoice for the planned quantities, at the order's price or the one the supplier billed. */
export function draftSupplierInvoiceLines(
  orderLines: readonly PurchaseLine[],
  planned: readonly PlannedQuantity[],
  billed: readonly BilledPrice[],
): SupplierInvoiceLine[] {
  return planned.map((item, index) => {
    const line = orderLines.find((candidate) => candidate.line_no === item.line_no);
    if (!line) throw new RangeError(`Purchase order line ${item.line_no} does not exist`);
    const price = billed.find((candidate) => candidate.line_no === item.line_no)?.unit_price;
    const unitPrice = price === undefined ? line.unit_price : toPlain(price);
    return {
      line_no: index + 1,
      order_line_no: line.line_no,
      product_id: line.product_id,
      description: line.description,
      quantity: item.quantity,
      unit: line.unit,
      unit_price: unitPrice,
      net_amount: lineNet({ quantity: item.quantity, unitPrice, discountPercent: '0' }),
      vat_rate: line.vat_rate,
      tax_category: line.tax_category,
    };
  });
}

function statedRow(row: TaxBreakdownRow, lineCount: number, stated: readonly StatedTax[], errors: FieldError[]): TaxBreakdownRow {
  if (row.tax_category !== 'S') return row;
  const index = stated.findIndex((item) => new Exact(item.rate).equals(row.rate));
  const given = stated[index];
  if (!given) return row;
  // A supplier that rounds per line may state up to a cent per line more or less than the tax on the base.
  const tolerance = new Exact(lineCount).times('0.01');
  if (new Exact(given.tax).minus(row.tax).abs().greaterThan(tolerance))
    errors.push({
      pointer: `/tax/${index}/tax`,
      detail: `is ${given.tax}, but ${row.rate} % on the base ${row.base} is ${row.tax}; at most ${tolerance.toFixed(2)} (a cent per line) may differ.`,
    });
  return { ...row, tax: toCents(given.tax) };
}

/**
 * The totals of a supplier invoice: bases per category and rate from the lines; for each `S` rate the tax
 * the supplier states (within a cent per line of the computed tax), or the computed tax where it states
 * none; "0.00" under `AE` and `K`, where the buyer owes the tax. A stated rate without such lines is an error.
 */
export function supplierInvoiceTotals(
  lines: readonly SupplierInvoiceLine[],
  stated: readonly StatedTax[],
): { totals: DocumentTotals } | { errors: FieldError[] } {
  const computed = documentTotals(lines.map((line) => ({ taxCategory: line.tax_category, vatRate: line.vat_rate, netAmount: line.net_amount })));
  const errors: FieldError[] = [];
  stated.forEach((item, index) => {
    if (!computed.tax.some((row) => row.tax_category === 'S' && new Exact(row.rate).equals(item.rate)))
      errors.push({ pointer: `/tax/${index}/rate`, detail: `names ${item.rate} %, but no invoiced line bears input tax at that rate.` });
    if (stated.findIndex((other) => new Exact(other.rate).equals(item.rate)) !== index)
      errors.push({ pointer: `/tax/${index}/rate`, detail: `names ${item.rate} % a second time.` });
  });
  const rows = computed.tax.map((row) => {
    const count = lines.filter((line) => line.tax_category === row.tax_category && new Exact(line.vat_rate).equals(row.rate)).length;
    return buyerOwesTax(row.tax_category) ? row : statedRow(row, count, stated, errors);
  });
  return errors.length > 0 ? { errors } : { totals: totalsOf(rows) };
}
