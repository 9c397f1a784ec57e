import { Decimal } from 'decimal.js';
import Type, { type Static } from 'typebox';
import { type ChartName, isBankOrCashAccount } from '../../intelligence/ledger/chart.js';
import { defineTool, readAs, type ToolContext } from './tool.js';
import { formatMoney, say } from './wording.js';

const Year = Type.Integer({ minimum: 1900, maximum: 9999, description: 'The fiscal year; the current one when absent.' });
const Period = Type.Integer({ minimum: 1, maximum: 12 });
const AccountNumber = Type.String({ pattern: '^[0-9]{4,8}$', description: 'An account number, e.g. "1200".' });

const TrialBalance = Type.Object({
  fiscal_year: Type.Integer(),
  period_to: Type.Integer(),
  rows: Type.Array(Type.Object({ account: Type.String(), name: Type.String(), type: Type.String(), balance: Type.String() })),
  totals: Type.Object({ debit: Type.String(), credit: Type.String(), balance: Type.String() }),
});
type TrialBalanceRow = Static<typeof TrialBalance>['rows'][number];

const yearOf = (context: ToolContext, year: number | undefined) => year ?? Number(context.today.slice(0, 4));

async function readTrialBalance(context: ToolContext, year: number, periodTo?: number) {
  const answer = await context.erp.get('finance', '/api/v1/finance/reports/trial-balance', { fiscal_year: year, period_to: periodTo });
  return readAs(TrialBalance, answer, 'finance');
}

/**
 * The chart as the trial balance shows it: SKR03 has revenue on 8xxx and payables on 16xx; SKR04 revenue on 4xxx
 * and cash on 16xx. The report does not name its chart, and finance's settings need another permission.
 */
export function chartOfRows(rows: readonly Pick<TrialBalanceRow, 'account' | 'type'>[]): ChartName {
  let skr03 = 0;
  let skr04 = 0;
  for (const row of rows) {
    if (row.type === 'revenue' && /^8\d{3}$/.test(row.account)) skr03 += 1;
    if (row.type === 'revenue' && /^4\d{3}$/.test(row.account)) skr04 += 1;
    if (/^16\d\d$/.test(row.account) && row.type === 'liability') skr03 += 1;
    if (/^16\d\d$/.test(row.account) && row.type === 'asset') skr04 += 1;
  }
  return skr04 > skr03 ? 'skr04' : 'skr03';
}

const sum = (values: readonly string[]) => values.reduce((total, value) => total.plus(value), new Decimal(0)).toFixed(2);

export const accountBalanceTool = defineTool({
  name: 'account_balance',
  description:
    'The balance (debit minus credit, in EUR) of one account, or without an account of all bank and cash accounts together: "what is our bank balance", "Kontostand".',
  parameters: Type.Object({ account: Type.Optional(AccountNumber), fiscal_year: Type.Optional(Year) }, { additionalProperties: false }),
  async run(context, input) {
    const read = await readTrialBalance(context, yearOf(context, input.fiscal_year));
    if ('outcome' in read) return read.outcome;
    const { fiscal_year, period_to, rows } = read.body;
    const chart = chartOfRows(rows);
    const chosen = rows.filter((row) => (input.account ? row.account === input.account : isBankOrCashAccount(chart, row.account)));
    const total = sum(chosen.map((row) => row.balance));
    const accounts = chosen.map((row) => ({ account: row.account, name: row.name, balance: row.balance }));
    const data = { fiscal_year, period_to, scope: input.account ? 'account' : 'bank_and_cash', chart, accounts, total, currency: 'EUR' };
    const what = input.account
      ? say(context.language, `Konto ${input.account}`, `Account ${input.account}`)
      : say(context.language, 'Bank und Kasse', 'Bank and cash');
    return { ok: true, data, summary: `${what}: ${formatMoney(total, 'EUR', context.language)}` };
  },
});

export const trialBalanceTool = defineTool({
  name: 'trial_balance',
  description: 'The trial balance (Summen- und Saldenliste) of a fiscal year up to a period: every account with its balance, and the totals.',
  parameters: Type.Object({ fiscal_year: Type.Optional(Year), period_to: Type.Optional(Period) }, { additionalProperties: false }),
  async run(context, input) {
    const read = await readTrialBalance(context, yearOf(context, input.fiscal_year), input.period_to);
    if ('outcome' in read) return read.outcome;
    const { fiscal_year, period_to, rows, totals } = read.body;
    const data = {
      fiscal_year,
      period_to,
      accounts: rows.length,
      totals,
      rows: rows.map((row) => ({ account: row.account, name: row.name, balance: row.balance })),
    };
    const summary = say(
      context.language,
      `Summen- und Saldenliste ${fiscal_year} bis Periode ${period_to}: ${rows.length} Konten, Soll ${formatMoney(totals.debit, 'EUR', 'de')}`,
      `Trial balance ${fiscal_year} to period ${period_to}: ${rows.length} accounts, debits ${formatMoney(totals.debit, 'EUR', 'en')}`,
    );
    return { ok: true, data, summary };
  },
});

const Position = Type.Object({ number: Type.String(), label: Type.String(), amount: Type.String() });
const ProfitAndLoss = Type.Object({
  fiscal_year: Type.Integer(),
  from_period: Type.Integer(),
  to_period: Type.Integer(),
  positions: Type.Array(Position),
  result: Type.String(),
});

const positionsOf = (positions: readonly Static<typeof Position>[]) =>
  positions.map((position) => ({ number: position.number, label: position.label, amount: position.amount }));

export const profitAndLossTool = defineTool({
  name: 'profit_and_loss',
  description: 'The profit and loss statement (GuV, HGB § 275) of a fiscal year or some of its periods: its positions and the result.',
  parameters: Type.Object(
    { fiscal_year: Type.Optional(Year), from_period: Type.Optional(Period), to_period: Type.Optional(Period) },
    { additionalProperties: false },
  ),
  async run(context, input) {
    const query = { fiscal_year: yearOf(context, input.fiscal_year), from_period: input.from_period, to_period: input.to_period };
    const read = readAs(ProfitAndLoss, await context.erp.get('finance', '/api/v1/finance/reports/profit-and-loss', query), 'finance');
    if ('outcome' in read) return read.outcome;
    const { fiscal_year, from_period, to_period, positions, result } = read.body;
    const data = { fiscal_year, from_period, to_period, result, currency: 'EUR', positions: positionsOf(positions) };
    const summary = say(
      context.language,
      `Ergebnis ${fiscal_year} (Perioden ${from_period}–${to_period}): ${formatMoney(result, 'EUR', 'de')}`,
      `Result ${fiscal_year} (periods ${from_period}-${to_period}): ${formatMoney(result, 'EUR', 'en')}`,
    );
    return { ok: true, data, summary };
  },
});

const Side = Type.Object({ total: Type.String(), positions: Type.Array(Position) });
const BalanceSheet = Type.Object({
  fiscal_year: Type.Integer(),
  period: Type.Integer(),
  date: Type.String(),
  assets: Side,
  equity_and_liabilities: Side,
  net_income: Type.String(),
  balanced: Type.Boolean(),
});

export const balanceSheetTool = defineTool({
  name: 'balance_sheet',
  description: 'The balance sheet (Bilanz, HGB § 266) at the end of a period: assets, equity and liabilities, net income.',
  parameters: Type.Object({ fiscal_year: Type.Optional(Year), period: Type.Optional(Period) }, { additionalProperties: false }),
  async run(context, input) {
    const query = { fiscal_year: yearOf(context, input.fiscal_year), period: input.period };
    const read = readAs(BalanceSheet, await context.erp.get('finance', '/api/v1/finance/reports/balance-sheet', query), 'finance');
    if ('outcome' in read) return read.outcome;
    const sheet = read.body;
    const data = {
      fiscal_year: sheet.fiscal_year,
      period: sheet.period,
      date: sheet.date,
      currency: 'EUR',
      assets_total: sheet.assets.total,
      equity_and_liabilities_total: sheet.equity_and_liabilities.total,
      net_income: sheet.net_income,
      balanced: sheet.balanced,
      assets: positionsOf(sheet.assets.positions),
      equity_and_liabilities: positionsOf(sheet.equity_and_liabilities.positions),
    };
    const summary = say(
      context.language,
      `Bilanz zum ${sheet.date}: Bilanzsumme ${formatMoney(sheet.assets.total, 'EUR', 'de')}`,
      `Balance sheet at ${sheet.date}: total ${formatMoney(sheet.assets.total, 'EUR', 'en')}`,
    );
    return { ok: true, data, summary };
  },
});
