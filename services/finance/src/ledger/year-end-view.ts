import type { Transaction } from 'kysely';
import type { FinanceDb } from '../db/schema.js';
import { getSettings } from '../db/settings.js';
import { type ClosingRow, findClosing } from '../db/year-end-closing.js';
import { Money } from '../domain/money.js';
import { YEAR_END_ACCOUNTS } from '../domain/year-end.js';
import { FiscalYearClosedError, FiscalYearNotClosedError } from '../errors.js';

/** A fiscal year's closing as the API shows it. */
export interface ClosingView {
  year: number;
  next_year: number;
  result: string;
  result_account: string | null;
  closing_entries: string[];
  opening_entries: string[];
  reason: string | null;
  closed_at: string;
  closed_by: string;
}

/** The closing's entry ids for a message: "closing a, b; opening c". */
export function closingEntriesText(closing: Pick<ClosingRow, 'closing_entry_ids' | 'opening_entry_ids'>): string {
  const list = (ids: readonly string[]) => (ids.length > 0 ? ids.join(', ') : 'none');
  return `closing ${list(closing.closing_entry_ids)}; opening ${list(closing.opening_entry_ids)}`;
}

/** Refuses a change to a closed year with the closing's entries; its periods never reopen and take no postings. */
export async function assertYearNotClosed(trx: Transaction<FinanceDb>, tenantId: string, year: number): Promise<void> {
  const closing = await findClosing(trx, tenantId, year);
  if (closing) throw new FiscalYearClosedError(year, closingEntriesText(closing));
}

/** The closing row as the API shows it; the result account follows from the chart and the result's sign. */
export function closingRowToView(row: ClosingRow, chart: keyof typeof YEAR_END_ACCOUNTS): ClosingView {
  const result = new Money(row.result);
  const accounts = YEAR_END_ACCOUNTS[chart];
  return {
    year: row.year,
    next_year: row.next_year,
    result: row.result,
    result_account: result.isZero() ? null : result.isPositive() ? accounts.profit : accounts.loss,
    closing_entries: [...row.closing_entry_ids],
    opening_entries: [...row.opening_entry_ids],
    reason: row.reason,
    closed_at: row.closed_at.toISOString(),
    closed_by: row.closed_by,
  };
}

/** The closing of `year`; 404 while the year is not closed. */
export async function getClosingView(trx: Transaction<FinanceDb>, tenantId: string, year: number): Promise<ClosingView> {
  const { chart } = await getSettings(trx, tenantId);
  const closing = await findClosing(trx, tenantId, year);
  if (!closing) throw new FiscalYearNotClosedError(year);
  return closingRowToView(closing, chart);
}
