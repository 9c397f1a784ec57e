import { type ServiceApp, withTenant } from '@erp/kit';
import Type from 'typebox';
import { accountMovements } from '../db/balances.js';
import { countPeriods } from '../db/fiscal-years.js';
import { type TrialBalanceRow, toTrialBalance } from '../domain/trial-balance.js';
import { FiscalYearNotFoundError, PeriodNotFoundError } from '../errors.js';
import type { LedgerContext } from '../ledger/context.js';
import { BalanceSheetSchema, balanceSheetCsv, balanceSheetToResponse, readBalanceSheet } from '../reports/balance-sheet.js';
import { CostCenterReportSchema, costCenterReportCsv, costCenterReportToResponse, readCostCenterReport } from '../reports/cost-centers.js';
import { amountCell, toCsv } from '../reports/csv.js';
import { GeneralLedgerSchema, generalLedgerCsv, readGeneralLedger } from '../reports/general-ledger.js';
import { JournalSchema, journalCsv, readJournal } from '../reports/journal.js';
import { ProfitAndLossSchema, profitAndLossCsv, profitAndLossToResponse, readProfitAndLoss } from '../reports/profit-and-loss.js';
import { sendCsv, wantsCsv } from '../reports/report-reply.js';
import { readVatReturn, VatReturnSchema, vatReturnCsv, vatReturnToResponse } from '../reports/vat-return.js';
import { type RouteOptions, tenantOf } from './context.js';
import { AccountNumber, AccountTypeSchema, Day, STRICT } from './schemas.js';

const Year = Type.Integer({ minimum: 1900, maximum: 9999 });
const Period = Type.Integer({ minimum: 1, maximum: 12 });
const Format = Type.Optional(
  Type.Union([Type.Literal('json'), Type.Literal('csv')], { description: 'csv for a semicolon-separated download; or send Accept: text/csv.' }),
);

const TrialBalanceQuery = Type.Object({ fiscal_year: Year, period_to: Type.Optional(Period), format: Format }, STRICT);
const DatesQuery = Type.Object({ from: Day, to: Day, format: Format }, STRICT);
const AccountParams = Type.Object({ account: AccountNumber }, STRICT);
const PeriodsQuery = Type.Object({ fiscal_year: Year, from_period: Type.Optional(Period), to_period: Type.Optional(Period), format: Format }, STRICT);
const BalanceSheetQuery = Type.Object({ fiscal_year: Year, period: Type.Optional(Period), format: Format }, STRICT);
const VatReturnQuery = Type.Object(
  { fiscal_year: Year, period: Type.Optional(Period), quarter: Type.Optional(Type.Integer({ minimum: 1, maximum: 4 })), format: Format },
  STRICT,
);
const CostCenterQuery = Type.Object({ ...PeriodsQuery.properties, dimension: Type.Integer({ minimum: 1, maximum: 2, default: 1 }) }, STRICT);

const Row = Type.Object({
  account: Type.String(),
  name: Type.String(),
  type: AccountTypeSchema,
  debit: Type.String(),
  credit: Type.String(),
  period_debit: Type.String(),
  period_credit: Type.String(),
  balance: Type.String(),
});
const Totals = Type.Object({ debit: Type.String(), credit: Type.String(), period_debit: Type.String(), period_credit: Type.String(), balance: Type.String() });
const TrialBalance = Type.Object({
  fiscal_year: Type.Integer(),
  period_to: Type.Integer(),
  currency: Type.Literal('EUR'),
  rows: Type.Array(Row),
  totals: Totals,
});

function rowToResponse(row: TrialBalanceRow) {
  const { periodDebit, periodCredit, ...rest } = row;
  return { ...rest, period_debit: periodDebit, period_credit: periodCredit };
}

const TRIAL_BALANCE_HEADER = ['account', 'name', 'type', 'debit', 'credit', 'period_debit', 'period_credit', 'balance'];

function trialBalanceCsv(report: ReturnType<typeof toTrialBalance>): string {
  const amounts = (row: Omit<TrialBalanceRow, 'account' | 'name' | 'type'>) =>
    [row.debit, row.credit, row.periodDebit, row.periodCredit, row.balance].map((amount) => amountCell(amount));
  return toCsv(TRIAL_BALANCE_HEADER, [
    ...report.rows.map((row) => [row.account, row.name, row.type, ...amounts(row)]),
    [null, 'total', null, ...amounts(report.totals)],
  ]);
}

const read = { permission: 'finance.reports:read' } as const;

function trialBalanceRoute(app: ServiceApp, context: LedgerContext): void {
  app.get('/reports/trial-balance', { config: read, schema: { querystring: TrialBalanceQuery, response: { 200: TrialBalance } } }, async (request, reply) => {
    const tenantId = tenantOf(request);
    const { fiscal_year: year, period_to: requested, format } = request.query;
    const { periodTo, movements } = await withTenant(context.db, tenantId, async (trx) => {
      // Every fiscal year has its periods, so a year without any does not exist.
      const periods = await countPeriods(trx, tenantId, year);
      if (periods === 0) throw new FiscalYearNotFoundError(year);
      const periodTo = requested ?? periods;
      if (periodTo > periods) throw new PeriodNotFoundError(year, periodTo);
      return { periodTo, movements: await accountMovements(trx, tenantId, year, periodTo) };
    });
    const report = toTrialBalance(movements);
    if (wantsCsv(format, request.headers.accept)) return sendCsv(reply, `trial-balance-${year}-${periodTo}.csv`, trialBalanceCsv(report));
    const { periodDebit, periodCredit, ...totals } = report.totals;
    return {
      fiscal_year: year,
      period_to: periodTo,
      currency: 'EUR' as const,
      rows: report.rows.map(rowToResponse),
      totals: { ...totals, period_debit: periodDebit, period_credit: periodCredit },
    };
  });
}

/** The reports that read journal lines: the general ledger of an account and the journal. */
function lineReportRoutes(app: ServiceApp, context: LedgerContext): void {
  app.get(
    '/reports/general-ledger/:account',
    { config: read, schema: { params: AccountParams, querystring: DatesQuery, response: { 200: GeneralLedgerSchema } } },
    async (request, reply) => {
      const { from, to, format } = request.query;
      const ledger = await readGeneralLedger(context, tenantOf(request), request.params.account, { from, to });
      if (wantsCsv(format, request.headers.accept)) return sendCsv(reply, `general-ledger-${ledger.account}-${from}-${to}.csv`, generalLedgerCsv(ledger));
      return ledger;
    },
  );

  app.get('/reports/journal', { config: read, schema: { querystring: DatesQuery, response: { 200: JournalSchema } } }, async (request, reply) => {
    const { from, to, format } = request.query;
    const journal = await readJournal(context, tenantOf(request), { from, to });
    if (wantsCsv(format, request.headers.accept)) return sendCsv(reply, `journal-${from}-${to}.csv`, journalCsv(journal));
    return journal;
  });
}

/** The statements, read from the maintained balances. */
function statementRoutes(app: ServiceApp, context: LedgerContext): void {
  app.get(
    '/reports/profit-and-loss',
    { config: read, schema: { querystring: PeriodsQuery, response: { 200: ProfitAndLossSchema } } },
    async (request, reply) => {
      const { fiscal_year: year, from_period: from, to_period: to, format } = request.query;
      const result = await readProfitAndLoss(context, tenantOf(request), { year, from, to });
      const { periods } = result;
      if (wantsCsv(format, request.headers.accept))
        return sendCsv(reply, `profit-and-loss-${year}-${periods.from}-${periods.to}.csv`, profitAndLossCsv(result));
      return profitAndLossToResponse(result);
    },
  );

  app.get(
    '/reports/balance-sheet',
    { config: read, schema: { querystring: BalanceSheetQuery, response: { 200: BalanceSheetSchema } } },
    async (request, reply) => {
      const { fiscal_year: year, period, format } = request.query;
      const result = await readBalanceSheet(context, tenantOf(request), { year, period });
      if (wantsCsv(format, request.headers.accept)) return sendCsv(reply, `balance-sheet-${year}-${result.periods.to}.csv`, balanceSheetCsv(result));
      return balanceSheetToResponse(result);
    },
  );

  app.get('/reports/vat-return', { config: read, schema: { querystring: VatReturnQuery, response: { 200: VatReturnSchema } } }, async (request, reply) => {
    const { fiscal_year: year, period, quarter, format } = request.query;
    const result = await readVatReturn(context, tenantOf(request), { year, period, quarter });
    const span = quarter === undefined ? `p${result.periods.from}` : `q${quarter}`;
    if (wantsCsv(format, request.headers.accept)) return sendCsv(reply, `vat-return-${year}-${span}.csv`, vatReturnCsv(result));
    return vatReturnToResponse(result);
  });

  app.get(
    '/reports/cost-centers',
    { config: read, schema: { querystring: CostCenterQuery, response: { 200: CostCenterReportSchema } } },
    async (request, reply) => {
      const { fiscal_year: year, from_period: from, to_period: to, dimension, format } = request.query;
      const result = await readCostCenterReport(context, tenantOf(request), { year, from, to, dimension: dimension === 2 ? 2 : 1 });
      const { periods } = result;
      if (wantsCsv(format, request.headers.accept))
        return sendCsv(reply, `cost-centers-${year}-${periods.from}-${periods.to}-k${dimension}.csv`, costCenterReportCsv(result));
      return costCenterReportToResponse(result);
    },
  );
}

/**
 * The reports (finance.reports:read), each as JSON or, with `?format=csv` or `Accept: text/csv`, as CSV: the
 * trial balance, the general ledger of an account, the journal, the P&L and the balance sheet by HGB, the UStVA
 * figures and the result per cost centre. Statements read the balances the postings maintain; the general
 * ledger and the journal read lines and refuse ranges beyond their maximum.
 */
export async function reportRoutes(app: ServiceApp, { context }: RouteOptions): Promise<void> {
  trialBalanceRoute(app, context);
  lineReportRoutes(app, context);
  statementRoutes(app, context);
}
