import type { ChartName } from '../ledger/chart.js';
import { addDays, addMonths, daysBetween, daysInMonth, earliestDay, monthOf, monthsBetween, weekStart } from '../statistics/dates.js';
import { dayProfile, monthShares } from './day-profile.js';
import { type BankMovement, findRecurringItems, occurrenceDate, type RecurringItem, recurringKeyOf } from './recurring.js';
import { type ForecastMethod, forecastSeries, type SeriesForecast } from './series-forecast.js';

export interface LiquidityScenario {
  /** Change of incoming payments in percent, e.g. -10. */
  readonly revenuePercent: number;
  /** Customers pay this many days later than usual. */
  readonly paymentDelayDays: number;
  readonly oneOffPayments: readonly { readonly date: string; readonly amount: number; readonly description: string }[];
}

export const NEUTRAL_SCENARIO: LiquidityScenario = { revenuePercent: 0, paymentDelayDays: 0, oneOffPayments: [] };

/** A known receivable (positive) or payable (negative) with its due date. */
export interface OpenItem {
  readonly dueDate: string;
  readonly amount: number;
}

export interface LiquidityInput {
  /** The last day of history; the forecast starts the day after. */
  readonly asOf: string;
  /** Bank and cash balance at the end of `asOf`. */
  readonly openingBalance: number;
  readonly movements: readonly BankMovement[];
  readonly horizonWeeks: number;
  readonly scenario: LiquidityScenario;
  readonly openItems: readonly OpenItem[];
  readonly chart: ChartName;
}

/** A week or month of the forecast. */
export interface PeriodForecast {
  readonly start: string;
  readonly end: string;
  readonly inflow: number;
  readonly outflow: number;
  /** Balance at the end of the period, with 80 % and 95 % prediction intervals. */
  readonly balance: number;
  readonly lower80: number;
  readonly upper80: number;
  readonly lower95: number;
  readonly upper95: number;
}

export interface LiquidityForecast {
  readonly asOf: string;
  readonly openingBalance: number;
  readonly historyMonths: number;
  readonly inflowModel: { readonly method: ForecastMethod; readonly parameters: SeriesForecast['parameters'] };
  readonly outflowModel: { readonly method: ForecastMethod; readonly parameters: SeriesForecast['parameters'] };
  readonly recurring: readonly RecurringItem[];
  readonly weeks: readonly PeriodForecast[];
  readonly months: readonly PeriodForecast[];
}

/** History used: the last five years at most. */
const HISTORY_MONTHS_MAX = 60;
const Z80 = 1.2816;
const Z95 = 1.96;

/** The last month of complete history: the month of `asOf` if it is its last day, else the month before. */
export function lastCompleteMonth(asOf: string): string {
  const month = monthOf(asOf);
  return Number(asOf.slice(8, 10)) === daysInMonth(month) ? month : addMonths(month, -1);
}

function monthlySeries(movements: readonly BankMovement[], firstMonth: string, lastMonth: string, direction: 1 | -1): number[] {
  const series = new Array<number>(monthsBetween(firstMonth, lastMonth) + 1).fill(0);
  for (const movement of movements) {
    const index = monthsBetween(firstMonth, monthOf(movement.date));
    if (index < 0 || index >= series.length || Math.sign(movement.amount) !== direction) continue;
    series[index] = (series[index] ?? 0) + Math.abs(movement.amount);
  }
  return series;
}

interface Day {
  inflow: number;
  outflow: number;
  /** Weight of the day in its month's statistical inflow (and outflow) forecast, for the interval. */
  inWeight: number;
  outWeight: number;
  month: number;
  variance: number;
}

/**
 * Forecasts the bank and cash balance day by day: the recurring calendar payments (payroll, rent, taxes) on
 * their days, the rest of the incoming and outgoing payments per month by {@link forecastSeries} (the seasonal
 * mean while their level holds from year to year, else Holt-Winters or a fallback chosen by validation), spread
 * over the days by the history's day-of-month profile; known open items replace the statistical flows they
 * cover; then the scenario. Weeks and months add the days up.
 */
export function forecastLiquidity(input: LiquidityInput): LiquidityForecast {
  const lastMonth = lastCompleteMonth(input.asOf);
  const history = input.movements.filter((movement) => movement.date <= input.asOf && movement.amount !== 0);
  const earliest = earliestDay(
    history.map((movement) => movement.date),
    input.asOf,
  );
  const firstMonth = [monthOf(earliest), addMonths(lastMonth, -(HISTORY_MONTHS_MAX - 1))].sort().at(-1) as string;
  const recurring = findRecurringItems(history, lastMonth, input.chart);
  const recurringKeys = new Set(recurring.map((item) => item.key));
  const residual = history.filter((movement) => !recurringKeys.has(recurringKeyOf(movement)));
  const historyMonths = history.length > 0 && firstMonth <= lastMonth ? monthsBetween(firstMonth, lastMonth) + 1 : 0;
  const start = addDays(input.asOf, 1);
  const end = addDays(weekStart(start), 7 * input.horizonWeeks - 1);
  const horizonMonths = monthsBetween(lastMonth, monthOf(end));
  const inflows = forecastSeries(historyMonths > 0 ? monthlySeries(residual, firstMonth, lastMonth, 1) : [], 12, horizonMonths);
  const outflows = forecastSeries(historyMonths > 0 ? monthlySeries(residual, firstMonth, lastMonth, -1) : [], 12, horizonMonths);
  const days = statisticalDays(start, end, lastMonth, inflows, outflows, residual);
  addRecurring(days, recurring, start, end);
  applyOpenItems(days, input.openItems, start);
  applyScenario(days, input.scenario, start);
  return {
    asOf: input.asOf,
    openingBalance: input.openingBalance,
    historyMonths,
    inflowModel: { method: inflows.method, parameters: inflows.parameters },
    outflowModel: { method: outflows.method, parameters: outflows.parameters },
    recurring,
    ...periods(days, start, input.openingBalance, inflows, outflows),
  };
}

function statisticalDays(
  start: string,
  end: string,
  lastMonth: string,
  inflows: SeriesForecast,
  outflows: SeriesForecast,
  residual: readonly BankMovement[],
): Day[] {
  const inProfile = dayProfile(residual.filter((movement) => movement.amount > 0));
  const outProfile = dayProfile(residual.filter((movement) => movement.amount < 0));
  const days: Day[] = [];
  for (let date = start; date <= end; date = addDays(date, 1)) {
    const month = monthOf(date);
    const step = monthsBetween(lastMonth, month) - 1;
    const day = Number(date.slice(8, 10)) - 1;
    const inWeight = monthShares(inProfile, month)[day] ?? 0;
    const outWeight = monthShares(outProfile, month)[day] ?? 0;
    days.push({
      inflow: Math.max(0, inflows.points[step] ?? 0) * inWeight,
      outflow: Math.max(0, outflows.points[step] ?? 0) * outWeight,
      inWeight,
      outWeight,
      month: step,
      variance: 0,
    });
  }
  return days;
}

function addRecurring(days: Day[], items: readonly RecurringItem[], start: string, end: string): void {
  for (let month = monthOf(start); month <= monthOf(end); month = addMonths(month, 1)) {
    for (const item of items) {
      const date = occurrenceDate(item, month);
      if (date === undefined || date < start || date > end) continue;
      const day = days[daysBetween(start, date)] as Day;
      if (item.amount >= 0) day.inflow += item.amount;
      else day.outflow -= item.amount;
      day.variance += item.amountDeviation ** 2;
    }
  }
}

/**
 * Known open items are part of the month's flows, not extra: per month and direction, the statistical flow
 * shrinks by what the known items already cover (to zero when they cover more), and the items are put on their
 * due dates. Overdue items are expected on the first day.
 */
function applyOpenItems(days: Day[], items: readonly OpenItem[], start: string): void {
  const known = new Map<number, { inflow: number; outflow: number }>();
  for (const item of items) {
    const index = Math.max(0, daysBetween(start, item.dueDate));
    if (index >= days.length) continue;
    const day = days[index] as Day;
    const totals = known.get(day.month) ?? { inflow: 0, outflow: 0 };
    if (item.amount >= 0) totals.inflow += item.amount;
    else totals.outflow -= item.amount;
    known.set(day.month, totals);
  }
  for (const [month, totals] of known) {
    const inMonth = days.filter((day) => day.month === month);
    const statisticalIn = inMonth.reduce((sum, day) => sum + day.inflow, 0);
    const statisticalOut = inMonth.reduce((sum, day) => sum + day.outflow, 0);
    const inFactor = statisticalIn > 0 ? Math.max(0, statisticalIn - totals.inflow) / statisticalIn : 0;
    const outFactor = statisticalOut > 0 ? Math.max(0, statisticalOut - totals.outflow) / statisticalOut : 0;
    for (const day of inMonth) {
      day.inflow *= inFactor;
      day.inWeight *= inFactor;
      day.outflow *= outFactor;
      day.outWeight *= outFactor;
    }
  }
  for (const item of items) {
    const day = days[Math.max(0, daysBetween(start, item.dueDate))];
    if (!day) continue;
    if (item.amount >= 0) day.inflow += item.amount;
    else day.outflow -= item.amount;
  }
}

function applyScenario(days: Day[], scenario: LiquidityScenario, start: string): void {
  const factor = 1 + scenario.revenuePercent / 100;
  const shifted = days.map((day) => day.inflow * factor);
  const weights = days.map((day) => day.inWeight * factor);
  days.forEach((day, index) => {
    const from = index - scenario.paymentDelayDays;
    day.inflow = from >= 0 ? (shifted[from] ?? 0) : 0;
    day.inWeight = from >= 0 ? (weights[from] ?? 0) : 0;
  });
  for (const payment of scenario.oneOffPayments) {
    const day = days[daysBetween(start, payment.date)];
    if (!day) continue;
    if (payment.amount >= 0) day.inflow += payment.amount;
    else day.outflow -= payment.amount;
  }
}

function periods(days: readonly Day[], start: string, opening: number, inflows: SeriesForecast, outflows: SeriesForecast) {
  const months = Math.max(0, ...days.map((day) => day.month)) + 1;
  const inWeights = new Array<number>(months).fill(0);
  const outWeights = new Array<number>(months).fill(0);
  let balance = opening;
  let recurringVariance = 0;
  const closing = days.map((day) => {
    balance += day.inflow - day.outflow;
    inWeights[day.month] = (inWeights[day.month] ?? 0) + day.inWeight;
    outWeights[day.month] = (outWeights[day.month] ?? 0) + day.outWeight;
    recurringVariance += day.variance;
    let variance = recurringVariance;
    for (let month = 0; month < months; month += 1) {
      variance += ((inWeights[month] ?? 0) * (inflows.standardDeviations[month] ?? 0)) ** 2;
      variance += ((outWeights[month] ?? 0) * (outflows.standardDeviations[month] ?? 0)) ** 2;
    }
    return { balance, deviation: Math.sqrt(variance) };
  });
  const group = (keyOf: (date: string) => string) => {
    const result: PeriodForecast[] = [];
    days.forEach((day, index) => {
      const date = addDays(start, index);
      const last = result.at(-1);
      const state = closing[index] as { balance: number; deviation: number };
      const bounds = {
        end: date,
        balance: state.balance,
        lower80: state.balance - Z80 * state.deviation,
        upper80: state.balance + Z80 * state.deviation,
        lower95: state.balance - Z95 * state.deviation,
        upper95: state.balance + Z95 * state.deviation,
      };
      if (last && keyOf(last.start) === keyOf(date))
        result[result.length - 1] = { ...last, ...bounds, inflow: last.inflow + day.inflow, outflow: last.outflow + day.outflow };
      else result.push({ start: date, inflow: day.inflow, outflow: day.outflow, ...bounds });
    });
    return result;
  };
  return { weeks: group(weekStart), months: group(monthOf) };
}
