import type { ChartName } from './chart.js';
import { placeAccount } from './hgb-chart-mapping.js';
import { type AccountAmount, type AccountTotal, type Effect, PROFIT_AND_LOSS_LAYOUT, type StatementPosition } from './hgb-positions.js';
import { fillLayout, groupByKey } from './hgb-statement-tree.js';
import { formatAmount, Money, ZERO } from './money.js';

export interface ProfitAndLossPosition extends StatementPosition {
  readonly effect: Effect;
}

export interface ProfitAndLoss {
  readonly positions: readonly ProfitAndLossPosition[];
  /** Jahresüberschuss (positive) or Jahresfehlbetrag (negative): position 17. */
  readonly result: string;
}

const EFFECT_OF_LEAF = new Map<string, Effect>(
  PROFIT_AND_LOSS_LAYOUT.flatMap((node) => [[node.key, node.effect] as const, ...(node.children ?? []).map((child) => [child.key, node.effect] as const)]),
);

/**
 * The P&L by the nature-of-expense method (Gesamtkostenverfahren, HGB § 275 Abs. 2) from the revenue and
 * expense accounts' movements. Income positions read credit minus debit, expense positions debit minus credit,
 * so each shows as the statement prints it; a revenue account placed in an expense position (Erhaltene Skonti
 * in Materialaufwand) reduces that position. Items 15 and 17 are the running totals.
 */
export function toProfitAndLoss(chart: ChartName, totals: readonly AccountTotal[]): ProfitAndLoss {
  const placed = totals.flatMap((total) => {
    const place = placeAccount(chart, { number: total.account, type: total.type });
    if (place.statement !== 'profit_and_loss') return [];
    const income = new Money(total.credit).minus(total.debit);
    const amount = EFFECT_OF_LEAF.get(place.key) === 'add' ? income : income.negated();
    return [{ key: place.key, amount: { account: total.account, name: total.name, amount: formatAmount(amount) } satisfies AccountAmount }];
  });
  let result = ZERO;
  const positions = fillLayout(PROFIT_AND_LOSS_LAYOUT, groupByKey(placed)).map((position, index): ProfitAndLossPosition => {
    const effect = PROFIT_AND_LOSS_LAYOUT[index]?.effect ?? 'total';
    if (effect === 'total') return { ...position, amount: formatAmount(result), effect };
    result = effect === 'add' ? result.plus(position.amount) : result.minus(position.amount);
    return { ...position, effect };
  });
  return { positions, result: formatAmount(result) };
}
