import { withTenant } from '@erp/kit';
import { Decimal } from 'decimal.js';
import { findGeneration } from '../db/ledger-entries.js';
import { countLedgerEntries, findLedgerEntries } from '../db/ledger-queries.js';
import { LedgerQueryInvalidError, LedgerTooLargeError } from '../errors.js';
import { type AnomalyReport, detectAnomalies, HISTORY_DAYS } from './anomalies/detect-anomalies.js';
import type { IntelligenceContext } from './intelligence-context.js';
import type { ChartName } from './ledger/chart.js';
import { addDays, daysBetween } from './statistics/dates.js';
import { tenantChart } from './tenant-chart.js';

export interface AnomalyRequest {
  readonly from: string;
  readonly to: string;
  readonly approvalLimits: readonly number[];
  readonly chart: ChartName | undefined;
}

/** A report as cached: both languages of every reason, so one entry serves every caller. */
export interface AnomalyResult {
  readonly generation: string;
  readonly chart: ChartName;
  readonly report: AnomalyReport;
}

const RANGE_DAYS_MAX = 366;
/** Differences below this (EUR) are never monthly-variance findings. */
const MATERIALITY_EUR = 1000;

function checkRange(from: string, to: string): void {
  if (daysBetween(from, to) < 0) throw new LedgerQueryInvalidError('from must not lie after to.');
  if (daysBetween(from, to) >= RANGE_DAYS_MAX) throw new LedgerQueryInvalidError(`The range may span at most ${RANGE_DAYS_MAX} days.`);
}

/**
 * The anomalies of the tenant's entries posted in [from, to], judged against the thirteen months before: from
 * the cache when the tenant's ledger has not changed since (its generation), otherwise computed and cached.
 */
export async function findAnomalies(
  context: IntelligenceContext,
  tenantId: string,
  request: AnomalyRequest,
): Promise<{ result: AnomalyResult; cached: boolean }> {
  checkRange(request.from, request.to);
  const historyFrom = addDays(request.from, -HISTORY_DAYS);
  const read = await withTenant(context.db, tenantId, async (trx) => {
    const generation = await findGeneration(trx, tenantId);
    const chart = request.chart ?? (await tenantChart(context, trx, tenantId, generation));
    const limits = request.approvalLimits.map((limit) => new Decimal(limit).toFixed(2)).join(',');
    const key = `anomalies:${tenantId}:${generation}:${request.from}:${request.to}:${chart}:${limits}`;
    const hit = await context.cache.get<AnomalyResult>(key).catch(() => undefined);
    if (hit) return { key, hit, generation, chart, entries: [] };
    const count = await countLedgerEntries(trx, tenantId, historyFrom, request.to);
    if (count > context.settings.entriesMax) throw new LedgerTooLargeError(count, context.settings.entriesMax);
    return { key, hit, generation, chart, entries: await findLedgerEntries(trx, tenantId, historyFrom, request.to, context.settings.entriesMax) };
  });
  if (read.hit) return { result: read.hit, cached: true };
  const report = detectAnomalies(
    read.entries,
    { from: request.from, to: request.to },
    {
      limits: request.approvalLimits,
      chart: read.chart,
      splitWindowDays: 3,
      duplicateWindowDays: 3,
      timeZone: context.settings.timeZone,
      materiality: MATERIALITY_EUR,
    },
  );
  const result: AnomalyResult = { generation: read.generation, chart: read.chart, report };
  // A failing cache never fails the request; the next one computes again.
  await context.cache.set(read.key, result, { ttlMs: context.settings.cacheTtlMs }).catch(() => undefined);
  return { result, cached: false };
}
