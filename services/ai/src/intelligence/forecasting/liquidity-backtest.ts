import { addMonths, daysBetween, daysInMonth, earliestDay, monthOf, monthsBetween } from '../statistics/dates.js';
import { mape, mase, seasonalNaive } from './accuracy.js';
import { forecastLiquidity, type LiquidityInput, lastCompleteMonth, NEUTRAL_SCENARIO } from './liquidity-forecast.js';
import type { BankMovement } from './recurring.js';
import type { ForecastMethod } from './series-forecast.js';

/** How the forecast did on the last twelve months of history, held out. */
export interface LiquidityBacktest {
  readonly holdoutMonths: number;
  readonly cutOff: string;
  readonly inflowMethod: ForecastMethod;
  readonly outflowMethod: ForecastMethod;
  /** MAPE (percent) of the month-end balances. */
  readonly mape: number | null;
  /** MASE of the monthly net flows, scaled by the seasonal naive method in sample. */
  readonly mase: number | null;
  /** MAPE of the month-end balances the seasonal naive method (last year's net flow per month) gives. */
  readonly seasonalNaiveMape: number | null;
}

export const HOLDOUT_MONTHS = 12;
/** Months of training the backtest needs before the holdout: one season, so the baseline exists. */
const TRAINING_MONTHS_MIN = 12;

const monthEnd = (month: string) => `${month}-${String(daysInMonth(month)).padStart(2, '0')}`;
const rounded = (value: number) => (Number.isFinite(value) ? Math.round(value * 1000) / 1000 : null);

function monthlyNet(movements: readonly BankMovement[], firstMonth: string, months: number): number[] {
  const net = new Array<number>(months).fill(0);
  for (const movement of movements) {
    const index = monthsBetween(firstMonth, monthOf(movement.date));
    if (index >= 0 && index < months) net[index] = (net[index] ?? 0) + movement.amount;
  }
  return net;
}

/**
 * Runs the whole forecast as of the end of the month twelve months before the last complete one, on the
 * history up to then, and compares its month-end balances with what happened; the seasonal naive method (each
 * month's net flow as a year before) is measured alike. Undefined when there is less than a year to train on.
 */
export function backtestLiquidity(input: Omit<LiquidityInput, 'horizonWeeks' | 'scenario' | 'openItems'>): LiquidityBacktest | undefined {
  const lastMonth = lastCompleteMonth(input.asOf);
  const cutMonth = addMonths(lastMonth, -HOLDOUT_MONTHS);
  const cutOff = monthEnd(cutMonth);
  const earliest = earliestDay(
    input.movements.map((movement) => movement.date),
    input.asOf,
  );
  if (monthsBetween(monthOf(earliest), cutMonth) + 1 < TRAINING_MONTHS_MIN) return undefined;
  const training = input.movements.filter((movement) => movement.date <= cutOff);
  const later = input.movements.filter((movement) => movement.date > cutOff && movement.date <= input.asOf);
  const openingAtCut = input.openingBalance - later.reduce((sum, movement) => sum + movement.amount, 0);
  const horizonWeeks = Math.ceil((daysBetween(cutOff, monthEnd(lastMonth)) + 7) / 7);
  const forecast = forecastLiquidity({
    ...input,
    asOf: cutOff,
    openingBalance: openingAtCut,
    movements: training,
    horizonWeeks,
    scenario: NEUTRAL_SCENARIO,
    openItems: [],
  });
  const holdoutMonths = Array.from({ length: HOLDOUT_MONTHS }, (_, index) => addMonths(cutMonth, index + 1));
  const predictedBalances = holdoutMonths.map((month) => forecast.months.find((period) => monthOf(period.start) === month)?.balance ?? Number.NaN);
  const actualNet = monthlyNet(later, holdoutMonths[0] as string, HOLDOUT_MONTHS);
  const actualBalances = cumulate(openingAtCut, actualNet);
  const trainingFirst = [monthOf(earliest), addMonths(cutMonth, -59)].sort().at(-1) as string;
  const trainingNet = monthlyNet(training, trainingFirst, monthsBetween(trainingFirst, cutMonth) + 1);
  const naiveBalances = cumulate(openingAtCut, seasonalNaive(trainingNet, 12, HOLDOUT_MONTHS));
  const predictedNet = predictedBalances.map((balance, index) => balance - (index === 0 ? openingAtCut : (predictedBalances[index - 1] ?? 0)));
  return {
    holdoutMonths: HOLDOUT_MONTHS,
    cutOff,
    inflowMethod: forecast.inflowModel.method,
    outflowMethod: forecast.outflowModel.method,
    mape: rounded(mape(actualBalances, predictedBalances)),
    mase: rounded(mase(actualNet, predictedNet, trainingNet, 12)),
    seasonalNaiveMape: rounded(mape(actualBalances, naiveBalances)),
  };
}

function cumulate(opening: number, flows: readonly number[]): number[] {
  let balance = opening;
  return flows.map((flow) => {
    balance += flow;
    return balance;
  });
}
