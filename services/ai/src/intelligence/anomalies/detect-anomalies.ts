import type { LedgerEntry } from '../ledger/ledger-entry.js';
import { detectAmountOutliers } from './amount-outliers.js';
import { type ApprovalLimitSettings, detectJustBelowLimits, detectSplitPayments } from './approval-limits.js';
import { type BenfordGroup, detectBenford } from './benford-groups.js';
import { detectDuplicates, detectUnusualPairs } from './counterparty-patterns.js';
import { ANOMALY_KINDS, type AnomalyKind, type DetectionWindow, ENTRY_LEVEL_KINDS, type Finding, inWindow, toAnalysedEntries } from './finding.js';
import { detectMonthlyVariance } from './monthly-variance.js';
import { detectOddPostingTimes } from './odd-times.js';

export interface AnomalySettings extends ApprovalLimitSettings {
  readonly duplicateWindowDays: number;
  /** IANA time zone the posting times are judged in. */
  readonly timeZone: string;
  /** Smallest monthly difference in EUR worth a finding. */
  readonly materiality: number;
}

export interface AnomalyReport {
  readonly findings: readonly Finding[];
  readonly entriesChecked: number;
  /** Distinct entries named by findings about single entries. */
  readonly flaggedEntries: number;
  readonly byKind: Readonly<Record<AnomalyKind, number>>;
  readonly benford: readonly BenfordGroup[];
}

/**
 * The entries a finding about single entries flags: all parts of a split payment, otherwise the first entry
 * (a duplicate names the earlier original after it, which is not itself suspicious).
 */
export function flaggedEntryIds(finding: Finding): readonly string[] {
  return finding.kind === 'split_payment' ? finding.entryIds : finding.entryIds.slice(0, 1);
}

/** History before the window the detectors compare with: thirteen months, for the prior-year month. */
export const HISTORY_DAYS = 400;

/**
 * Runs every detector over the entries (the window plus its history) and reports the findings about entries
 * posted in the window, strongest first.
 */
export function detectAnomalies(entries: readonly LedgerEntry[], window: DetectionWindow, settings: AnomalySettings): AnomalyReport {
  const analysed = toAnalysedEntries(entries);
  const benford = detectBenford(analysed, window);
  const findings = [
    ...detectAmountOutliers(analysed, window, settings.chart),
    ...detectUnusualPairs(analysed, window),
    ...detectDuplicates(analysed, window, settings.duplicateWindowDays),
    ...detectJustBelowLimits(analysed, window, settings),
    ...detectSplitPayments(analysed, window, settings),
    ...detectOddPostingTimes(analysed, window, settings.timeZone),
    ...benford.findings,
    ...detectMonthlyVariance(analysed, window, settings.chart, settings.materiality),
  ].sort((a, b) => b.score - a.score || a.kind.localeCompare(b.kind) || (a.entryIds[0] ?? '').localeCompare(b.entryIds[0] ?? ''));
  const flagged = new Set(findings.filter((finding) => ENTRY_LEVEL_KINDS.has(finding.kind)).flatMap(flaggedEntryIds));
  const byKind = Object.fromEntries(ANOMALY_KINDS.map((kind) => [kind, findings.filter((finding) => finding.kind === kind).length])) as Record<
    AnomalyKind,
    number
  >;
  return {
    findings,
    entriesChecked: analysed.filter((entry) => inWindow(entry, window)).length,
    flaggedEntries: flagged.size,
    byKind,
    benford: benford.groups,
  };
}
