import type { AccountType } from './chart.js';
import { formatAmount, Money, sum, ZERO } from './money.js';

/** The movements of one account on one cost centre over the report's periods. */
export interface CostCenterMovement {
  readonly costCenter: string;
  readonly account: string;
  readonly type: AccountType;
  readonly debit: string;
  readonly credit: string;
}

/** The P&L movements of one account over the same periods, with or without cost centre. */
export interface ResultMovement {
  readonly account: string;
  readonly type: AccountType;
  readonly debit: string;
  readonly credit: string;
}

export interface CostCenterResult {
  /** Null for the lines without a cost centre of this dimension. */
  readonly code: string | null;
  readonly name: string;
  readonly inactive: boolean;
  readonly revenue: string;
  readonly expense: string;
  readonly result: string;
}

export interface CostCenterReport {
  readonly rows: readonly CostCenterResult[];
  readonly totals: { readonly revenue: string; readonly expense: string; readonly result: string };
}

interface Figures {
  revenue: Money;
  expense: Money;
}

function figuresOf(movements: readonly { type: AccountType; debit: string; credit: string }[]): Figures {
  const net = (movement: { debit: string; credit: string }) => new Money(movement.credit).minus(movement.debit);
  return {
    revenue: sum(movements.filter((movement) => movement.type === 'revenue').map(net)),
    expense: sum(movements.filter((movement) => movement.type === 'expense').map(net)).negated(),
  };
}

function toRow(code: string | null, name: string, inactive: boolean, figures: Figures): CostCenterResult {
  return {
    code,
    name,
    inactive,
    revenue: formatAmount(figures.revenue),
    expense: formatAmount(figures.expense),
    result: formatAmount(figures.revenue.minus(figures.expense)),
  };
}

/**
 * Revenue, expense and result per cost centre of one dimension. Revenue is credit minus debit of the revenue
 * accounts, expense debit minus credit of the expense accounts. The lines without a cost centre form their own
 * row (the P&L less what the cost centres carry), so the rows add up to the P&L result. Every cost centre with
 * movements is shown, and every active one without.
 */
export function toCostCenterReport(
  centers: readonly { code: string; name: string; inactive: boolean }[],
  movements: readonly CostCenterMovement[],
  totals: readonly ResultMovement[],
): CostCenterReport {
  const rows = centers
    .map((center) => ({ center, own: movements.filter((movement) => movement.costCenter === center.code) }))
    .filter(({ center, own }) => !center.inactive || own.length > 0)
    .map(({ center, own }) => toRow(center.code, center.name, center.inactive, figuresOf(own)));
  const all = figuresOf(totals.filter((movement) => movement.type === 'revenue' || movement.type === 'expense'));
  const assigned = rows.reduce((total, row) => ({ revenue: total.revenue.plus(row.revenue), expense: total.expense.plus(row.expense) }), {
    revenue: ZERO,
    expense: ZERO,
  });
  const unassigned = toRow(null, 'ohne Kostenstelle', false, { revenue: all.revenue.minus(assigned.revenue), expense: all.expense.minus(assigned.expense) });
  return {
    rows: [...rows, unassigned],
    totals: { revenue: formatAmount(all.revenue), expense: formatAmount(all.expense), result: formatAmount(all.revenue.minus(all.expense)) },
  };
}
