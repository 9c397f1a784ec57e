import type { AccountType } from './chart.js';
import { formatAmount, Money, sum } from './money.js';

/** The summed movements of one account, as the balance table holds them (euro). */
export interface AccountMovements {
  readonly account: string;
  readonly name: string;
  readonly type: AccountType;
  /** Debits and credits of periods 1 to the report's last period. */
  readonly debit: string;
  readonly credit: string;
  /** Debits and credits of the report's last period only. */
  readonly periodDebit: string;
  readonly periodCredit: string;
}

export interface TrialBalanceRow extends AccountMovements {
  /** Debit minus credit: positive for a debit balance. */
  readonly balance: string;
}

export interface TrialBalance {
  readonly rows: readonly TrialBalanceRow[];
  readonly totals: { readonly debit: string; readonly credit: string; readonly periodDebit: string; readonly periodCredit: string; readonly balance: string };
}

/**
 * The Summen- und Saldenliste: per account its cumulated debits and credits, those of the last period, and
 * the balance; ordered by account number. In a consistent ledger the balances add up to zero.
 */
export function toTrialBalance(movements: readonly AccountMovements[]): TrialBalance {
  const rows = [...movements]
    .sort((left, right) => (left.account < right.account ? -1 : left.account > right.account ? 1 : 0))
    .map((row) => ({ ...row, balance: formatAmount(new Money(row.debit).minus(row.credit)) }));
  const total = (pick: (row: TrialBalanceRow) => string) => sum(rows.map((row) => new Money(pick(row))));
  return {
    rows,
    totals: {
      debit: formatAmount(total((row) => row.debit)),
      credit: formatAmount(total((row) => row.credit)),
      periodDebit: formatAmount(total((row) => row.periodDebit)),
      periodCredit: formatAmount(total((row) => row.periodCredit)),
      balance: formatAmount(total((row) => row.balance)),
    },
  };
}
