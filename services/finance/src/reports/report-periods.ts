import type { Transaction } from 'kysely';
import { findPeriodOfDate, listFiscalYears, type PeriodRow } from '../db/fiscal-years.js';
import type { PeriodRange } from '../db/report-balances.js';
import type { FinanceDb } from '../db/schema.js';
import { FiscalYearNotFoundError, InvalidReportRangeError, PeriodNotFoundError } from '../errors.js';

/** The periods a statement covers, with the first and last day. */
export interface ReportPeriods extends PeriodRange {
  fromDate: string;
  toDate: string;
}

/**
 * Periods `from` to `to` of fiscal year `year` (by default the whole year): 404 for a year or period that does
 * not exist, 422 when `from` comes after `to`.
 */
export async function resolvePeriods(trx: Transaction<FinanceDb>, tenantId: string, year: number, from?: number, to?: number): Promise<ReportPeriods> {
  const [fiscalYear] = await listFiscalYears(trx, tenantId, year);
  if (!fiscalYear) throw new FiscalYearNotFoundError(year);
  const first = from ?? 1;
  const last = to ?? fiscalYear.periods.length;
  for (const period of [first, last]) if (period > fiscalYear.periods.length) throw new PeriodNotFoundError(year, period);
  if (first > last) throw new InvalidReportRangeError(`The first period (${first}) comes after the last (${last}).`);
  const startOf = (period: number) => fiscalYear.periods[period - 1]?.start_date ?? fiscalYear.start_date;
  const endOf = (period: number) => fiscalYear.periods[period - 1]?.end_date ?? fiscalYear.end_date;
  return { year, from: first, to: last, fromDate: startOf(first), toDate: endOf(last) };
}

/**
 * The periods of a VAT return: one period, or a quarter (periods 3q-2 to 3q), which must be a calendar quarter
 * because the Voranmeldungszeitraum is one (a fiscal year starting in February has none).
 */
export async function resolveReturnPeriods(
  trx: Transaction<FinanceDb>,
  tenantId: string,
  year: number,
  choice: { period?: number | undefined; quarter?: number | undefined },
): Promise<ReportPeriods> {
  if ((choice.period === undefined) === (choice.quarter === undefined)) {
    throw new InvalidReportRangeError('Name either a period (1 to 12) or a quarter (1 to 4) of the fiscal year, not both and not neither.');
  }
  if (choice.period !== undefined) return resolvePeriods(trx, tenantId, year, choice.period, choice.period);
  const quarter = choice.quarter ?? 1;
  const periods = await resolvePeriods(trx, tenantId, year, quarter * 3 - 2, quarter * 3);
  if (!/^\d{4}-(01|04|07|10)-01$/.test(periods.fromDate)) {
    throw new InvalidReportRangeError(
      `Quarter ${quarter} of fiscal year ${year} starts on ${periods.fromDate}, not on a calendar quarter; ask for its periods one by one.`,
    );
  }
  return periods;
}

/**
 * The fiscal year and periods of a date range for the general ledger: both days must lie in the same fiscal
 * year (its balances start from zero; carrying them forward comes with the year-end closing).
 */
export async function resolveDates(
  trx: Transaction<FinanceDb>,
  tenantId: string,
  dates: { from: string; to: string },
): Promise<{ start: PeriodRow; end: PeriodRow }> {
  assertDateOrder(dates);
  const [start, end] = await Promise.all([findPeriodOfDate(trx, tenantId, dates.from), findPeriodOfDate(trx, tenantId, dates.to)]);
  if (!start) throw new InvalidReportRangeError(`No fiscal year covers ${dates.from}.`);
  if (!end) throw new InvalidReportRangeError(`No fiscal year covers ${dates.to}.`);
  if (start.year !== end.year) throw new InvalidReportRangeError(`${dates.from} and ${dates.to} lie in different fiscal years; ask for each year apart.`);
  return { start, end };
}

/** Refuses a date range that ends before it starts. */
export function assertDateOrder(dates: { from: string; to: string }): void {
  if (dates.from > dates.to) throw new InvalidReportRangeError(`The range starts (${dates.from}) after it ends (${dates.to}).`);
}
