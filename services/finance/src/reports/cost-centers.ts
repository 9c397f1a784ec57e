import Type, { type Static } from 'typebox';
import { costCentersOf } from '../db/cost-centers.js';
import { accountTotals, costCenterMovements } from '../db/report-balances.js';
import { getSettings } from '../db/settings.js';
import type { CostCenterDimension } from '../domain/cost-center.js';
import { type CostCenterReport, toCostCenterReport } from '../domain/cost-center-report.js';
import type { LedgerContext } from '../ledger/context.js';
import { Nullable } from '../routes/schemas.js';
import { amountCell, toCsv } from './csv.js';
import { type ReportPeriods, resolvePeriods } from './report-periods.js';
import { withReportSnapshot } from './snapshot.js';

const Figures = { revenue: Type.String(), expense: Type.String(), result: Type.String() };

export const CostCenterReportSchema = Type.Object({
  fiscal_year: Type.Integer(),
  from_period: Type.Integer(),
  to_period: Type.Integer(),
  from: Type.String(),
  to: Type.String(),
  dimension: Type.Integer(),
  currency: Type.Literal('EUR'),
  rows: Type.Array(Type.Object({ code: Nullable(Type.String()), name: Type.String(), inactive: Type.Boolean(), ...Figures })),
  totals: Type.Object(Figures),
});
export type CostCenterReportResponse = Static<typeof CostCenterReportSchema>;

export interface CostCenterReportResult {
  periods: ReportPeriods;
  dimension: CostCenterDimension;
  report: CostCenterReport;
}

export function costCenterReportToResponse({ periods, dimension, report }: CostCenterReportResult): CostCenterReportResponse {
  return {
    fiscal_year: periods.year,
    from_period: periods.from,
    to_period: periods.to,
    from: periods.fromDate,
    to: periods.toDate,
    dimension,
    currency: 'EUR',
    rows: report.rows.map((row) => ({ ...row })),
    totals: { ...report.totals },
  };
}

/**
 * Revenue, expense and result per cost centre of one dimension over periods `from` to `to`: the cost centres'
 * part from the per-cost-centre balances, the rest (lines without one) from the account balances.
 */
export async function readCostCenterReport(
  context: LedgerContext,
  tenantId: string,
  query: { year: number; from?: number | undefined; to?: number | undefined; dimension: CostCenterDimension },
): Promise<CostCenterReportResult> {
  return withReportSnapshot(context.db, tenantId, async (trx) => {
    await getSettings(trx, tenantId);
    const periods = await resolvePeriods(trx, tenantId, query.year, query.from, query.to);
    const centers = await costCentersOf(trx, tenantId, query.dimension);
    const movements = await costCenterMovements(trx, tenantId, periods, query.dimension);
    const totals = await accountTotals(trx, tenantId, periods);
    return { periods, dimension: query.dimension, report: toCostCenterReport(centers, movements, totals) };
  });
}

/** Code (empty for the lines without a cost centre), name, revenue, expense, result; the totals last. */
export function costCenterReportCsv({ report }: CostCenterReportResult): string {
  const row = (code: string | null, name: string, figures: { revenue: string; expense: string; result: string }) => [
    code,
    name,
    amountCell(figures.revenue),
    amountCell(figures.expense),
    amountCell(figures.result),
  ];
  return toCsv(
    ['code', 'name', 'revenue', 'expense', 'result'],
    [...report.rows.map((item) => row(item.code, item.name, item)), row(null, 'total', report.totals)],
  );
}
