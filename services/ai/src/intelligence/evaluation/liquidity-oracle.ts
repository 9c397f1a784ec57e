// The liquidity set's expected bank flows, computed from the generator's parameters: what a forecaster that
// knew the generator would predict. Every amount and day is drawn independently of the bank history, so no
// forecaster that sees only the history has a smaller expected squared error: the oracle is the honest reference
// for how close any method can come on this set, not a goal.
import { mape } from '../forecasting/accuracy.js';
import { addDays, addMonths, daysInMonth, monthOf, monthsBetween } from '../statistics/dates.js';
import { CATEGORIES, type Category, REVENUE_SEASON } from './company-catalogue.js';
import { LIQUIDITY_AS_OF, LIQUIDITY_FIRST_MONTH, type LiquiditySet, liquidityCategory } from './liquidity-set.js';
import { workingDay } from './synthetic-ledger.js';

/** Days on which a month's own payments of a category fall, with the expected number of payments on each. */
function expectedDays(category: Category, month: string, season: number): [string, number][] {
  if (category.monthlyDay !== undefined) return [[workingDay(`${month}-${String(Math.min(category.monthlyDay, daysInMonth(month))).padStart(2, '0')}`), 1]];
  // The generator draws floor(e) payments plus one more with the fractional part's probability, each on a day 1 … 28.
  const perDay = (category.perMonth * season) / 28;
  return Array.from({ length: 28 }, (_, day): [string, number] => [workingDay(`${month}-${String(day + 1).padStart(2, '0')}`), perDay]);
}

/** When the payments of an invoice dated `date` reach the bank: then, or 10 to 30 days later (equally likely). */
function paymentDays(category: Category, date: string): [string, number][] {
  if (!category.viaPayable) return [[date, 1]];
  return Array.from({ length: 21 }, (_, lag): [string, number] => [workingDay(addDays(date, 10 + lag)), 1 / 21]);
}

/**
 * The expected net bank flow of each month from the set's first month to `lastMonth`, summed over the
 * catalogue's known counterparties; the month before the first is simulated for the payments it leaves. A gross
 * amount is log-normal, typical · season · exp(spread · Z), with mean typical · season · exp(spread² / 2); the
 * generator's floor of 1 EUR and its rounding to cents are left out (they move the mean by far less than a cent).
 */
export function expectedMonthlyNet(lastMonth = monthOf(LIQUIDITY_AS_OF)): number[] {
  const months = monthsBetween(LIQUIDITY_FIRST_MONTH, lastMonth) + 1;
  const net = new Array<number>(months).fill(0);
  for (const category of CATEGORIES.map(liquidityCategory)) {
    const sign = category.direction === 'in' ? 1 : -1;
    for (let offset = -1; offset < months; offset += 1) {
      const month = addMonths(LIQUIDITY_FIRST_MONTH, offset);
      const season = category.name === 'customers' ? (REVENUE_SEASON[Number(month.slice(5, 7)) - 1] ?? 1) : 1;
      const amount = sign * category.known.length * category.typical * season * Math.exp(category.spread ** 2 / 2);
      for (const [date, count] of expectedDays(category, month, season))
        for (const [paid, share] of paymentDays(category, date)) {
          const index = monthsBetween(LIQUIDITY_FIRST_MONTH, monthOf(paid));
          if (index >= 0 && index < months) net[index] = (net[index] ?? 0) + count * share * amount;
        }
    }
  }
  return net;
}

/**
 * The oracle's MAPE of the month-end balances over the twelve months after `cutOff` (a month end), measured as
 * the backtest measures the forecast: from the actual balance at the cut-off.
 */
export function oracleBalanceMape(set: LiquiditySet, cutOff: string, holdoutMonths: number): number {
  const later = set.movements.filter((movement) => movement.date > cutOff && movement.date <= set.asOf);
  let actual = Number(set.closingBalance) - later.reduce((sum, movement) => sum + movement.amount, 0);
  let expected = actual;
  const net = expectedMonthlyNet(monthOf(set.asOf));
  const actualBalances: number[] = [];
  const oracleBalances: number[] = [];
  for (let step = 1; step <= holdoutMonths; step += 1) {
    const month = addMonths(monthOf(cutOff), step);
    actual += later.filter((movement) => monthOf(movement.date) === month).reduce((sum, movement) => sum + movement.amount, 0);
    expected += net[monthsBetween(LIQUIDITY_FIRST_MONTH, month)] ?? 0;
    actualBalances.push(actual);
    oracleBalances.push(expected);
  }
  return mape(actualBalances, oracleBalances);
}
