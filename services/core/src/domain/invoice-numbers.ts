/** The number series of a tenant's business documents; each runs per calendar year. */
export type DocumentSeries = 'sales_order' | 'delivery' | 'invoice' | 'credit_note' | 'purchase_order' | 'goods_receipt';

/**
 * The prefix of each series: Auftrag, Lieferschein, Rechnung, Rechnungskorrektur, Bestellung, Wareneingang.
 * Invoices and credit notes must be numbered without gaps (§ 14 Abs. 4 Nr. 4 UStG asks for a unique, sequential number).
 */
export const DOCUMENT_PREFIXES: Readonly<Record<DocumentSeries, string>> = {
  sales_order: 'AU',
  delivery: 'LS',
  invoice: 'RE',
  credit_note: 'RK',
  purchase_order: 'BE',
  goods_receipt: 'WE',
};

/** The value drawn is written with at least this many digits, zeros in front. */
export const DOCUMENT_NUMBER_DIGITS_MIN = 5;

/** What comes before the value in a number of the series and year, e.g. `RE-2026-`. */
export function documentNumberPrefix(series: DocumentSeries, year: number): string {
  if (!Number.isInteger(year) || year < 2000 || year > 9999) throw new RangeError(`A document year must be between 2000 and 9999, got ${year}`);
  return `${DOCUMENT_PREFIXES[series]}-${year}-`;
}

/** A document number such as `RE-2026-00042`: prefix, year and the value drawn, at least five digits. */
export function formatDocumentNumber(series: DocumentSeries, year: number, value: string | number): string {
  const text = String(value);
  if (!/^[1-9]\d{0,17}$/.test(text)) throw new RangeError(`A document number value must be a positive integer, got "${text}"`);
  return `${documentNumberPrefix(series, year)}${text.padStart(DOCUMENT_NUMBER_DIGITS_MIN, '0')}`;
}
