import { words } from './patterns.js';

/** How to find who or what a question is about: patterns whose group 1 holds it, and the words around it to drop. */
export interface SubjectSpec {
  readonly patterns: readonly RegExp[];
  /** Dropped from the start again and again: articles, kinds ("Kunde", "product"), prepositions. */
  readonly leading: RegExp;
  /** Dropped from the end again and again: fillers ("bitte", "do we have"). */
  readonly trailing: RegExp;
  /** A subject that is only one of these words names nobody ("Kunden", "us", "all"). */
  readonly generic: RegExp;
}

const ARTICLES = 'the|a|an|our|my|der|die|das|den|dem|des|ein|eine|einen|einem|unser|unsere|unseren|unserem|meine?n?';
const KINDS =
  'customers?|clients?|suppliers?|vendors?|partners?|company|firma|kunden?|kundin|lieferant(?:en)?|geschäftspartner|products?|items?|articles?|artikels?|produkte?s?|ware';
const PREPOSITIONS = 'of|for|from|by|with|at|about|von|vom|für|fuer|bei|zu|zum|zur|über|ueber|nach';
const FILLERS =
  'please|bitte|noch|now|jetzt|today|heute|currently|aktuell|right now|gerade|do we have|have we|are there|is there|haben wir|gibt es|sind|ist|are|is|on hand|in stock|left|available|verfügbar|vorrätig|auf lager|im lager|am lager|an|offen|open|overdue|überfällig|anzeigen|zeigen|show|list|auflisten|an\\?';

const strip = (pattern: string) => new RegExp(`^(?:${pattern})(?:\\s+|$)`, 'iu');
const stripEnd = (pattern: string) => new RegExp(`(?:^|\\s+)(?:${pattern})$`, 'iu');

const NAME_GENERIC = words(
  `${KINDS}|us|uns|me|mir|all|alle|allen|everyone|jeden|jedem|them|ihnen|today|heute|this month|diesen monat|overdue|total|insgesamt|gesamt|summe`,
);

function clean(candidate: string, spec: SubjectSpec): string | undefined {
  let subject = candidate.replace(/[?!.,;:"“”„'`]+$/u, '').trim();
  for (let round = 0; round < 6; round += 1) {
    const before = subject;
    subject = subject
      .replace(spec.leading, '')
      .replace(spec.trailing, '')
      .replace(/[?!.,;:]+$/u, '')
      .trim();
    if (subject === before) break;
  }
  subject = subject.replace(/^["“„'`]+|["“”'`]+$/gu, '').trim();
  if (subject.length === 0 || subject.length > 100) return undefined;
  if (new RegExp(`^(?:${spec.generic.source})$`, 'iu').test(subject)) return undefined;
  return subject;
}

/** The first subject one of the spec's patterns finds, cleaned; `undefined` when none names anybody. */
export function findSubject(text: string, spec: SubjectSpec): string | undefined {
  for (const pattern of spec.patterns) {
    const match = pattern.exec(text);
    const subject = match?.[1] ? clean(match[1], spec) : undefined;
    if (subject) return subject;
  }
  return undefined;
}

const OPEN_ITEM_WORDS = 'posten|rechnungen|forderungen|verbindlichkeiten|beträge|items?|invoices?|receivables|payables|amounts?|op-?liste';

export const OPEN_ITEMS_SUBJECT: SubjectSpec = {
  patterns: [
    new RegExp(`(?:${OPEN_ITEM_WORDS}|unpaid|outstanding|overdue|unbezahlt\\w*|ausstehend\\w*|überfällig\\w*)\\s+(?:${PREPOSITIONS}|des|der)\\s+(.+)$`, 'iu'),
    new RegExp(`(?:${OPEN_ITEM_WORDS})\\s+(?:hat|has|have|does)\\s+(.+?)(?:\\s+(?:noch|still|got|offen|open))*\\s*[?.!]*$`, 'iu'),
    /(?:does|do|has|hat)\s+(.+?)\s+(?:have|owe|still owe|noch|offen|open)\b.*$/iu,
    /^(.+?)[’']s\s+(?:open|unpaid|overdue|outstanding)/iu,
  ],
  leading: strip(`${ARTICLES}|${KINDS}|${PREPOSITIONS}`),
  trailing: stripEnd(FILLERS),
  generic: NAME_GENERIC,
};

export const PRODUCT_SUBJECT: SubjectSpec = {
  patterns: [
    /(?:how many|wie viele?)\s+(.+?)\s+(?:do we have|have we|are there|are|is there|is|haben wir|hat|gibt es|sind|ist|liegen|in stock|on hand|left|available|auf lager|im lager|vorrätig)(?:\s|[?.!]|$)/iu,
    /^(?:ist|sind|is|are|haben wir)\s+(?:noch\s+)?(.+?)\s+(?:noch\s+)?(?:auf lager|im lager|in stock|vorrätig|available|verfügbar|lieferbar)/iu,
    new RegExp(
      `(?:lagerbestand|lagerbestände|lagerstand|bestand|bestände|vorrat|stock(?:\\s*levels?)?|inventory(?:\\s*levels?)?)\\s+(?:(?:${PREPOSITIONS}|an)\\s+)?(.+)$`,
      'iu',
    ),
    /^(.+?)\s+(?:auf lager|im lager|in stock|lagerbestand|stock level|stock)\s*[?.!]*$/iu,
  ],
  leading: strip(`${ARTICLES}|${KINDS}|${PREPOSITIONS}|an|noch|how many|wie viele?`),
  trailing: stripEnd(FILLERS),
  generic: words(`${KINDS}|all|alle|everything|alles|stock|lager|lagerbestand|bestand|us|uns|we|wir`),
};

export const SEARCH_SUBJECT: SubjectSpec = {
  patterns: [
    /(?:such\w*|find\w*|search(?:\s+for)?|look\s+up|lookup|zeige?|show(?:\s+me)?|wer ist|who is|gib mir|give me|list)\s+(?:(?:nach|for|mir|me|uns|us)\s+)*(.+)$/iu,
    new RegExp(`^(?:${KINDS})\\s+(.+)$`, 'iu'),
  ],
  leading: strip(`${ARTICLES}|${KINDS}|${PREPOSITIONS}|named|called|namens|mit dem namen`),
  trailing: stripEnd(FILLERS),
  generic: words(`${KINDS}|all|alle|everything|alles|something|etwas|it|es|mir|me|uns|us`),
};
