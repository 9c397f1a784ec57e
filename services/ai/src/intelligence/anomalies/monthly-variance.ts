import { Decimal } from 'decimal.js';
import { formatAmount } from '../language.js';
import { accountClass, type ChartName } from '../ledger/chart.js';
import { addMonths, daysInMonth, monthOf } from '../statistics/dates.js';
import { median, medianAbsoluteDeviation } from '../statistics/robust.js';
import { type AnalysedEntry, clampScore, type DetectionWindow, type Finding } from './finding.js';

// Profit-and-loss classes: SKR03 2 (neutral), 3 (goods), 4 (operating expenses), 8 (revenue);
// SKR04 4 (revenue), 5 (materials), 6 (operating expenses), 7 (other).
const PROFIT_AND_LOSS_CLASSES: Readonly<Record<ChartName, ReadonlySet<string>>> = {
  skr03: new Set(['2', '3', '4', '8']),
  skr04: new Set(['4', '5', '6', '7']),
};
const PRIOR_MONTHS = 6;
const PRIOR_MONTHS_MIN = 4;
const RELATIVE_DEVIATION_MIN = 0.5;
const MAD_TO_SIGMA = 1.4826;
const SIGMAS = 4;
const ENTRIES_NAMED_MAX = 5;

interface MonthTotals {
  /** Month → net movement (debit minus credit). */
  readonly months: Map<string, number>;
  readonly entries: Map<string, { id: string; value: number }[]>;
  readonly first: string;
}

function totalsByAccount(entries: readonly AnalysedEntry[], chart: ChartName): Map<string, MonthTotals> {
  const accounts = new Map<string, MonthTotals>();
  for (const entry of entries) {
    const month = monthOf(entry.postingDate);
    for (const line of entry.lines) {
      if (line.isTax || !PROFIT_AND_LOSS_CLASSES[chart].has(accountClass(line.account))) continue;
      const totals = accounts.get(line.account) ?? { months: new Map(), entries: new Map(), first: month };
      totals.months.set(month, (totals.months.get(month) ?? 0) + (line.side === 'debit' ? line.value : -line.value));
      const named = totals.entries.get(month) ?? [];
      named.push({ id: entry.id, value: line.value });
      totals.entries.set(month, named);
      accounts.set(line.account, totals);
    }
  }
  return accounts;
}

/** Whole months of the window: a month cut by `from` or `to` would always look low. */
function wholeMonths(window: DetectionWindow): string[] {
  const months: string[] = [];
  for (let month = monthOf(window.from); month <= monthOf(window.to); month = addMonths(month, 1)) {
    if (window.from <= `${month}-01` && window.to >= `${month}-${String(daysInMonth(month)).padStart(2, '0')}`) months.push(month);
  }
  return months;
}

/**
 * Months in which a profit-and-loss account moved far from its usual: against the median of the six months
 * before (robust spread, at least half the median) and, where there is one, against the same month a year
 * before, so seasonal accounts (heating in winter) are not flagged. Small differences (under the materiality)
 * are never findings.
 */
export function detectMonthlyVariance(entries: readonly AnalysedEntry[], window: DetectionWindow, chart: ChartName, materiality: number): Finding[] {
  const findings: Finding[] = [];
  for (const [account, totals] of totalsByAccount(entries, chart)) {
    for (const month of wholeMonths(window)) {
      const prior = Array.from({ length: PRIOR_MONTHS }, (_, index) => addMonths(month, -PRIOR_MONTHS + index))
        .filter((past) => past >= totals.first)
        .map((past) => totals.months.get(past) ?? 0);
      if (prior.length < PRIOR_MONTHS_MIN) continue;
      const actual = totals.months.get(month) ?? 0;
      const expected = median(prior);
      const tolerance = Math.max(SIGMAS * MAD_TO_SIGMA * medianAbsoluteDeviation(prior), RELATIVE_DEVIATION_MIN * Math.abs(expected), materiality);
      const lastYearMonth = addMonths(month, -12);
      const lastYear = lastYearMonth >= totals.first ? (totals.months.get(lastYearMonth) ?? 0) : undefined;
      const unlikeLastYear = lastYear === undefined || Math.abs(actual - lastYear) > Math.max(RELATIVE_DEVIATION_MIN * Math.abs(lastYear), materiality);
      if (Math.abs(actual - expected) <= tolerance || !unlikeLastYear) continue;
      const named = [...(totals.entries.get(month) ?? [])].sort((a, b) => b.value - a.value).slice(0, ENTRIES_NAMED_MAX);
      findings.push(
        varianceFinding(
          account,
          month,
          actual,
          expected,
          lastYear,
          tolerance,
          named.map((line) => line.id),
        ),
      );
    }
  }
  return findings;
}

function varianceFinding(
  account: string,
  month: string,
  actual: number,
  expected: number,
  lastYear: number | undefined,
  tolerance: number,
  entryIds: string[],
): Finding {
  const amount = (value: number) => new Decimal(value).toFixed(2);
  const previousYear =
    lastYear === undefined
      ? { de: '', en: '' }
      : { de: `, Vorjahresmonat ${formatAmount(amount(lastYear), 'de')} EUR`, en: `, same month last year ${formatAmount(amount(lastYear), 'en')} EUR` };
  return {
    kind: 'monthly_variance',
    score: clampScore(Math.abs(actual - expected) / (Math.abs(actual - expected) + tolerance)),
    entryIds: [...new Set(entryIds)],
    account,
    reason: {
      de: `Konto ${account} bewegte sich im ${month} um ${formatAmount(amount(actual), 'de')} EUR, üblich waren ${formatAmount(amount(expected), 'de')} EUR (Median der sechs Vormonate${previousYear.de}).`,
      en: `Account ${account} moved ${formatAmount(amount(actual), 'en')} EUR in ${month}; ${formatAmount(amount(expected), 'en')} EUR was usual (median of the six months before${previousYear.en}).`,
    },
    details: { month, actual: amount(actual), expected: amount(expected), last_year: lastYear === undefined ? null : amount(lastYear) },
  };
}
