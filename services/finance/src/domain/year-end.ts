import type { AccountType, ChartName } from './chart.js';
import type { LedgerLine } from './entry.js';
import { isProfitAndLossType } from './hgb-chart-mapping.js';
import { formatAmount, Money, sum, ZERO } from './money.js';

/** The accounts the year-end closing posts to, besides the accounts it closes and carries forward. */
export interface YearEndAccounts {
  /** Where a profit goes: Gewinnvortrag vor Verwendung. */
  readonly profit: string;
  /** Where a loss goes: Verlustvortrag vor Verwendung. */
  readonly loss: string;
  /** Balances the opening entries when they must be split: Saldenvorträge, Sachkonten. */
  readonly openingBalance: string;
}

/**
 * DATEV's standard accounts: the year's result goes to the Gewinn- or Verlustvortrag vor Verwendung (the
 * result's appropriation, e.g. a dividend, is booked from there once the shareholders decide), and the opening
 * entries use the Saldenvortragskonto 9000 where they must be split into several entries.
 */
export const YEAR_END_ACCOUNTS: Readonly<Record<ChartName, YearEndAccounts>> = {
  SKR03: { profit: '0860', loss: '0868', openingBalance: '9000' },
  SKR04: { profit: '2970', loss: '2978', openingBalance: '9000' },
};

/** The most lines one closing or opening entry gets; more accounts are split over several balanced entries. */
export const YEAR_END_LINES_MAX = 1000;

/** An account's movements over the whole year being closed (euro). */
export interface YearBalance {
  readonly account: string;
  readonly type: AccountType;
  readonly debit: string;
  readonly credit: string;
}

export interface YearEndPlan {
  /** Credit minus debit of the P&L accounts: positive is a profit (Jahresüberschuss), negative a loss. */
  readonly result: string;
  /** The account the result is posted to; null when the result is zero. */
  readonly resultAccount: string | null;
  /** Entries on the closed year's last day that bring every P&L account to zero against the result account. */
  readonly closingEntries: readonly (readonly LedgerLine[])[];
  /** Entries on the next year's first day that open every other account with its balance after the closing. */
  readonly openingEntries: readonly (readonly LedgerLine[])[];
}

interface Balance {
  readonly account: string;
  /** Debit minus credit. */
  readonly amount: Money;
}

function line(lineNo: number, account: string, debitMinusCredit: Money, text: string): LedgerLine {
  const debit = debitMinusCredit.isPositive() ? formatAmount(debitMinusCredit) : '0.00';
  const credit = debitMinusCredit.isNegative() ? formatAmount(debitMinusCredit.negated()) : '0.00';
  return { lineNo, account, debit, credit, debitBase: debit, creditBase: credit, taxCode: null, taxOf: null, text, costCenter: null };
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, index) => items.slice(index * size, (index + 1) * size));
}

/**
 * Entries whose lines post `movement(balance)` per balance, each entry balanced by a line on `balancing`;
 * one entry needs no such line when the balances add up to zero by themselves.
 */
function toEntries(balances: readonly Balance[], movement: (amount: Money) => Money, balancing: string, text: string, linesMax: number): LedgerLine[][] {
  const total = sum(balances.map((balance) => movement(balance.amount)));
  const size = balances.length <= linesMax && total.isZero() ? linesMax : linesMax - 1;
  return chunks(balances, size).map((part) => {
    const lines = part.map((balance, index) => line(index + 1, balance.account, movement(balance.amount), text));
    const rest = sum(lines.map((item) => new Money(item.debit).minus(item.credit)));
    return rest.isZero() ? lines : [...lines, line(lines.length + 1, balancing, rest.negated(), text)];
  });
}

const byAccount = (left: Balance, right: Balance) => (left.account < right.account ? -1 : left.account > right.account ? 1 : 0);

/**
 * The year-end closing of a fiscal year from its accounts' movements: the P&L accounts (revenue and expense)
 * are closed into equity, the profit to `accounts.profit`, a loss to `accounts.loss`; every other account with a
 * balance after that opens the next year with it (Saldovortrag), debit balances on the debit side. Accounts
 * without a balance get no line. Amounts are euro; every entry balances.
 */
export function planYearEnd(accounts: YearEndAccounts, movements: readonly YearBalance[], linesMax: number = YEAR_END_LINES_MAX): YearEndPlan {
  const balances = movements
    .map((movement) => ({ account: movement.account, type: movement.type, amount: new Money(movement.debit).minus(movement.credit) }))
    .filter((balance) => !balance.amount.isZero())
    .sort(byAccount);
  const profitAndLoss = balances.filter((balance) => isProfitAndLossType(balance.type));
  const result = sum(profitAndLoss.map((balance) => balance.amount)).negated();
  const resultAccount = result.isZero() ? null : result.isPositive() ? accounts.profit : accounts.loss;
  const closingEntries = toEntries(profitAndLoss, (amount) => amount.negated(), resultAccount ?? accounts.profit, 'Abschluss Erfolgskonto', linesMax);

  const closed = new Set(profitAndLoss.map((balance) => balance.account));
  const afterClosing = new Map(balances.filter((balance) => !closed.has(balance.account)).map((balance) => [balance.account, balance.amount]));
  for (const closingLine of closingEntries.flat().filter((item) => !closed.has(item.account))) {
    afterClosing.set(closingLine.account, (afterClosing.get(closingLine.account) ?? ZERO).plus(closingLine.debit).minus(closingLine.credit));
  }
  const carried = [...afterClosing].map(([account, amount]) => ({ account, amount })).filter((balance) => !balance.amount.isZero());
  if (!sum(carried.map((balance) => balance.amount)).isZero()) throw new Error('The balance-sheet accounts do not add up to zero after the closing');
  const openingEntries = toEntries(carried.sort(byAccount), (amount) => amount, accounts.openingBalance, 'Saldovortrag', linesMax);
  return { result: formatAmount(result), resultAccount, closingEntries, openingEntries };
}
