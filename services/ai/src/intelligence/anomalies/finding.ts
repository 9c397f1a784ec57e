import type { Wording } from '../language.js';
import { entryAmount, entryLabel, type LedgerEntry } from '../ledger/ledger-entry.js';
import { counterpartyKey } from '../text/normalise.js';

/** The kinds of finding; the first six concern single entries, the last two groups of entries. */
export const ANOMALY_KINDS = [
  'amount_outlier',
  'unusual_account_pair',
  'duplicate',
  'just_below_approval_limit',
  'split_payment',
  'odd_posting_time',
  'benford',
  'monthly_variance',
] as const;
export type AnomalyKind = (typeof ANOMALY_KINDS)[number];

export const ENTRY_LEVEL_KINDS: ReadonlySet<AnomalyKind> = new Set([
  'amount_outlier',
  'unusual_account_pair',
  'duplicate',
  'just_below_approval_limit',
  'split_payment',
  'odd_posting_time',
]);

/** One finding: what looks wrong, how strongly (0 … 1), which entries, and why in words. */
export interface Finding {
  readonly kind: AnomalyKind;
  readonly score: number;
  readonly entryIds: readonly string[];
  readonly account: string | null;
  readonly reason: Wording;
  readonly details: Readonly<Record<string, string | number | null>>;
}

export interface AnalysedLine {
  readonly account: string;
  /** Exact amount of the line's non-zero side. */
  readonly amount: string;
  readonly value: number;
  readonly side: 'debit' | 'credit';
  readonly isTax: boolean;
}

/** An entry as the detectors read it: amounts exact and as numbers for statistics, pair and counterparty. */
export interface AnalysedEntry {
  readonly id: string;
  readonly postingDate: string;
  readonly postedAt: string;
  readonly postedBy: string;
  readonly documentRef: string;
  readonly amount: string;
  readonly value: number;
  /** `debit|credit` of the main lines. */
  readonly pair: string | undefined;
  readonly counterparty: string;
  readonly lines: readonly AnalysedLine[];
}

/**
 * The entries the detectors look at: reversed entries and their reversals cancel each other and are left out,
 * since a corrected mistake is no longer an anomaly of the ledger.
 */
export function toAnalysedEntries(entries: readonly LedgerEntry[]): AnalysedEntry[] {
  return entries
    .filter((entry) => !entry.reversed && entry.reversalOf === null)
    .map((entry): AnalysedEntry => {
      const label = entryLabel(entry);
      const amount = entryAmount(entry);
      return {
        id: entry.id,
        postingDate: entry.postingDate,
        postedAt: entry.postedAt,
        postedBy: entry.postedBy,
        documentRef: entry.documentRef,
        amount,
        value: Number(amount),
        pair: label ? `${label.debitAccount}|${label.creditAccount}` : undefined,
        counterparty: counterpartyKey(entry.description),
        lines: entry.lines.map((line): AnalysedLine => {
          const side = Number(line.debit) > 0 ? 'debit' : 'credit';
          const lineAmount = side === 'debit' ? line.debit : line.credit;
          return { account: line.account, amount: lineAmount, value: Number(lineAmount), side, isTax: line.taxOf !== null };
        }),
      };
    })
    .sort((a, b) => a.postingDate.localeCompare(b.postingDate) || a.postedAt.localeCompare(b.postedAt) || a.id.localeCompare(b.id));
}

/** The scores of findings are comparable across kinds: 0 … 1, rounded to three places. */
export function clampScore(score: number): number {
  return Math.round(Math.min(1, Math.max(0, score)) * 1000) / 1000;
}

/** What the detectors are told: the range to report on and the tenant's settings. */
export interface DetectionWindow {
  /** First and last posting date reported on, inclusive; entries before `from` serve as history. */
  readonly from: string;
  readonly to: string;
}

export const inWindow = (entry: Pick<AnalysedEntry, 'postingDate'>, window: DetectionWindow) =>
  entry.postingDate >= window.from && entry.postingDate <= window.to;
