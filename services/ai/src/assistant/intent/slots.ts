import { Decimal } from 'decimal.js';
import { words } from './patterns.js';

/** A piece of the utterance a slot was read from: where it is, so that the rest can be read without it. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

const CURRENCY = '€|eur|euro|euros|usd|\\$|chf|£|gbp';
const CURRENCY_CODES: Readonly<Record<string, string>> = {
  '€': 'EUR',
  eur: 'EUR',
  euro: 'EUR',
  euros: 'EUR',
  usd: 'USD',
  $: 'USD',
  chf: 'CHF',
  '£': 'GBP',
  gbp: 'GBP',
};
const NUMBER = String.raw`\d{1,3}(?:[.,']\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?`;
// The currency may stand before or after the number: "119 EUR", "119,00 €", "EUR 119.50", "€119".
// A number ends where no digit follows, not even after a separator: "119." at the end of a sentence is 119.
const MONEY = new RegExp(String.raw`(?:(?<![\p{L}])(${CURRENCY})\s?(${NUMBER})(?![\d]|[.,]\d)|(?<!\d|\d[.,])(${NUMBER})\s?(${CURRENCY})(?![\p{L}]))`, 'iu');
const BARE_NUMBER = new RegExp(String.raw`(?<![\d\-/]|\d[.,])(${NUMBER})(?![\d\-/]|[.,]\d|\s*%)`, 'gu');

/**
 * An amount as written in German or English to an exact decimal with two places: the last separator followed by
 * one or two digits is the decimal mark, separators followed by three digits group thousands ("1.234,56",
 * "1,234.56", "119", "119,5"). `undefined` for zero, negative or absurd amounts.
 */
export function parseAmount(raw: string): string | undefined {
  const compact = raw.replace(/[\s']/g, '');
  const decimal = /[.,](\d{1,2})$/.exec(compact);
  const whole = (decimal ? compact.slice(0, decimal.index) : compact).replace(/[.,]/g, '');
  if (!/^\d+$/.test(whole)) return undefined;
  const amount = new Decimal(`${whole}.${decimal?.[1] ?? '0'}`);
  if (amount.isZero() || amount.greaterThan('999999999999.99')) return undefined;
  return amount.toFixed(2);
}

export interface AmountSlot {
  readonly amount: string;
  readonly currency: string;
  readonly span: Span;
}

/** The amount with its currency, or else a lone number that is no account, date or year (then in euro). */
export function findAmount(text: string, taken: readonly Span[]): AmountSlot | undefined {
  const money = MONEY.exec(text);
  if (money) {
    const amount = parseAmount(money[2] ?? money[3] ?? '');
    const currency = CURRENCY_CODES[(money[1] ?? money[4] ?? '').toLowerCase()] ?? 'EUR';
    if (amount) return { amount, currency, span: { start: money.index, end: money.index + money[0].length } };
  }
  const numbers = [...text.matchAll(BARE_NUMBER)].filter((match) => !taken.some((span) => match.index >= span.start && match.index < span.end));
  if (numbers.length !== 1 || !numbers[0]) return undefined;
  const amount = parseAmount(numbers[0][1] ?? '');
  return amount ? { amount, currency: 'EUR', span: { start: numbers[0].index, end: numbers[0].index + numbers[0][0].length } } : undefined;
}

export interface AccountsSlot {
  readonly debit: string | undefined;
  readonly credit: string | undefined;
  readonly spans: readonly Span[];
}

const DEBIT = words(String.raw`(?:soll|debit|dr\.?|an\s+soll)(?:\s*(?:konto|account|acct\.?))?\s*:?\s*(\d{4,8})`);
const CREDIT = words(String.raw`(?:haben|credit|cr\.?|gegen)(?:\s*(?:konto|account|acct\.?))?\s*:?\s*(\d{4,8})`);
// German booking notation "Soll an Haben": "4930 an 1200".
const PAIR = words(String.raw`(\d{4,8})\s+an\s+(\d{4,8})`);

const spanOf = (match: RegExpExecArray): Span => ({ start: match.index, end: match.index + match[0].length });

/** The debit and credit accounts of a booking wish: "Soll 4930 Haben 1200", "debit 4930 credit 1200", "4930 an 1200". */
export function findAccounts(text: string): AccountsSlot {
  const pair = PAIR.exec(text);
  if (pair) return { debit: pair[1], credit: pair[2], spans: [spanOf(pair)] };
  const debit = DEBIT.exec(text);
  const credit = CREDIT.exec(text);
  return { debit: debit?.[1], credit: credit?.[1], spans: [debit, credit].flatMap((match) => (match ? [spanOf(match)] : [])) };
}

const ACCOUNT = words(String.raw`(?:konto|kto\.?|account|acct\.?|sachkonto)(?:\s*(?:nr\.?|no\.?|number|nummer))?\s*:?\s*(\d{4,8})`);

/** An account named as such: "Konto 1200", "account no. 1800". */
export function findAccountNumber(text: string): { account: string; span: Span } | undefined {
  const match = ACCOUNT.exec(text);
  return match?.[1] ? { account: match[1], span: spanOf(match) } : undefined;
}

const ISO_DATE = /(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)/u;
const GERMAN_DATE = /(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4})(?![\d])/u;

function validDay(year: number, month: number, day: number): string | undefined {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return date.toISOString().slice(0, 10);
}

/** A calendar day, "2026-11-25" or "25.11.2026". */
export function findDate(text: string): { day: string; span: Span } | undefined {
  const iso = ISO_DATE.exec(text);
  const german = iso ? undefined : GERMAN_DATE.exec(text);
  const match = iso ?? german;
  if (!match) return undefined;
  const day = iso ? validDay(Number(iso[1]), Number(iso[2]), Number(iso[3])) : validDay(Number(match[3]), Number(match[2]), Number(match[1]));
  return day ? { day, span: spanOf(match) } : undefined;
}

const YEAR = /(?<![\d\-/]|\d[.,])(19\d{2}|20\d{2})(?![\d\-/]|[.,]\d)/gu;

/** A year such as 2026 that is not part of a span already read (an account, a date). */
export function findYear(text: string, taken: readonly Span[]): number | undefined {
  for (const match of text.matchAll(YEAR)) {
    if (!taken.some((span) => match.index >= span.start && match.index < span.end)) return Number(match[1]);
  }
  return undefined;
}

/** The text with the spans blanked out, so later patterns do not read them again. */
export function without(text: string, spans: readonly Span[]): string {
  let result = text;
  for (const span of spans) result = `${result.slice(0, span.start)}${' '.repeat(span.end - span.start)}${result.slice(span.end)}`;
  return result;
}
