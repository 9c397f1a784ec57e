import { Exact } from './stock-decimal.js';

/** The VAT category of a line (UNTDID 5305, as EN 16931 uses it); see `document-totals-category.ts` for how it is chosen. */
export type TaxCategory = 'S' | 'E' | 'AE' | 'K' | 'G' | 'O';

/** What a line's net amount is computed from: decimal strings, the discount in percent. */
export interface PricedLine {
  readonly quantity: string;
  readonly unitPrice: string;
  readonly discountPercent: string;
}

/** A line's net amount with its VAT category and rate, the input of {@link documentTotals}. */
export interface TaxedAmount {
  readonly taxCategory: TaxCategory;
  /** Percent as text, e.g. "19". */
  readonly vatRate: string;
  /** Two places, e.g. "12.34". */
  readonly netAmount: string;
}

/** One row of the VAT breakdown: the base of all lines of one category and rate and the tax on it. */
export interface TaxBreakdownRow {
  tax_category: TaxCategory;
  rate: string;
  base: string;
  tax: string;
}

export interface DocumentTotals {
  net: string;
  tax: TaxBreakdownRow[];
  tax_total: string;
  gross: string;
}

/** The largest net amount of one line: twelve digits before the point, so a document of 1000 lines stays below the 16 digits events allow. */
export const LINE_NET_MAX = new Exact('999999999999.99');

const CENTS = 2;
const CATEGORY_ORDER: readonly TaxCategory[] = ['S', 'AE', 'K', 'G', 'E', 'O'];

/** An amount with exactly two places, rounded half up: "1.005" becomes "1.01". */
export function toCents(value: Exact | string): string {
  return new Exact(value).toDecimalPlaces(CENTS, Exact.ROUND_HALF_UP).toFixed(CENTS);
}

/** A decimal without exponent and without trailing zeros ("2.50" becomes "2.5"), as documents show quantities and prices. */
export function toPlain(value: Exact | string): string {
  return new Exact(value).toFixed();
}

/** quantity × unit price × (1 − discount / 100), rounded half up to cents: the net amount of one line. */
export function lineNet(line: PricedLine): string {
  const factor = new Exact(100).minus(line.discountPercent).dividedBy(100);
  return toCents(new Exact(line.quantity).times(line.unitPrice).times(factor));
}

/** The tax on a base at a rate in percent, rounded half up to cents (EN 16931 BR-CO-17). */
export function taxOn(base: Exact | string, rate: string): string {
  return toCents(new Exact(base).times(rate).dividedBy(100));
}

function groupKey(line: TaxedAmount): string {
  return `${line.taxCategory}|${toPlain(line.vatRate)}`;
}

/** Whether the buyer, not the seller, owes the tax of the category (reverse charge, intra-community acquisition). */
export function buyerOwesTax(category: TaxCategory): boolean {
  return category === 'AE' || category === 'K';
}

/**
 * The totals of a document as German invoices state them: the lines' net amounts summed per category and
 * rate, the tax computed once on each of those sums (not per line), and gross = net + tax. Rows are ordered
 * by category (S first) and by rate, highest first. Under `AE` and `K` the tax is "0.00": the buyer owes it.
 */
export function documentTotals(lines: readonly TaxedAmount[]): DocumentTotals {
  const groups = new Map<string, { category: TaxCategory; rate: string; base: Exact }>();
  for (const line of lines) {
    const key = groupKey(line);
    const group = groups.get(key) ?? { category: line.taxCategory, rate: toPlain(line.vatRate), base: new Exact(0) };
    group.base = group.base.plus(line.netAmount);
    groups.set(key, group);
  }
  const rows = [...groups.values()]
    .sort((a, b) => CATEGORY_ORDER.indexOf(a.category) - CATEGORY_ORDER.indexOf(b.category) || new Exact(b.rate).comparedTo(a.rate))
    .map((group) => ({
      tax_category: group.category,
      rate: group.rate,
      base: toCents(group.base),
      tax: buyerOwesTax(group.category) ? '0.00' : taxOn(group.base, group.rate),
    }));
  return totalsOf(rows);
}

/** Net, tax total and gross of breakdown rows (whose tax may be stated by a supplier rather than computed). */
export function totalsOf(rows: TaxBreakdownRow[]): DocumentTotals {
  const net = rows.reduce((total, row) => total.plus(row.base), new Exact(0));
  const tax = rows.reduce((total, row) => total.plus(row.tax), new Exact(0));
  return { net: toCents(net), tax: rows, tax_total: toCents(tax), gross: toCents(net.plus(tax)) };
}
