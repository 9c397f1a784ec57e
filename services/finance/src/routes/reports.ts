import { type ServiceApp, withTenant } from '@erp/kit';
import Type from 'typebox';
import { accountMovements } from '../db/balances.js';
import { listFiscalYears } from '../db/fiscal-years.js';
import { type TrialBalanceRow, toTrialBalance } from '../domain/trial-balance.js';
import { FiscalYearNotFoundError, PeriodNotFoundError } from '../errors.js';
import { type RouteOptions, tenantOf } from './context.js';
import { AccountTypeSchema, STRICT } from './schemas.js';

const Query = Type.Object(
  { fiscal_year: Type.Integer({ minimum: 1900, maximum: 9999 }), period_to: Type.Optional(Type.Integer({ minimum: 1, maximum: 12 })) },
  STRICT,
);
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

/**
 * `GET /reports/trial-balance` (finance.reports:read): the Summen- und Saldenliste in euro up to a period,
 * read from the balances the postings maintain rather than from the journal.
 */
export async function reportRoutes(app: ServiceApp, { context }: RouteOptions): Promise<void> {
  app.get(
    '/reports/trial-balance',
    { config: { permission: 'finance.reports:read' }, schema: { querystring: Query, response: { 200: TrialBalance } } },
    async (request) => {
      const tenantId = tenantOf(request);
      const { fiscal_year: year, period_to: requested } = request.query;
      const { periodTo, movements } = await withTenant(context.db, tenantId, async (trx) => {
        const [fiscalYear] = await listFiscalYears(trx, tenantId, year);
        if (!fiscalYear) throw new FiscalYearNotFoundError(year);
        const periodTo = requested ?? fiscalYear.periods.length;
        if (periodTo > fiscalYear.periods.length) throw new PeriodNotFoundError(year, periodTo);
        return { periodTo, movements: await accountMovements(trx, tenantId, year, periodTo) };
      });
      const report = toTrialBalance(movements);
      const { periodDebit, periodCredit, ...totals } = report.totals;
      return {
        fiscal_year: year,
        period_to: periodTo,
        currency: 'EUR' as const,
        rows: report.rows.map(rowToResponse),
        totals: { ...totals, period_debit: periodDebit, period_credit: periodCredit },
      };
    },
  );
}
