import type { Language } from '../../intelligence/language.js';
import { draftIntent } from './draft-intent.js';
import { detectLanguage } from './language.js';
import { wordStart, words } from './patterns.js';
import { type RefusalReason, refusalReason } from './safety.js';
import { findAccountNumber, findYear } from './slots.js';
import { findSubject, OPEN_ITEMS_SUBJECT, PRODUCT_SUBJECT, SEARCH_SUBJECT } from './subjects.js';

export type PartnerSide = 'receivable' | 'payable';
export type SearchKind = 'customer' | 'supplier' | 'product';

/** What the user asked for, with the details (slots) read from the words. */
export type Intent =
  | { readonly kind: 'account_balance'; readonly account?: string; readonly year?: number }
  | { readonly kind: 'open_items'; readonly partner?: string; readonly side?: PartnerSide; readonly overdue: boolean }
  | { readonly kind: 'aging'; readonly side: PartnerSide }
  | { readonly kind: 'stock_level'; readonly product?: string }
  | { readonly kind: 'search'; readonly query: string; readonly types?: readonly SearchKind[] }
  | { readonly kind: 'liquidity_forecast'; readonly weeks?: number }
  | { readonly kind: 'anomalies' }
  | { readonly kind: 'trial_balance'; readonly year?: number }
  | { readonly kind: 'profit_and_loss'; readonly year?: number }
  | { readonly kind: 'balance_sheet'; readonly year?: number }
  | {
      readonly kind: 'create_draft';
      readonly amount?: string;
      readonly currency: string;
      readonly description?: string;
      readonly debit?: string;
      readonly credit?: string;
      readonly date?: string;
    }
  | { readonly kind: 'help' }
  | { readonly kind: 'refuse'; readonly reason: RefusalReason }
  | { readonly kind: 'unknown' };

export interface ParsedUtterance {
  readonly intent: Intent;
  readonly language: Language;
}

const HELP = /^\s*(?:\/?help|hilfe|\?+|what can you do|was kannst du|wie funktioniert das|how does this work)\b/iu;
const LIQUIDITY = wordStart('liquidit|cash\\s*-?flow|cashflow|cash forecast|cash projection|zahlungsfähig|finanzplan');
const ANOMALIES = wordStart(
  'anomal|auffällig|auffaellig|unusual|suspicious|irregular|verdächtig|ungewöhnlich|unregelmäßig|fraud|betrug|outlier|ausreißer|merkwürdig',
);
const AGING = wordStart(
  'aging|ageing|altersstruktur|altersliste|fälligkeitsstruktur|faelligkeitsstruktur|fälligkeitsanalyse|age analysis|überfälligkeitsanalyse',
);
const OPEN_ITEMS = new RegExp(
  [
    words('offene[nrs]?\\s+(?:posten|rechnungen|forderungen|verbindlichkeiten|beträge)').source,
    wordStart('op-?liste').source,
    words('open\\s+(?:items?|invoices?|receivables|payables|amounts?)|unpaid|outstanding|overdue|past due|who owes').source,
    wordStart('unbezahlt|ausstehend|überfällig|ueberfaellig|forderungen|verbindlichkeiten|receivables|payables|wer schuldet').source,
  ].join('|'),
  'iu',
);
const STOCK = new RegExp(
  [
    wordStart('lagerbest|lagerstand|vorrat|vorrätig').source,
    words('bestand|bestände|stock(?:\\s*levels?)?|inventory(?:\\s*levels?)?|auf lager|im lager|in stock|on hand|how many|wie viele').source,
  ].join('|'),
  'iu',
);
const BALANCE_SHEET = words('bilanz|balance\\s+sheet');
const PROFIT_AND_LOSS = words(
  'guv|g\\s*u\\s*v|gewinn-?\\s*und\\s*verlust\\w*|profit\\s*(?:and|&)\\s*loss|p\\s*&\\s*l|pnl|income statement|erfolgsrechnung|ergebnisrechnung|jahresergebnis|ergebnis|profit|gewinn|result|earnings',
);
const TRIAL_BALANCE = words('summen-?\\s*und\\s*saldenliste|susa|saldenliste|trial\\s+balance');
const ACCOUNT_BALANCE = new RegExp(
  [
    wordStart('kontostand|kontostände|kassenstand|kassenbestand|bankbestand|banksaldo|bankguthaben|guthaben').source,
    words('saldo|salden|balance|bank balance|cash balance|cash position|liquide mittel|wie viel geld|how much (?:money|cash)').source,
  ].join('|'),
  'iu',
);
const RECEIVABLE = wordStart('forderung|receivable|debitor|kunden|customer|owed to us|schulden uns|who owes');
const PAYABLE = wordStart('verbindlichkeit|payable|kreditor|lieferant|supplier|we owe|schulden wir');
const OVERDUE = wordStart('overdue|past due|überfällig|ueberfaellig');
const WEEKS = /(?<!\d)(\d{1,2})\s*(weeks?|wochen?|months?|monate?n?)(?![\p{L}])/iu;

function sideOf(text: string): PartnerSide | undefined {
  if (PAYABLE.test(text)) return 'payable';
  return RECEIVABLE.test(text) ? 'receivable' : undefined;
}

function weeksOf(text: string): number | undefined {
  const match = WEEKS.exec(text);
  if (!match) return undefined;
  const count = Number(match[1]);
  const weeks = /^(?:w)/iu.test(match[2] ?? '') ? count : Math.round(count * 4.35);
  return Math.min(52, Math.max(1, weeks));
}

function yearOf(text: string): number | undefined {
  const account = findAccountNumber(text);
  return findYear(text, account ? [account.span] : []);
}

function financeIntent(text: string): Intent | undefined {
  if (LIQUIDITY.test(text)) return { kind: 'liquidity_forecast', ...optional('weeks', weeksOf(text)) };
  if (ANOMALIES.test(text)) return { kind: 'anomalies' };
  if (AGING.test(text)) return { kind: 'aging', side: sideOf(text) ?? 'receivable' };
  if (OPEN_ITEMS.test(text)) {
    const partner = findSubject(text, OPEN_ITEMS_SUBJECT);
    return { kind: 'open_items', overdue: OVERDUE.test(text), ...optional('side', sideOf(text)), ...optional('partner', partner) };
  }
  return undefined;
}

function reportIntent(text: string): Intent | undefined {
  if (BALANCE_SHEET.test(text)) return { kind: 'balance_sheet', ...optional('year', yearOf(text)) };
  if (TRIAL_BALANCE.test(text)) return { kind: 'trial_balance', ...optional('year', yearOf(text)) };
  if (PROFIT_AND_LOSS.test(text)) return { kind: 'profit_and_loss', ...optional('year', yearOf(text)) };
  if (ACCOUNT_BALANCE.test(text)) {
    const account = findAccountNumber(text);
    return { kind: 'account_balance', ...optional('account', account?.account), ...optional('year', findYear(text, account ? [account.span] : [])) };
  }
  return undefined;
}

const SEARCH_TYPES: readonly [RegExp, SearchKind][] = [
  [wordStart('kunde|customer|client'), 'customer'],
  [wordStart('lieferant|supplier|vendor'), 'supplier'],
  [wordStart('artikel|produkt|product|item|article|ware'), 'product'],
];

function searchIntent(text: string): Intent | undefined {
  const query = findSubject(text, SEARCH_SUBJECT);
  if (!query) return undefined;
  const types = SEARCH_TYPES.filter(([pattern]) => pattern.test(text)).map(([, type]) => type);
  return { kind: 'search', query, ...optional('types', types.length > 0 ? types : undefined) };
}

function optional<Key extends string, Value>(key: Key, value: Value | undefined): Partial<Record<Key, Value>> {
  return value === undefined ? {} : ({ [key]: value } as Record<Key, Value>);
}

/**
 * Reads what the user wants from a German or English message, without a language model: refusals first (what
 * the assistant must not do), then the questions it can answer, most specific first. Anything else is `unknown`.
 */
export function parseIntent(message: string, fallbackLanguage: Language = 'en'): ParsedUtterance {
  const text = message.normalize('NFC').replace(/\s+/gu, ' ').trim();
  const language = detectLanguage(text, fallbackLanguage);
  const refusal = refusalReason(text);
  if (refusal) return { intent: { kind: 'refuse', reason: refusal }, language };
  if (HELP.test(text)) return { intent: { kind: 'help' }, language };
  const intent =
    draftIntent(text) ??
    financeIntent(text) ??
    (STOCK.test(text) ? { kind: 'stock_level' as const, ...optional('product', findSubject(text, PRODUCT_SUBJECT)) } : undefined) ??
    reportIntent(text) ??
    searchIntent(text);
  return { intent: intent ?? { kind: 'unknown' }, language };
}
