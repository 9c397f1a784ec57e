import { sql } from 'kysely';
import type { DocumentTotals, TaxBreakdownRow } from '../domain/document-totals.js';
import type { DocumentPartner, DocumentPaymentTerms } from '../domain/sales-order.js';
import { Exact } from '../domain/stock-decimal.js';

// Conversions shared by the rows of sales and purchasing documents.

/** A numeric column as documents show it: no exponent, no trailing zeros. */
export function plain(value: string): string {
  return new Exact(value).toFixed();
}

/** A numeric amount column with exactly two places. */
export function cents(value: string): string {
  return new Exact(value).toFixed(2);
}

/** A `date` column read as YYYY-MM-DD text, so no time zone shifts it. */
export function dayColumn<Name extends string>(name: Name) {
  return sql<string>`${sql.ref(name)}::text`.as(name);
}

export function toPartner(value: unknown): DocumentPartner {
  return value as DocumentPartner;
}

export function toTotals(row: { net: string; tax_total: string; gross: string; tax: unknown }): DocumentTotals {
  return { net: cents(row.net), tax: row.tax as TaxBreakdownRow[], tax_total: cents(row.tax_total), gross: cents(row.gross) };
}

export function toPaymentTerms(row: { payment_net_days: number; skonto_percent: string | null; skonto_days: number | null }): DocumentPaymentTerms {
  return { net_days: row.payment_net_days, skonto_percent: row.skonto_percent === null ? null : cents(row.skonto_percent), skonto_days: row.skonto_days };
}

/** The header columns of a document's totals and payment terms, for insert. */
export function totalsColumns(totals: DocumentTotals) {
  return { net: totals.net, tax_total: totals.tax_total, gross: totals.gross, tax: JSON.stringify(totals.tax) };
}

export function paymentTermsColumns(terms: DocumentPaymentTerms) {
  return { payment_net_days: terms.net_days, skonto_percent: terms.skonto_percent, skonto_days: terms.skonto_days };
}
