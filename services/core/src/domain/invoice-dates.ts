const BERLIN_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar day (YYYY-MM-DD) it is in Germany at `now`: documents are dated by the tenant's local day. */
export function berlinDay(now: Date): string {
  return BERLIN_DAY.format(now);
}

/** `day` plus `days` calendar days, as YYYY-MM-DD. */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** The year of a YYYY-MM-DD day. */
export function yearOf(day: string): number {
  return Number(day.slice(0, 4));
}

/** Whether a YYYY-MM-DD string names a day that exists (not 2026-02-30). */
export function isCalendarDay(day: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return false;
  const date = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === day;
}
