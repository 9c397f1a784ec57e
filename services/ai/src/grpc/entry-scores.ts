import { type AnomalySettings, detectAnomalies, flaggedEntryIds } from '../intelligence/anomalies/detect-anomalies.js';
import { type DetectionWindow, ENTRY_LEVEL_KINDS, type Finding } from '../intelligence/anomalies/finding.js';
import type { LedgerEntry } from '../intelligence/ledger/ledger-entry.js';

/** A candidate's score: its strongest finding's score (0 without findings) and the findings themselves. */
export interface CandidateScore {
  readonly score: number;
  readonly findings: readonly Finding[];
}

/**
 * The entries a finding concerns: those it flags, and for a duplicate also the original it names, because
 * a candidate dated before a posted twin is the duplicate that is about to be posted.
 */
function concernedIds(finding: Finding): readonly string[] {
  return finding.kind === 'duplicate' ? finding.entryIds : flaggedEntryIds(finding);
}

/**
 * Scores entries that are not posted yet: the anomaly detectors of the ledger's anomaly report run over the
 * posted history with the candidates added, and each candidate gets the findings about single entries that
 * concern it. Findings about groups (Benford, monthly variance) say nothing about one entry and are left out.
 * Pure: the caller reads the history and the window covers the candidates' posting dates.
 */
export function scoreCandidates(
  history: readonly LedgerEntry[],
  candidates: readonly LedgerEntry[],
  window: DetectionWindow,
  settings: AnomalySettings,
): Map<string, CandidateScore> {
  const report = detectAnomalies([...history, ...candidates], window, settings);
  const findings = new Map<string, Finding[]>(candidates.map((candidate) => [candidate.id, []]));
  for (const finding of report.findings) {
    if (!ENTRY_LEVEL_KINDS.has(finding.kind)) continue;
    for (const id of concernedIds(finding)) findings.get(id)?.push(finding);
  }
  return new Map([...findings].map(([id, found]) => [id, { score: found.reduce((best, finding) => Math.max(best, finding.score), 0), findings: found }]));
}
