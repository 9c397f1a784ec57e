import { Decimal } from 'decimal.js';
import { findIbans } from '../text/normalise.js';

/** Fields read from the free text of an incoming invoice without a language model. */
export interface ExtractedInvoice {
  readonly supplier: string | null;
  readonly invoiceNumber: string | null;
  /** Exact decimal string. */
  readonly amountGross: string | null;
  /** YYYY-MM-DD. */
  readonly date: string | null;
  readonly iban: string | null;
  readonly taxRatePercent: string | null;
}

const AMOUNT = /(?<![\d.,])(\d{1,3}(?:[.\s]\d{3})+|\d+)([.,]\d{2})(?![\d])/g;
const TOTAL_WORDS = /(gesamt|summe|total|brutto|zu zahlen|rechnungsbetrag|endbetrag|amount due|grand total)/i;
// A document word, maybe "Nr."/"No."/"Nummer", then a reference with at least one digit.
const INVOICE_NUMBER = /(?:rechnungs?|invoice|rg\.?|beleg)\s*-?\s*(?:nummer|nr\.?|no\.?|number)?\s*[:#]?\s*([A-Za-z0-9/_-]{0,30}\d[A-Za-z0-9/_-]{0,30})/i;
const GERMAN_DATE = /\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b/;
const ISO_DATE = /\b(\d{4})-(\d{2})-(\d{2})\b/;
const TAX_RATE = /\b(19|7|16|5)\s?%/;

/** "1.234,56", "1 234,56" and "1234.56" as an exact decimal string. */
export function parseLooseAmount(text: string): string | null {
  const match = /^(\d{1,3}(?:[.\s]\d{3})+|\d+)([.,])(\d{2})$/.exec(text.trim());
  if (!match) return null;
  return new Decimal(`${(match[1] ?? '').replace(/[.\s]/g, '')}.${match[3]}`).toFixed(2);
}

/** The day as YYYY-MM-DD, or null when no such day exists (31.02.). */
export function validDate(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString().slice(0, 10);
}

function findDate(text: string): string | null {
  const german = GERMAN_DATE.exec(text);
  if (german) return validDate(Number(german[3]), Number(german[2]), Number(german[1]));
  const iso = ISO_DATE.exec(text);
  return iso ? validDate(Number(iso[1]), Number(iso[2]), Number(iso[3])) : null;
}

/** Every amount with cents in a text (dates left out), as exact decimal strings. */
export function amountsIn(text: string): string[] {
  return [...text.replace(/\b\d{1,2}\.\d{1,2}\.\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b/g, ' ').matchAll(AMOUNT)]
    .map((match) => parseLooseAmount(`${match[1]}${match[2]}`))
    .filter((amount) => amount !== null);
}

/** The gross amount: the amount on a line with a total word, else the largest amount in the text. */
function findGross(lines: readonly string[]): string | null {
  const totals = lines.filter((line) => TOTAL_WORDS.test(line)).flatMap(amountsIn);
  const candidates = totals.length > 0 ? totals : lines.flatMap(amountsIn);
  if (candidates.length === 0) return null;
  return candidates.reduce((largest, amount) => (new Decimal(amount).greaterThan(largest) ? amount : largest));
}

/**
 * Reads supplier (the first line with letters), invoice number, gross amount, date, IBAN and tax rate from an
 * invoice's text with patterns. It is deliberately simple: what it cannot find stays null, and the posting
 * suggestion then rests on the words of the text alone.
 */
export function extractInvoiceFields(text: string): ExtractedInvoice {
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  const supplier = lines.find((line) => /[A-Za-zÄÖÜäöüß]{2}/.test(line) && !INVOICE_NUMBER.test(line) && !TOTAL_WORDS.test(line)) ?? null;
  return {
    supplier: supplier ? supplier.slice(0, 120) : null,
    invoiceNumber: INVOICE_NUMBER.exec(text)?.[1] ?? null,
    amountGross: findGross(lines),
    date: findDate(text),
    iban: findIbans(text)[0] ?? null,
    taxRatePercent: TAX_RATE.exec(text)?.[1] ?? null,
  };
}
