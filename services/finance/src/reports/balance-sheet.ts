import Type, { type Static } from 'typebox';
import { accountTotals } from '../db/report-balances.js';
import { getSettings } from '../db/settings.js';
import type { ChartName } from '../domain/chart.js';
import { type BalanceSheet, type BalanceSheetSide, toBalanceSheet } from '../domain/hgb-balance-sheet.js';
import { toProfitAndLoss } from '../domain/hgb-profit-and-loss.js';
import type { LedgerContext } from '../ledger/context.js';
import { ChartSchema } from '../routes/schemas.js';
import { amountCell, toCsv } from './csv.js';
import { type ReportPeriods, resolvePeriods } from './report-periods.js';
import { withReportSnapshot } from './snapshot.js';
import { PositionSchema, positionRows, positionToResponse } from './statement-schema.js';

const Side = Type.Object({ total: Type.String(), positions: Type.Array(PositionSchema) });

export const BalanceSheetSchema = Type.Object({
  fiscal_year: Type.Integer(),
  period: Type.Integer(),
  date: Type.String(),
  chart: ChartSchema,
  currency: Type.Literal('EUR'),
  assets: Side,
  equity_and_liabilities: Side,
  net_income: Type.String(),
  balanced: Type.Boolean(),
  difference: Type.String(),
});
export type BalanceSheetResponse = Static<typeof BalanceSheetSchema>;

/** A balance sheet with the periods it cumulates, its chart and the result it carries in equity. */
export interface BalanceSheetResult {
  periods: ReportPeriods;
  chart: ChartName;
  netIncome: string;
  report: BalanceSheet;
}

const sideToResponse = (side: BalanceSheetSide) => ({ total: side.total, positions: side.positions.map(positionToResponse) });

export function balanceSheetToResponse({ periods, chart, netIncome, report }: BalanceSheetResult): BalanceSheetResponse {
  return {
    fiscal_year: periods.year,
    period: periods.to,
    date: periods.toDate,
    chart,
    currency: 'EUR',
    assets: sideToResponse(report.assets),
    equity_and_liabilities: sideToResponse(report.equityAndLiabilities),
    net_income: netIncome,
    balanced: report.balanced,
    difference: report.difference,
  };
}

/**
 * The balance sheet (HGB § 266) at the end of `period` (by default the year's last): the balances of periods 1
 * to `period`, with the P&L result of the same periods in equity. Until the year-end closing exists, a year's
 * balance sheet shows only that year's postings, opening entries (Saldenvorträge) included.
 */
export async function readBalanceSheet(
  context: LedgerContext,
  tenantId: string,
  query: { year: number; period?: number | undefined },
): Promise<BalanceSheetResult> {
  return withReportSnapshot(context.db, tenantId, async (trx) => {
    const { chart } = await getSettings(trx, tenantId);
    const periods = await resolvePeriods(trx, tenantId, query.year, 1, query.period);
    const totals = await accountTotals(trx, tenantId, periods);
    const netIncome = toProfitAndLoss(chart, totals).result;
    return { periods, chart, netIncome, report: toBalanceSheet(chart, totals, netIncome) };
  });
}

/** Side, position number, label, account, account name, amount. */
export function balanceSheetCsv({ report }: BalanceSheetResult): string {
  return toCsv(
    ['side', 'position', 'label', 'account', 'name', 'amount'],
    [
      ...positionRows(report.assets.positions, ['assets']),
      ['assets', null, 'total', null, null, amountCell(report.assets.total)],
      ...positionRows(report.equityAndLiabilities.positions, ['equity_and_liabilities']),
      ['equity_and_liabilities', null, 'total', null, null, amountCell(report.equityAndLiabilities.total)],
    ],
  );
}
