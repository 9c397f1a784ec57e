import Type, { type Static } from 'typebox';
import { accountTotals } from '../db/report-balances.js';
import { getSettings } from '../db/settings.js';
import type { ChartName } from '../domain/chart.js';
import { type ProfitAndLoss, toProfitAndLoss } from '../domain/hgb-profit-and-loss.js';
import type { LedgerContext } from '../ledger/context.js';
import { ChartSchema } from '../routes/schemas.js';
import { amountCell, toCsv } from './csv.js';
import { type ReportPeriods, resolvePeriods } from './report-periods.js';
import { withReportSnapshot } from './snapshot.js';
import { PositionSchema, positionRows, positionToResponse } from './statement-schema.js';

export const ProfitAndLossSchema = Type.Object({
  fiscal_year: Type.Integer(),
  from_period: Type.Integer(),
  to_period: Type.Integer(),
  from: Type.String(),
  to: Type.String(),
  chart: ChartSchema,
  currency: Type.Literal('EUR'),
  positions: Type.Array(
    Type.Object({ ...PositionSchema.properties, effect: Type.Union([Type.Literal('add'), Type.Literal('subtract'), Type.Literal('total')]) }),
  ),
  result: Type.String(),
});
export type ProfitAndLossResponse = Static<typeof ProfitAndLossSchema>;

/** A P&L with the periods it covers and the chart its positions were mapped from. */
export interface ProfitAndLossResult {
  periods: ReportPeriods;
  chart: ChartName;
  report: ProfitAndLoss;
}

export function profitAndLossToResponse({ periods, chart, report }: ProfitAndLossResult): ProfitAndLossResponse {
  return {
    fiscal_year: periods.year,
    from_period: periods.from,
    to_period: periods.to,
    from: periods.fromDate,
    to: periods.toDate,
    chart,
    currency: 'EUR',
    positions: report.positions.map((position) => ({ ...positionToResponse(position), effect: position.effect })),
    result: report.result,
  };
}

/** The P&L (HGB § 275 Abs. 2) of periods `from` to `to`, from the maintained account balances. */
export async function readProfitAndLoss(
  context: LedgerContext,
  tenantId: string,
  query: { year: number; from?: number | undefined; to?: number | undefined },
): Promise<ProfitAndLossResult> {
  return withReportSnapshot(context.db, tenantId, async (trx) => {
    const { chart } = await getSettings(trx, tenantId);
    const periods = await resolvePeriods(trx, tenantId, query.year, query.from, query.to);
    return { periods, chart, report: toProfitAndLoss(chart, await accountTotals(trx, tenantId, periods)) };
  });
}

/** Position number, label, account, account name, amount (income and expense as the statement prints them). */
export function profitAndLossCsv({ report }: ProfitAndLossResult): string {
  const rows = positionRows(report.positions);
  return toCsv(['position', 'label', 'account', 'name', 'amount'], [...rows, [null, 'result', null, null, amountCell(report.result)]]);
}
