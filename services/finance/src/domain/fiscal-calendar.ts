import { InvalidFiscalYearError } from '../errors.js';

/** One month of a fiscal year. */
export interface PeriodSpan {
  readonly period: number;
  readonly startDate: string;
  readonly endDate: string;
}

export interface FiscalYearSpan {
  readonly year: number;
  readonly startDate: string;
  readonly endDate: string;
  readonly periods: readonly PeriodSpan[];
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function toParts(date: string): { year: number; month: number; day: number } {
  const match = DATE.exec(date);
  const [year, month, day] = [Number(match?.[1]), Number(match?.[2]), Number(match?.[3])];
  if (!match || month < 1 || month > 12 || day < 1 || day > lastDayOfMonth(year, month)) {
    throw new InvalidFiscalYearError(`"${date}" is not a date in the form YYYY-MM-DD.`);
  }
  return { year, month, day };
}

function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function formatDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The month `offset` months after (year, month), as [year, month]. */
function addMonths(year: number, month: number, offset: number): [number, number] {
  const index = year * 12 + (month - 1) + offset;
  return [Math.floor(index / 12), (index % 12) + 1];
}

/**
 * A fiscal year of monthly periods. It starts on the first of a month (by default 1 January of `year`) and
 * ends on the last day of a month, at most twelve months later (by default twelve); a shorter year is a
 * Rumpfwirtschaftsjahr. `year` names the calendar year in which the fiscal year ends, as § 4a EStG assigns
 * a business year's profit to that year.
 */
export function toFiscalYearSpan(year: number, startDate?: string, endDate?: string): FiscalYearSpan {
  const start = toParts(startDate ?? formatDate(year, 1, 1));
  if (start.day !== 1) throw new InvalidFiscalYearError(`A fiscal year starts on the first of a month, not on ${startDate}.`);
  const [defaultEndYear, defaultEndMonth] = addMonths(start.year, start.month, 11);
  const end = endDate ? toParts(endDate) : { year: defaultEndYear, month: defaultEndMonth, day: lastDayOfMonth(defaultEndYear, defaultEndMonth) };
  if (end.day !== lastDayOfMonth(end.year, end.month)) throw new InvalidFiscalYearError(`A fiscal year ends on the last day of a month, not on ${endDate}.`);
  const months = (end.year - start.year) * 12 + (end.month - start.month) + 1;
  if (months < 1 || months > 12) throw new InvalidFiscalYearError(`A fiscal year has 1 to 12 months; this one would have ${months}.`);
  if (end.year !== year) throw new InvalidFiscalYearError(`Fiscal year ${year} must end in ${year}; this one ends in ${end.year}.`);
  const periods = Array.from({ length: months }, (_, index) => {
    const [periodYear, periodMonth] = addMonths(start.year, start.month, index);
    return {
      period: index + 1,
      startDate: formatDate(periodYear, periodMonth, 1),
      endDate: formatDate(periodYear, periodMonth, lastDayOfMonth(periodYear, periodMonth)),
    };
  });
  return { year, startDate: formatDate(start.year, start.month, 1), endDate: formatDate(end.year, end.month, end.day), periods };
}
