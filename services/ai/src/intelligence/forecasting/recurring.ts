import type { ChartName } from '../ledger/chart.js';
import { addMonths, daysInMonth, monthOf, monthsBetween } from '../statistics/dates.js';
import { mean, median, medianAbsoluteDeviation } from '../statistics/robust.js';

/** A movement of the bank and cash accounts: positive money in, negative money out. */
export interface BankMovement {
  readonly date: string;
  readonly amount: number;
  /** The entry's largest other account, or null for transfers. */
  readonly counterAccount: string | null;
  readonly counterparty: string;
}

export type RecurringKind = 'payroll' | 'rent' | 'tax' | 'other';

/** A payment that comes back on a calendar day: payroll at month end, rent early in the month, tax on the 10th. */
export interface RecurringItem {
  readonly key: string;
  readonly kind: RecurringKind;
  readonly counterAccount: string | null;
  readonly counterparty: string;
  readonly cadence: 'monthly' | 'quarterly';
  /** For quarterly items: the month in the quarter (1 … 3) it falls in. */
  readonly monthInQuarter: number | null;
  readonly dayOfMonth: number;
  /** Mean of the occurrences since the amount last changed, signed. */
  readonly amount: number;
  /** Robust standard deviation of the amounts. */
  readonly amountDeviation: number;
}

const ACCOUNT_KINDS: Readonly<Record<ChartName, readonly [RegExp, RecurringKind][]>> = {
  skr03: [
    [/^(178\d|1741|4320|43[0-4]\d|0955|0956|0963|18[1-3]\d)$/, 'tax'],
    [/^(41\d\d|174[02-9]|175\d)$/, 'payroll'],
    [/^421\d$/, 'rent'],
  ],
  skr04: [
    [/^(38[23]\d|373\d|76\d\d|3030|3040)$/, 'tax'],
    [/^(6[01]\d\d|37[2-9]\d)$/, 'payroll'],
    [/^631\d$/, 'rent'],
  ],
};

export function recurringKindOf(chart: ChartName, account: string | null): RecurringKind {
  if (account === null) return 'other';
  return ACCOUNT_KINDS[chart].find(([pattern]) => pattern.test(account))?.[1] ?? 'other';
}

const LOOKBACK_MONTHS = 12;
/** A monthly item appears in at least this share of the months it could have appeared in (at least six). */
const MONTHLY_PRESENCE_MIN = 0.8;
const MONTHS_MIN = 6;
/** Its day of month varies by at most this many days (median absolute deviation). */
const DAY_SPREAD_MAX = 3;
/** Accounts paid more often than this in a typical month carry ordinary flows, not calendar items. */
const PAYMENTS_PER_MONTH_MAX = 3;

/**
 * Recurring payments are recognised per direction and counter account, not per counterparty: booking texts
 * of one payee vary ("Gehälter 01/2025", "Lohn und Gehalt Januar"), its account does not.
 */
export const recurringKeyOf = (movement: Pick<BankMovement, 'counterAccount' | 'amount'>) =>
  `${movement.amount >= 0 ? 'in' : 'out'}|${movement.counterAccount ?? '-'}`;

interface Occurrence {
  readonly month: string;
  readonly day: number;
  readonly amount: number;
  readonly counterparty: string;
  /** Payments in the month; a calendar item is one payment (or two, such as two insurance contracts). */
  readonly payments: number;
}

function occurrencesByKey(movements: readonly BankMovement[], firstMonth: string): Map<string, Occurrence[]> {
  const byKey = new Map<string, Map<string, Occurrence & { largest: number }>>();
  for (const movement of movements) {
    const month = monthOf(movement.date);
    if (month < firstMonth || movement.amount === 0) continue;
    const key = recurringKeyOf(movement);
    const months = byKey.get(key) ?? new Map();
    const existing = months.get(month);
    const size = Math.abs(movement.amount);
    // Several payments of one month count as one occurrence, on the day of the largest.
    const largest = !existing || size > existing.largest;
    months.set(month, {
      month,
      day: largest ? Number(movement.date.slice(8, 10)) : (existing?.day ?? 0),
      counterparty: largest ? movement.counterparty : (existing?.counterparty ?? ''),
      largest: Math.max(size, existing?.largest ?? 0),
      amount: (existing?.amount ?? 0) + movement.amount,
      payments: (existing?.payments ?? 0) + 1,
    });
    byKey.set(key, months);
  }
  return new Map([...byKey].map(([key, months]) => [key, [...months.values()].sort((a, b) => a.month.localeCompare(b.month))]));
}

/** A change of level needs this t statistic (on the logarithms) and three amounts after it. */
const LEVEL_SHIFT_T_MIN = 4;
const AFTER_SHIFT_MIN = 3;

const squares = (values: readonly number[], centre: number) => values.reduce((sum, value) => sum + (value - centre) ** 2, 0);

/**
 * The amount to expect: the mean of the amounts since the last change of level, or of all when there was none.
 * The mean, not the median, because the payments add up to the balance and amounts such as VAT are skewed. A
 * change (a raise, a new rent, a new prepayment notice) is the split with the largest two-sample t statistic on
 * the logarithms of the amounts, where skewed amounts look normal, when it is at least 4; several splits are
 * tried, so the bar is higher than for a single test.
 */
function expectedAmount(amounts: readonly number[]): number {
  const logs = amounts.map((amount) => Math.log(Math.abs(amount)));
  let start = 0;
  let strongest = LEVEL_SHIFT_T_MIN;
  for (let split = 1; split <= logs.length - AFTER_SHIFT_MIN; split += 1) {
    const [before, after] = [logs.slice(0, split), logs.slice(split)];
    const [meanBefore, meanAfter] = [mean(before), mean(after)];
    const pooled = Math.sqrt((squares(before, meanBefore) + squares(after, meanAfter)) / Math.max(1, logs.length - 2));
    const t = Math.abs(meanAfter - meanBefore) / (pooled * Math.sqrt(1 / before.length + 1 / after.length));
    if (t >= strongest) [start, strongest] = [split, t];
  }
  return mean(amounts.slice(start));
}

function itemFrom(key: string, occurrences: Occurrence[], cadence: 'monthly' | 'quarterly', chart: ChartName): RecurringItem {
  const [, account = '-'] = key.split('|');
  const counterAccount = account === '-' ? null : account;
  const counterparty = occurrences[occurrences.length - 1]?.counterparty ?? '';
  const amounts = occurrences.map((occurrence) => occurrence.amount);
  const lastMonth = occurrences[occurrences.length - 1]?.month ?? '2000-01';
  return {
    key,
    kind: recurringKindOf(chart, counterAccount),
    counterAccount,
    counterparty,
    cadence,
    monthInQuarter: cadence === 'quarterly' ? ((Number(lastMonth.slice(5, 7)) - 1) % 3) + 1 : null,
    dayOfMonth: Math.round(median(occurrences.map((occurrence) => occurrence.day))),
    amount: expectedAmount(amounts),
    amountDeviation: 1.4826 * medianAbsoluteDeviation(amounts),
  };
}

/**
 * Finds the payments that recur on a calendar day over the last twelve complete months before `lastMonth`
 * (inclusive): monthly ones present in at least 80 % of the months since they began (six at least), and
 * quarterly ones present in the same month of at least three of the last four quarters and in no other, each
 * with a stable day of month.
 */
export function findRecurringItems(movements: readonly BankMovement[], lastMonth: string, chart: ChartName): RecurringItem[] {
  const firstMonth = addMonths(lastMonth, -(LOOKBACK_MONTHS - 1));
  const items: RecurringItem[] = [];
  for (const [key, all] of occurrencesByKey(movements, firstMonth)) {
    const occurrences = all.filter((occurrence) => occurrence.month <= lastMonth);
    if (occurrences.length < 3 || median(occurrences.map((occurrence) => occurrence.payments)) > PAYMENTS_PER_MONTH_MAX) continue;
    const days = occurrences.map((occurrence) => Math.min(occurrence.day, 28));
    if (medianAbsoluteDeviation(days) > DAY_SPREAD_MAX) continue;
    const since = occurrences[0]?.month ?? lastMonth;
    const possible = Math.min(LOOKBACK_MONTHS, monthsBetween(since, lastMonth) + 1);
    if (occurrences.length >= MONTHS_MIN && occurrences.length / possible >= MONTHLY_PRESENCE_MIN) {
      items.push(itemFrom(key, occurrences, 'monthly', chart));
      continue;
    }
    const phases = new Set(occurrences.map((occurrence) => Number(occurrence.month.slice(5, 7)) % 3));
    if (phases.size === 1 && occurrences.length >= 3 && possible >= 9) items.push(itemFrom(key, occurrences, 'quarterly', chart));
  }
  return items.sort((a, b) => a.key.localeCompare(b.key));
}

/** The date an item falls on in a month, moved to the working day before when it falls on a weekend. */
export function occurrenceDate(item: RecurringItem, month: string): string | undefined {
  if (item.cadence === 'quarterly' && ((Number(month.slice(5, 7)) - 1) % 3) + 1 !== item.monthInQuarter) return undefined;
  const day = Math.min(item.dayOfMonth, daysInMonth(month));
  const date = new Date(`${month}-${String(day).padStart(2, '0')}T00:00:00Z`);
  const weekday = date.getUTCDay();
  // Banks book on working days; payments due on a weekend are made on the Friday before.
  const shift = weekday === 6 ? -1 : weekday === 0 ? -2 : 0;
  const shifted = new Date(date.getTime() + shift * 86_400_000);
  return shifted.toISOString().slice(0, 7) === month ? shifted.toISOString().slice(0, 10) : date.toISOString().slice(0, 10);
}
