import { type EntryFeatures, type LedgerEntry, labelKey } from '../ledger/ledger-entry.js';

/** How often a token occurred with a label: in learned entries (and accepted suggestions), and in rejected ones. */
export interface TokenLabelCount {
  readonly label: string;
  readonly entries: number;
  readonly rejected: number;
}

export interface LabelStats {
  readonly label: string;
  /** Learned entries (and accepted suggestions) with this label. */
  readonly entries: number;
  /** The cost centre last chosen for this label in feedback; the ledger events carry none. */
  readonly costCentre: string | null;
}

/** A learned entry that shares tokens with a query. */
export interface Neighbour {
  readonly entryId: string;
  readonly label: string;
  readonly tokens: readonly string[];
  readonly postingDate: string;
}

/**
 * What the model knows that matters for one query: the number of learned entries, the statistics of the
 * query's tokens per label, the labels involved (plus the most frequent ones as priors), and past entries that
 * share tokens with the query. The database and the in-memory model both answer in this shape.
 */
export interface SuggestionEvidence {
  readonly entries: number;
  readonly labels: ReadonlyMap<string, LabelStats>;
  readonly tokens: ReadonlyMap<string, readonly TokenLabelCount[]>;
  readonly neighbours: readonly Neighbour[];
}

/** One thing learned: the tokens of a text and the label it was posted with. */
export interface Observation {
  readonly label: string;
  readonly tokens: readonly string[];
}

/** Plain code-unit order, as PostgreSQL orders dates and UUIDs; `localeCompare` would skip the hyphens. */
export const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Tokens learned per entry at most; booking texts are short, this only guards against pasted documents. */
export const OBSERVATION_TOKENS_MAX = 64;

/** Labels offered as priors besides those the query's tokens point to. */
export const PRIOR_LABELS = 20;

/**
 * What an entry teaches the model, or undefined: reversals (Storno) and entries without a clear pair teach
 * nothing, and a reversed entry is unlearned, because its posting was wrong.
 */
export function observationOf(entry: Pick<LedgerEntry, 'reversalOf' | 'reversed'>, features: EntryFeatures): Observation | undefined {
  if (entry.reversalOf !== null || entry.reversed || !features.label) return undefined;
  return { label: labelKey(features.label), tokens: features.tokens.slice(0, OBSERVATION_TOKENS_MAX) };
}

/** Tokens the neighbour search looks for: the rarest learned ones of the query, at most this many. */
export const NEIGHBOUR_SEARCH_TOKENS = 10;

/**
 * The query tokens past entries are searched by: learned ones (amount bands aside, which nearly every entry
 * shares), the rarest first, so that a common word like "Rechnung" does not make every entry a candidate.
 */
export function neighbourSearchTokens(tokens: ReadonlyMap<string, readonly TokenLabelCount[]>): string[] {
  const documents = (counts: readonly TokenLabelCount[]) => counts.reduce((sum, count) => sum + count.entries, 0);
  return [...tokens]
    .filter(([token, counts]) => !token.startsWith('amt:') && documents(counts) > 0)
    .sort((a, b) => documents(a[1]) - documents(b[1]) || a[0].localeCompare(b[0]))
    .slice(0, NEIGHBOUR_SEARCH_TOKENS)
    .map(([token]) => token);
}
