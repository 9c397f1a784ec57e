import { GUARD_WORDS, normalisePhrases, PERIOD_PREFIXES, RELATIVE_WORDS } from './guard-vocabulary.js';

/*
 * The terms a cached answer must share exactly with a new question before similarity counts at all. Embeddings,
 * lexical and neural alike, score "balance of account 1200 on 31 March" and "… account 1800 on 31 March" as
 * nearly the same text, yet the answers differ; a paraphrase keeps every such term. Guarded: numbers and
 * amounts, dates, IBANs, codes with digits (SKR03, RE-4711), months and weekdays, relative periods ("last
 * quarter"), ordinals, comparisons before a number, extremes, negation, status, side and direction words,
 * currencies other than the euro, quoted text and company names before a legal form.
 */

const MONTHS: Readonly<Record<string, number>> = {
  january: 1,
  januar: 1,
  jan: 1,
  jänner: 1,
  february: 2,
  februar: 2,
  feb: 2,
  march: 3,
  märz: 3,
  maerz: 3,
  mar: 3,
  mär: 3,
  april: 4,
  apr: 4,
  mai: 5,
  june: 6,
  juni: 6,
  jun: 6,
  july: 7,
  juli: 7,
  jul: 7,
  august: 8,
  aug: 8,
  september: 9,
  sep: 9,
  sept: 9,
  october: 10,
  oktober: 10,
  oct: 10,
  okt: 10,
  november: 11,
  nov: 11,
  december: 12,
  dezember: 12,
  dec: 12,
  dez: 12,
};
const MONTH_NAMES = `${Object.keys(MONTHS).join('|')}|may`;
const MONTH_NUMBER = (name: string) => (name === 'may' ? 5 : (MONTHS[name] ?? 0));

const pad = (value: string) => value.padStart(2, '0');
const fullYear = (year: string) => (year.length === 2 ? `20${year}` : year);

/** A date term, or `undefined` when month or day are out of range (then the digits are read as numbers). */
function dateTerm(year = '', month = '', day = ''): string | undefined {
  const [monthNumber, dayNumber] = [Number(month), Number(day)];
  if (monthNumber < 1 || monthNumber > 12 || dayNumber < 1 || dayNumber > 31) return undefined;
  return `date:${year}-${pad(month)}-${pad(day)}`;
}

/** Each pattern turns what it matches into one term and blanks it out, so its digits are not read again as numbers. */
const WHOLE_PATTERNS: readonly [RegExp, (match: readonly string[]) => string | undefined][] = [
  [/\b([a-z]{2}\d{2}(?:\s?[a-z0-9]{4}){2,7}(?:\s?[a-z0-9]{1,3})?)\b/gu, (match) => `iban:${(match[1] ?? '').replace(/\s/g, '')}`],
  [/\b(\d{4})-(\d{1,2})-(\d{1,2})\b/gu, (match) => dateTerm(match[1], match[2], match[3])],
  [/\b(\d{1,2})[./](\d{1,2})[./](\d{4}|\d{2})\b/gu, (match) => dateTerm(fullYear(match[3] ?? ''), match[2], match[1])],
  [
    new RegExp(`\\b(\\d{1,2})(?:\\.|st|nd|rd|th)?\\s+(?:of\\s+)?(${MONTH_NAMES})\\.?,?\\s+(\\d{4})\\b`, 'gu'),
    (match) => dateTerm(match[3], String(MONTH_NUMBER(match[2] ?? '')), match[1]),
  ],
  [
    new RegExp(`\\b(${MONTH_NAMES})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b`, 'gu'),
    (match) => dateTerm(match[3], String(MONTH_NUMBER(match[1] ?? '')), match[2]),
  ],
  [/\b(\d{1,2})\.(\d{1,2})\.(?!\d)/gu, (match) => dateTerm('-', match[2], match[1])],
  [/["„“«»]([^"„“«»]{1,80})["“”«»]/gu, (match) => `quote:${(match[1] ?? '').trim()}`],
  [
    /([\p{L}][\p{L}\p{N}-]*)(?:\s*&\s*co\.?)?\s+(gmbh|ag|kgaa|kg|ohg|ug|gbr|ltd|llc|inc|plc|se|sarl|bv|e\.\s?k\.)(?![\p{L}])/gu,
    (match) => `company:${match[1]} ${(match[2] ?? '').replace(/\s/g, '')}`,
  ],
];

// A number that is a word of its own (not the digits of SKR03), with thousands separators and a decimal part.
const NUMBER = /(?<![\p{L}\p{N}])([-−]?)(\d+(?:[.,'’]\d+)*)(?![\p{L}])/gu;

/** `1.200,50`, `1,200.50` and `1200.5` are one number; a separator before exactly three digits groups thousands. */
export function canonicalNumber(text: string): string {
  const parts = text.split(/[.,'’]/);
  const last = parts.at(-1) ?? '';
  const decimal = parts.length > 1 && (last.length !== 3 || (parts.length === 2 && parts[0] === '0'));
  const integer = (decimal ? parts.slice(0, -1) : parts).join('');
  const fraction = decimal ? last.replace(/0+$/, '') : '';
  return fraction.length > 0 ? `${integer}.${fraction}` : integer;
}

function extractWhole(text: string, terms: Set<string>): string {
  let rest = text;
  for (const [pattern, toTerm] of WHOLE_PATTERNS) {
    rest = rest.replace(pattern, (...args: unknown[]) => {
      const match = args.slice(0, -2).map((part) => (typeof part === 'string' ? part : ''));
      const term = toTerm(match);
      if (term === undefined) return match[0] ?? '';
      terms.add(term);
      return ' ';
    });
  }
  return rest;
}

type Token = { readonly word: string; readonly number: boolean };

// A private-use character stands for a number in the token stream, so comparisons can see where numbers were.
const NUMBER_MARK = '\uE000';

function tokenise(text: string, terms: Set<string>): Token[] {
  const marked = text.replace(NUMBER, (_match, sign: string, digits: string) => {
    terms.add(`n:${sign ? '-' : ''}${canonicalNumber(digits)}`);
    return ` ${NUMBER_MARK} `;
  });
  return (marked.match(/\uE000|[\p{L}\p{N}]+/gu) ?? []).map((word) => ({ word, number: word === NUMBER_MARK }));
}

// Words that may stand between a comparison and its number: "more than 30", "below the 5000 EUR limit".
const COMPARISON_GAP = new Set(['than', 'the', 'as', 'als', 'a', 'an', 'of', 'von', 'eur', 'euro', 'euros', 'just', 'knapp']);
// Words that make a period noun a specific period: "3 months", "next month", "per month".
const PERIOD_ANCHORS = new Set(['per', 'pro', 'je', 'jede', 'jeden', 'jedes', 'every', 'each']);
const PERIOD_ADJECTIVES = /^(daily|weekly|monthly|quarterly|yearly|annual|annually|täglich|wöchentlich|monatlich|quartalsweise|jährlich)/u;

/** Whether a number follows within three words with only gap words between, or directly precedes ("20 % lower"). */
function comparesNumber(tokens: readonly Token[], index: number): boolean {
  if (tokens[index - 1]?.number) return true;
  for (const token of tokens.slice(index + 1, index + 4)) {
    if (token.number) return true;
    if (!COMPARISON_GAP.has(token.word)) return false;
  }
  return false;
}

function periodOf(word: string): string | undefined {
  for (const [prefix, period] of PERIOD_PREFIXES) if (word.startsWith(prefix)) return period;
  return undefined;
}

/** A period noun counts when it is anchored (a number, "next", "per" just before it) or an adjective ("monthly"). */
function anchoredPeriod(tokens: readonly Token[], index: number, word: string): string | undefined {
  const period = periodOf(word);
  if (!period) return undefined;
  if (PERIOD_ADJECTIVES.test(word)) return period;
  const before = tokens.slice(Math.max(0, index - 2), index);
  return before.some((token) => token.number || RELATIVE_WORDS.has(token.word) || PERIOD_ANCHORS.has(token.word)) ? period : undefined;
}

const periodFollows = (tokens: readonly Token[], index: number) => tokens.slice(index + 1, index + 4).some((token) => periodOf(token.word) !== undefined);

function digitWordTerm(word: string): string {
  const ordinal = /^(\d+)(st|nd|rd|th)$/u.exec(word);
  if (ordinal) return `n:${ordinal[1]}`;
  return /^[qh][1-4]$/u.test(word) ? `${word[0]}:${word[1]}` : `code:${word}`;
}

function guardedWordTerms(tokens: readonly Token[], index: number): string[] {
  const { word } = tokens[index] as Token;
  const found: string[] = [];
  const month = MONTHS[word] ?? (word === 'may' && (tokens[index + 1]?.number || tokens[index - 1]?.number) ? 5 : undefined);
  if (month !== undefined) found.push(`month:${month}`);
  const period = anchoredPeriod(tokens, index, word);
  if (period) found.push(period);
  const relative = RELATIVE_WORDS.get(word);
  if (relative && periodFollows(tokens, index)) found.push(relative);
  // "No. 4711" is a number, not a negation.
  if (word === 'no' && tokens[index + 1]?.number) return found;
  const guarded = GUARD_WORDS.find(([pattern, , needsNumber]) => pattern.test(word) && (!needsNumber || comparesNumber(tokens, index)));
  return [...found, ...(guarded?.[1].split(' ') ?? [])];
}

function wordTerms(tokens: readonly Token[], terms: Set<string>): void {
  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index] as Token;
    if (token.number) continue;
    if (/\p{N}/u.test(token.word)) {
      terms.add(digitWordTerm(token.word));
      continue;
    }
    const found = guardedWordTerms(tokens, index);
    const ordinal = found.find((term) => term.startsWith('ord:'));
    // "the first quarter" is Q1.
    if (ordinal && periodOf(tokens[index + 1]?.word ?? '') === 'per:quarter') {
      terms.add(`q:${ordinal.slice(4)}`);
      index += 1;
      continue;
    }
    for (const term of found) terms.add(term);
  }
}

/** Whether a single word belongs to a guarded group (a month, a period, a status word, …), whatever its neighbours. */
export function isGuardWord(word: string): boolean {
  return MONTHS[word] !== undefined || periodOf(word) !== undefined || RELATIVE_WORDS.has(word) || GUARD_WORDS.some(([pattern]) => pattern.test(word));
}

/**
 * The topic a guarded word carries besides its guard, for the embedding: status, flow, side and direction
 * words are what a question is about ("unpaid" and "offen" both give `st-open`); numbers and periods are not.
 */
export function guardTopic(word: string): string | undefined {
  const term = GUARD_WORDS.find(([pattern, , needsNumber]) => !needsNumber && pattern.test(word))?.[1];
  return term && /^(st|flow|side|dir):/u.test(term) ? term.replace(':', '-') : undefined;
}

/** The guarded terms of a question, sorted and without repeats; two questions may share an answer only if these are equal. */
export function guardTerms(text: string): string[] {
  const terms = new Set<string>();
  let rest = normalisePhrases(text.normalize('NFKC').toLowerCase());
  if (/n['’]t\b/u.test(rest)) terms.add('neg');
  for (const [symbol, currency] of [
    ['$', 'cur:usd'],
    ['£', 'cur:gbp'],
  ] as const)
    if (rest.includes(symbol)) terms.add(currency);
  if (rest.includes('%')) terms.add('unit:percent');
  rest = extractWhole(rest, terms);
  wordTerms(tokenise(rest, terms), terms);
  return [...terms].sort();
}

/** Whether two questions' guarded terms agree. */
export function sameGuardTerms(left: readonly string[], right: readonly string[]): boolean {
  return left.length === right.length && left.every((term, index) => term === right[index]);
}
