import { getPrincipal, type ServiceApp } from '@erp/kit';
import { flaggedEntryIds } from '../intelligence/anomalies/detect-anomalies.js';
import { ENTRY_LEVEL_KINDS } from '../intelligence/anomalies/finding.js';
import { findAnomalies } from '../intelligence/anomaly-flow.js';
import type { IntelligenceContext } from '../intelligence/intelligence-context.js';
import { addDays, toDay } from '../intelligence/statistics/dates.js';
import { AnomalyQuery, languageOf } from './finance-schemas.js';

const DEFAULT_RANGE_DAYS = 90;

/**
 * `GET /anomalies?from=&to=`: findings about the tenant's entries posted in the range (default: the last 90
 * days), strongest first, each with its kind, score, entries and a reason in the caller's language.
 */
export async function financeAnomalyRoutes(app: ServiceApp, { intelligence }: { intelligence: IntelligenceContext }): Promise<void> {
  app.get('/anomalies', { config: { permission: 'ai.suggestions:read' }, schema: { querystring: AnomalyQuery } }, async (request) => {
    const { tenantId } = getPrincipal(request);
    const query = request.query;
    const to = query.to ?? toDay(intelligence.now());
    const from = query.from ?? addDays(to, -(DEFAULT_RANGE_DAYS - 1));
    const approvalLimits = query.approval_limits
      ? query.approval_limits
          .split(',')
          .map(Number)
          .sort((a, b) => a - b)
      : intelligence.settings.approvalLimits;
    const { result, cached } = await findAnomalies(intelligence, tenantId, { from, to, approvalLimits, chart: query.chart });
    const language = languageOf(request, query.lang);
    const { report } = result;
    const limit = query.limit ?? 500;
    return {
      from,
      to,
      chart: result.chart,
      generation: result.generation,
      cached,
      summary: {
        entries_checked: report.entriesChecked,
        flagged_entries: report.flaggedEntries,
        flag_rate: report.entriesChecked === 0 ? 0 : Math.round((report.flaggedEntries / report.entriesChecked) * 10_000) / 10_000,
        by_kind: report.byKind,
      },
      benford: report.benford,
      findings: report.findings.slice(0, limit).map((finding) => ({
        kind: finding.kind,
        score: finding.score,
        entry_ids: finding.entryIds,
        flagged_entry_ids: ENTRY_LEVEL_KINDS.has(finding.kind) ? flaggedEntryIds(finding) : [],
        account: finding.account,
        reason: finding.reason[language],
        details: finding.details,
      })),
      truncated: report.findings.length > limit,
    };
  });
}
