import type { GrpcEntryFinding, GrpcOutgoing, ScoreEntriesRequest, ScoreEntriesResponse } from '@erp/contracts';
import { findGeneration } from '../db/ledger-entries.js';
import { countLedgerEntries, findLedgerEntries } from '../db/ledger-queries.js';
import { LedgerTooLargeError } from '../errors.js';
import { HISTORY_DAYS } from '../intelligence/anomalies/detect-anomalies.js';
import type { Finding } from '../intelligence/anomalies/finding.js';
import type { IntelligenceContext } from '../intelligence/intelligence-context.js';
import type { Language } from '../intelligence/language.js';
import { addDays } from '../intelligence/statistics/dates.js';
import { tenantChart } from '../intelligence/tenant-chart.js';
import type { CallContext } from './call-guard.js';
import { withCallTransaction } from './call-transaction.js';
import { scoreCandidates } from './entry-scores.js';
import { type ScoreRequest, toScoreRequest } from './score-request.js';
import { languageOfMessage } from './suggest-postings.js';

// The anomaly report's own windows (src/intelligence/anomaly-flow.ts): parts of a split payment and
// duplicates by counterparty lie at most three days apart; monthly variance, which needs this, is not scored.
const NEAR_DAYS = 3;
const MATERIALITY_EUR = 1000;

function toFinding(finding: Finding, own: string, request: ScoreRequest, language: Language): GrpcOutgoing<GrpcEntryFinding> {
  const details = Object.entries(finding.details).map(([key, value]) => [key, value === null ? '' : String(value)]);
  return {
    kind: finding.kind,
    score: finding.score,
    account: finding.account ?? '',
    reason: finding.reason[language],
    related_entry_ids: finding.entryIds.filter((id) => id !== own).map((id) => request.callerIds.get(id) ?? id),
    details: Object.fromEntries(details),
  };
}

/**
 * Reads the posted history the detectors compare with (thirteen months before the earliest candidate until
 * shortly after the latest, so a posted twin of a back-dated draft is found too) and scores the candidates.
 */
async function scoreRequest(intelligence: IntelligenceContext, context: CallContext, request: ScoreRequest) {
  const dates = request.candidates.map((candidate) => candidate.postingDate).sort();
  const window = { from: dates[0] ?? '', to: addDays(dates.at(-1) ?? '', NEAR_DAYS) };
  const historyFrom = addDays(window.from, -HISTORY_DAYS);
  const tenantId = context.principal.tenantId;
  const read = await withCallTransaction(intelligence.db, context, async (trx) => {
    const generation = await findGeneration(trx, tenantId);
    const chart = request.chart ?? (await tenantChart(intelligence, trx, tenantId, generation));
    const count = await countLedgerEntries(trx, tenantId, historyFrom, window.to);
    if (count > intelligence.settings.entriesMax) throw new LedgerTooLargeError(count, intelligence.settings.entriesMax);
    return { generation, chart, history: await findLedgerEntries(trx, tenantId, historyFrom, window.to, intelligence.settings.entriesMax) };
  });
  const settings = {
    limits: request.approvalLimits ?? intelligence.settings.approvalLimits,
    chart: read.chart,
    splitWindowDays: NEAR_DAYS,
    duplicateWindowDays: NEAR_DAYS,
    timeZone: intelligence.settings.timeZone,
    materiality: MATERIALITY_EUR,
  };
  return { ...read, scores: scoreCandidates(read.history, request.candidates, window, settings) };
}

/**
 * `ScoreEntries`: entries not posted yet (drafts) judged by the anomaly detectors of
 * `GET /api/v1/finance/llm/anomalies` against the tenant's posted ledger; reads only, stores nothing.
 */
export function scoreEntriesHandler(intelligence: IntelligenceContext) {
  return async (message: ScoreEntriesRequest, context: CallContext): Promise<GrpcOutgoing<ScoreEntriesResponse>> => {
    const language = languageOfMessage(message.language);
    const request = toScoreRequest(message, context.principal.userId, intelligence.now());
    const { generation, chart, history, scores } = await scoreRequest(intelligence, context, request);
    return {
      scores: request.candidates.map((candidate) => {
        const score = scores.get(candidate.id) ?? { score: 0, findings: [] };
        return {
          entry_id: request.callerIds.get(candidate.id) ?? candidate.id,
          score: score.score,
          flagged: score.findings.length > 0,
          findings: score.findings.map((finding) => toFinding(finding, candidate.id, request, language)),
        };
      }),
      entries_compared: history.length,
      chart,
      generation,
    };
  };
}
