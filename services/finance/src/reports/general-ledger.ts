import Type, { type Static } from 'typebox';
import { type AccountRow, getAccount } from '../db/accounts.js';
import { type AccountLineRow, accountLines, accountMovementBefore } from '../db/report-lines.js';
import { formatAmount, Money, ZERO } from '../domain/money.js';
import { ReportTooLargeError } from '../errors.js';
import type { LedgerContext } from '../ledger/context.js';
import { AccountTypeSchema, Nullable } from '../routes/schemas.js';
import { amountCell, toCsv } from './csv.js';
import { resolveDates } from './report-periods.js';
import { withReportSnapshot } from './snapshot.js';

/** The most lines one general-ledger report returns; a longer range is refused with 422. */
export const GENERAL_LEDGER_MAX_LINES = 10_000;

const Line = Type.Object({
  posting_date: Type.String(),
  document_date: Type.String(),
  fiscal_year: Type.Integer(),
  number: Type.Integer(),
  entry_id: Type.String(),
  line_no: Type.Integer(),
  document_ref: Type.String(),
  description: Type.String(),
  text: Nullable(Type.String()),
  contra_accounts: Type.Array(Type.String()),
  tax_code: Nullable(Type.String()),
  cost_center: Nullable(Type.String()),
  cost_center_2: Nullable(Type.String()),
  debit: Type.String(),
  credit: Type.String(),
  balance: Type.String(),
});

export const GeneralLedgerSchema = Type.Object({
  account: Type.String(),
  name: Type.String(),
  type: AccountTypeSchema,
  fiscal_year: Type.Integer(),
  from: Type.String(),
  to: Type.String(),
  currency: Type.Literal('EUR'),
  opening_balance: Type.String(),
  lines: Type.Array(Line),
  totals: Type.Object({ debit: Type.String(), credit: Type.String() }),
  closing_balance: Type.String(),
});
export type GeneralLedger = Static<typeof GeneralLedgerSchema>;

/** The account sheet: the opening balance, each line with the balance after it, and the closing balance (debit minus credit). */
export function toGeneralLedger(
  account: AccountRow,
  range: { year: number; from: string; to: string },
  opening: { debit: string; credit: string },
  rows: readonly AccountLineRow[],
): GeneralLedger {
  const openingBalance = new Money(opening.debit).minus(opening.credit);
  let balance = openingBalance;
  let [debit, credit] = [ZERO, ZERO];
  const lines = rows.map((row) => {
    balance = balance.plus(row.debit).minus(row.credit);
    debit = debit.plus(row.debit);
    credit = credit.plus(row.credit);
    return { ...row, balance: formatAmount(balance) };
  });
  return {
    account: account.number,
    name: account.name,
    type: account.type,
    fiscal_year: range.year,
    from: range.from,
    to: range.to,
    currency: 'EUR',
    opening_balance: formatAmount(openingBalance),
    lines,
    totals: { debit: formatAmount(debit), credit: formatAmount(credit) },
    closing_balance: formatAmount(balance),
  };
}

/**
 * The general ledger (Kontoblatt) of one account from `from` to `to`, which must lie in one fiscal year. The
 * opening balance comes from the maintained balances of the earlier periods and the lines of the first period
 * before `from`; the lines themselves are read from the journal, at most {@link GENERAL_LEDGER_MAX_LINES}.
 */
export async function readGeneralLedger(context: LedgerContext, tenantId: string, number: string, dates: { from: string; to: string }): Promise<GeneralLedger> {
  return withReportSnapshot(context.db, tenantId, async (trx) => {
    const account = await getAccount(trx, tenantId, number);
    const { start } = await resolveDates(trx, tenantId, dates);
    const opening = await accountMovementBefore(trx, tenantId, number, { year: start.year, period: start.period, before: dates.from });
    const rows = await accountLines(trx, tenantId, number, dates, GENERAL_LEDGER_MAX_LINES + 1);
    if (rows.length > GENERAL_LEDGER_MAX_LINES) throw new ReportTooLargeError(GENERAL_LEDGER_MAX_LINES);
    return toGeneralLedger(account, { year: start.year, ...dates }, opening, rows);
  });
}

const HEADER = [
  'posting_date',
  'document_date',
  'fiscal_year',
  'number',
  'document_ref',
  'description',
  'text',
  'contra_accounts',
  'tax_code',
  'cost_center',
  'cost_center_2',
  'debit',
  'credit',
  'balance',
];

/** One row per line, framed by an opening and a closing row. */
export function generalLedgerCsv(ledger: GeneralLedger): string {
  const rows = ledger.lines.map((line) => [
    line.posting_date,
    line.document_date,
    line.fiscal_year,
    line.number,
    line.document_ref,
    line.description,
    line.text,
    line.contra_accounts.join(' '),
    line.tax_code,
    line.cost_center,
    line.cost_center_2,
    amountCell(line.debit),
    amountCell(line.credit),
    amountCell(line.balance),
  ]);
  const frame = (date: string, label: string, balance: string, debit: string | null, credit: string | null) => [
    date,
    null,
    ledger.fiscal_year,
    null,
    null,
    label,
    null,
    null,
    null,
    null,
    null,
    amountCell(debit),
    amountCell(credit),
    amountCell(balance),
  ];
  return toCsv(HEADER, [
    frame(ledger.from, `opening balance ${ledger.account} ${ledger.name}`, ledger.opening_balance, null, null),
    ...rows,
    frame(ledger.to, `closing balance ${ledger.account} ${ledger.name}`, ledger.closing_balance, ledger.totals.debit, ledger.totals.credit),
  ]);
}
