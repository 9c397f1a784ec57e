// Text features of booking texts: bank purposes, invoice texts and entry descriptions are short, mixed German
// and English, upper case from banks, with umlauts spelled either way, IBANs and ever-changing numbers.

const UMLAUTS: Readonly<Record<string, string>> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss', æ: 'ae', ø: 'oe', å: 'aa' };

/** Lower case, German umlauts folded to their two-letter spelling, other accents removed. */
export function foldText(text: string): string {
  return text
    .toLowerCase()
    .replace(/[äöüßæøå]/g, (letter) => UMLAUTS[letter] ?? letter)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '');
}

// Words that say nothing about the posting: articles, legal forms, banking boilerplate, months.
const STOPWORDS = new Set(
  [
    'der die das den dem des ein eine einer eines und oder fuer mit von vom zum zur im in an am auf aus bei bis per pro ueber nach',
    'the a an and or for of to in on at by from with',
    'gmbh ag kg ohg ug mbh co se ev eg gbr kgaa ltd inc llc plc sa sarl bv nv',
    'sepa ueberweisung lastschrift dauerauftrag gutschrift basislastschrift firmenlastschrift einzug zahlung kartenzahlung',
    'end to ref eref kref mref cred svwz abwa abwe iban bic mandat mandatsref glaeubiger id nr no vom datum',
    'jan feb mar apr mai jun jul aug sep okt nov dez januar februar maerz april juni juli august september oktober november dezember',
    'eur euro betrag summe gesamt total',
  ]
    .join(' ')
    .split(' ')
    .flatMap((word) => [word, word.replace(/ae/g, 'a').replace(/oe/g, 'o').replace(/ue/g, 'u').replace(/ss/g, 's')]),
);

// Words about the kind of document, not its content; kept as features but left out of counterparty names.
const DOCUMENT_WORDS = new Set(
  'rechnung rechnungsnr rg re invoice inv beleg gutschrift abrechnung kundennr kunde kd vertrag vertragsnr auftrag bestellung order payment'.split(' '),
);

const IBAN = /\b([a-z]{2}\d{2}(?:\s?[a-z0-9]{4}){2,7}(?:\s?[a-z0-9]{1,4})?)\b/g;
const DATE = /\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b/g;
const AMOUNT = /\b\d{1,3}(?:[.,]\d{3})*[.,]\d{2}\b/g;

/** Numbers this long may be customer or contract numbers that recur; shorter ones are days, amounts, counters. */
const NUMBER_TOKEN_DIGITS_MIN = 5;
const WORD_LENGTH_MAX = 40;

/**
 * One spelling for the three ways an umlaut reaches us: "Bürobedarf", "Buerobedarf" and the bank's
 * "BUROBEDARF" all become "burobedarf". Applied to every word on both sides, so the rare word that merely
 * contains "ue" ("steuer" → "stur") still matches itself.
 */
function canonicalWord(word: string): string {
  return word.replace(/ae/g, 'a').replace(/oe/g, 'o').replace(/ue/g, 'u').replace(/ss/g, 's');
}

/** The IBANs in a text, upper case without spaces. */
export function findIbans(text: string): string[] {
  return [...foldText(text).matchAll(IBAN)].map((match) => compactIban(match[1] ?? '')).filter(isIbanLength);
}

const compactIban = (candidate: string) => candidate.replace(/\s/g, '').toUpperCase();
// The shortest IBANs (Norway) have 15 characters; shorter matches are invoice numbers like RE2024001234.
const isIbanLength = (iban: string) => iban.length >= 15 && iban.length <= 34;

/**
 * The tokens of a text: folded words of two or more letters without stopwords, `iban:<IBAN>` for each IBAN,
 * and `#<digits>` for numbers of five or more digits (a customer number recurs; an invoice number never
 * does, and a token seen only once carries no weight). Dates and amounts are dropped. Each token once.
 */
export function tokenise(text: string): string[] {
  const tokens = new Set<string>();
  let folded = foldText(text);
  for (const iban of findIbans(folded)) tokens.add(`iban:${iban}`);
  folded = folded
    .replace(IBAN, (match) => (isIbanLength(compactIban(match)) ? ' ' : match))
    .replace(DATE, ' ')
    .replace(AMOUNT, ' ');
  for (const raw of folded.split(/[^a-z0-9]+/)) {
    if (raw.length === 0 || raw.length > WORD_LENGTH_MAX) continue;
    // "RE2024001" and "KD-12345": letters and digits are separate features.
    for (const part of raw.match(/[a-z]+|\d+/g) ?? []) {
      if (/^\d+$/.test(part)) {
        if (part.length >= NUMBER_TOKEN_DIGITS_MIN) tokens.add(`#${part}`);
      } else if (part.length >= 2 && !STOPWORDS.has(part)) {
        tokens.add(canonicalWord(part));
      }
    }
  }
  return [...tokens];
}

/**
 * A key for the counterparty named in a booking text, for grouping entries: the IBAN when there is one,
 * otherwise the name words (up to three) at the start of the text's first segment, ending at the first number
 * or document word ("Rechnung", "Kd-Nr"), without stopwords and legal forms. Empty when the text names nobody
 * recognisably.
 */
export function counterpartyKey(text: string): string {
  const ibans = findIbans(text);
  if (ibans[0]) return `iban:${ibans[0]}`;
  const firstSegment = foldText(text).split(/\s[-–|/:;]\s|[,;|]/)[0] ?? '';
  const names: string[] = [];
  for (const word of firstSegment.split(/[^a-z0-9]+/)) {
    if (word.length === 0 || STOPWORDS.has(word)) continue;
    const boundary = /\d/.test(word) || DOCUMENT_WORDS.has(word);
    if (boundary && names.length > 0) break;
    if (boundary || word.length < 2) continue;
    names.push(canonicalWord(word));
    if (names.length === 3) break;
  }
  return names.join(' ');
}

/** The amount band token of an amount: half decades (…, 100–316, 316–1000, …), so near amounts share it. */
export function amountBandToken(amount: number): string | undefined {
  const absolute = Math.abs(amount);
  if (!Number.isFinite(absolute) || absolute < 0.01) return undefined;
  return `amt:${Math.floor(Math.log10(absolute) * 2)}`;
}

/** Shortest part of a compound worth looking up, and the shortest compound worth splitting. */
const PART_LENGTH_MIN = 4;
const COMPOUND_LENGTH_MIN = 8;

/**
 * The possible first and last parts of a German compound ("mobilfunkrechnung" → "mobi", "mobil", …,
 * "rechnung", "echnung", …), longest first. A query word never seen before is matched by the longest known
 * part, so that "Warenlieferung" finds what "Lieferung" and "Ware" taught.
 */
export function compoundParts(token: string): { prefixes: string[]; suffixes: string[] } {
  if (token.length < COMPOUND_LENGTH_MIN || !/^[a-z]+$/.test(token)) return { prefixes: [], suffixes: [] };
  const prefixes: string[] = [];
  const suffixes: string[] = [];
  for (let length = token.length - 3; length >= PART_LENGTH_MIN; length -= 1) {
    prefixes.push(token.slice(0, length));
    suffixes.push(token.slice(token.length - length));
  }
  return { prefixes, suffixes };
}
