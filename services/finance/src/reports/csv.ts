/** A CSV cell: text (guarded against spreadsheet formulas), an amount (written with a decimal comma), or empty. */
export type CsvCell = string | number | null | { readonly amount: string };

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[;"\r\n]/;

/** An amount cell: "1234.50" is written "1234,50", the way German spreadsheets read numbers. */
export const amountCell = (amount: string | null): CsvCell => (amount === null ? null : { amount });

function cellText(cell: CsvCell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return String(cell);
  if (typeof cell === 'object') return cell.amount.replace('.', ',');
  // A text a spreadsheet would run as a formula (=, +, -, @) is written with a leading apostrophe (OWASP's advice).
  const text = FORMULA_START.test(cell) ? `'${cell}` : cell;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * A CSV document as German spreadsheets open it: UTF-8 with a byte-order mark, semicolons between cells, CRLF
 * between rows, decimal commas in amounts; texts with a semicolon, a quote or a line break are quoted.
 */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return `\uFEFF${[header, ...rows].map((row) => row.map(cellText).join(';')).join('\r\n')}\r\n`;
}
