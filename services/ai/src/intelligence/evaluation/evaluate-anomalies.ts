import { type AnomalyReport, detectAnomalies, flaggedEntryIds } from '../anomalies/detect-anomalies.js';
import { ENTRY_LEVEL_KINDS } from '../anomalies/finding.js';
import type { AnomalySet, InjectedKind } from './anomaly-set.js';

export interface AnomalyEvaluation {
  readonly entriesChecked: number;
  readonly injected: number;
  readonly flagged: number;
  readonly truePositives: number;
  /** Shares 0 … 1. */
  readonly precision: number;
  readonly recall: number;
  readonly flagRate: number;
  /** Planted anomalies found, per kind: [found, planted]. */
  readonly recallByKind: Readonly<Record<string, readonly [number, number]>>;
  /** Kinds of the findings that flagged unplanted entries, with counts. */
  readonly falsePositivesByKind: Readonly<Record<string, number>>;
  readonly report: AnomalyReport;
}

/** The settings the evaluation runs the detectors with: the service's defaults and the set's limits. */
export function evaluationSettings(set: AnomalySet) {
  return { limits: set.approvalLimits, splitWindowDays: 3, duplicateWindowDays: 3, timeZone: 'Europe/Berlin', materiality: 1000, chart: 'skr03' as const };
}

/** Runs the detectors over the set's window and scores the entries flagged by entry-level findings. */
export function evaluateAnomalies(set: AnomalySet): AnomalyEvaluation {
  const report = detectAnomalies(set.entries, { from: set.from, to: set.to }, evaluationSettings(set));
  const flaggedBy = new Map<string, string>();
  for (const finding of report.findings) {
    if (!ENTRY_LEVEL_KINDS.has(finding.kind)) continue;
    for (const id of flaggedEntryIds(finding)) if (!flaggedBy.has(id)) flaggedBy.set(id, finding.kind);
  }
  const truth = new Map(Object.entries(set.injected));
  const truePositives = [...flaggedBy.keys()].filter((id) => truth.has(id)).length;
  const recallByKind: Record<string, [number, number]> = {};
  for (const [id, kind] of truth) {
    const figures = recallByKind[kind] ?? [0, 0];
    figures[1] += 1;
    if (flaggedBy.has(id)) figures[0] += 1;
    recallByKind[kind as InjectedKind] = figures;
  }
  const falsePositivesByKind: Record<string, number> = {};
  for (const [id, kind] of flaggedBy) if (!truth.has(id)) falsePositivesByKind[kind] = (falsePositivesByKind[kind] ?? 0) + 1;
  return {
    entriesChecked: report.entriesChecked,
    injected: truth.size,
    flagged: flaggedBy.size,
    truePositives,
    precision: flaggedBy.size === 0 ? 0 : truePositives / flaggedBy.size,
    recall: truth.size === 0 ? 0 : truePositives / truth.size,
    flagRate: report.entriesChecked === 0 ? 0 : flaggedBy.size / report.entriesChecked,
    recallByKind,
    falsePositivesByKind,
    report,
  };
}
