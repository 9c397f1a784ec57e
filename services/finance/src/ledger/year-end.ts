import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { findAccount } from '../db/accounts.js';
import { appendAudit } from '../db/audit-log.js';
import { accountMovements } from '../db/balances.js';
import { type FiscalYearRow, listFiscalYears } from '../db/fiscal-years.js';
import { insertDraftEntry } from '../db/journal-entries.js';
import type { FinanceDb } from '../db/schema.js';
import { getSettings } from '../db/settings.js';
import { type ClosingRow, findClosing, insertClosing, lockYearPeriods } from '../db/year-end-closing.js';
import type { LedgerLine } from '../domain/entry.js';
import { periodLabel } from '../domain/period-status.js';
import { planYearEnd, YEAR_END_ACCOUNTS, type YearEndPlan } from '../domain/year-end.js';
import {
  ClosingAccountMissingError,
  FiscalYearClosedError,
  FiscalYearNotFoundError,
  FiscalYearOpenPeriodsError,
  NextFiscalYearMissingError,
  PreviousFiscalYearOpenError,
} from '../errors.js';
import type { Actor, LedgerContext } from './context.js';
import { postDraft } from './post-draft.js';
import { closingEntriesText } from './year-end-view.js';

const shiftDay = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** The year to close, and the next one, after every check that can refuse the closing. */
async function checkedYears(trx: Transaction<FinanceDb>, tenantId: string, year: number): Promise<{ current: FiscalYearRow; next: FiscalYearRow }> {
  const periods = await lockYearPeriods(trx, tenantId, year);
  if (periods.length === 0) throw new FiscalYearNotFoundError(year);
  const closing = await findClosing(trx, tenantId, year);
  if (closing) throw new FiscalYearClosedError(year, closingEntriesText(closing));
  const open = periods.filter((period) => period.status === 'open').map((period) => periodLabel(year, period.period));
  if (open.length > 0) throw new FiscalYearOpenPeriodsError(year, open.join(', '));
  const years = await listFiscalYears(trx, tenantId);
  const current = years.find((candidate) => candidate.year === year);
  if (!current) throw new FiscalYearNotFoundError(year);
  const previous = years.find((candidate) => candidate.end_date === shiftDay(current.start_date, -1));
  if (previous && previous.closed_at === null) throw new PreviousFiscalYearOpenError(year, previous.year);
  const next = years.find((candidate) => candidate.start_date === shiftDay(current.end_date, 1));
  if (!next) throw new NextFiscalYearMissingError(year, shiftDay(current.end_date, 1));
  return { current, next };
}

async function assertAccountsExist(trx: Transaction<FinanceDb>, tenantId: string, plan: YearEndPlan, openingBalance: string): Promise<void> {
  const needed = new Map<string, string>();
  if (plan.resultAccount) needed.set(plan.resultAccount, 'the year’s result');
  if (plan.openingEntries.flat().some((line) => line.account === openingBalance)) needed.set(openingBalance, 'the split opening entries’ balance');
  for (const [account, purpose] of needed) if (!(await findAccount(trx, tenantId, account))) throw new ClosingAccountMissingError(account, purpose);
}

interface EntryToPost {
  id: string;
  date: string;
  documentRef: string;
  description: string;
  lines: readonly LedgerLine[];
}

function toEntries(entries: readonly (readonly LedgerLine[])[], header: { date: string; ref: string; description: string }): EntryToPost[] {
  return entries.map((lines, index) => ({
    id: randomUUID(),
    date: header.date,
    documentRef: entries.length > 1 ? `${header.ref}-${index + 1}` : header.ref,
    description: entries.length > 1 ? `${header.description} (${index + 1}/${entries.length})` : header.description,
    lines,
  }));
}

const headerOf = ({ id, date, documentRef, description }: EntryToPost) => ({
  id,
  postingDate: date,
  documentDate: date,
  documentRef,
  description,
  currency: 'EUR',
  exchangeRate: '1.000000',
  reversalOf: null,
});

async function insertDrafts(trx: Transaction<FinanceDb>, actor: Actor, entries: readonly EntryToPost[]): Promise<void> {
  for (const entry of entries) await insertDraftEntry(trx, actor.tenantId, { ...headerOf(entry), draftLines: null, createdBy: actor.actorId });
}

async function postEntries(trx: Transaction<FinanceDb>, context: LedgerContext, actor: Actor, entries: readonly EntryToPost[], yearEndClosing: boolean) {
  for (const entry of entries) await postDraft(trx, context, actor, headerOf(entry), entry.lines, { yearEndClosing });
}

/**
 * Closes fiscal year `year` in the caller's transaction: once every period is closed or locked, the year before
 * is closed and the next year exists, it posts the closing of the P&L accounts into equity on the year's last
 * day and the opening balances (Saldenvorträge) of every other account on the next year's first day, through
 * the ordinary posting (numbers, seals, balances, events), and records the closing, after which the year takes
 * no postings and its periods never reopen. The database checks at commit that the figures carried are exact.
 */
export async function closeFiscalYear(
  trx: Transaction<FinanceDb>,
  context: LedgerContext,
  actor: Actor,
  request: { year: number; reason: string | null },
): Promise<ClosingRow> {
  const { chart } = await getSettings(trx, actor.tenantId);
  const { current, next } = await checkedYears(trx, actor.tenantId, request.year);
  const accounts = YEAR_END_ACCOUNTS[chart];
  const plan = planYearEnd(accounts, await accountMovements(trx, actor.tenantId, current.year, current.periods.length));
  await assertAccountsExist(trx, actor.tenantId, plan, accounts.openingBalance);
  const closingEntries = toEntries(plan.closingEntries, {
    date: current.end_date,
    ref: `JA-${current.year}`,
    description: `Jahresabschluss ${current.year}: Abschluss der Erfolgskonten`,
  });
  const openingEntries = toEntries(plan.openingEntries, {
    date: next.start_date,
    ref: `EB-${next.year}`,
    description: `Eröffnungsbilanz ${next.year}: Saldenvorträge aus ${current.year}`,
  });
  await insertDrafts(trx, actor, [...closingEntries, ...openingEntries]);
  const closing: ClosingRow = {
    year: current.year,
    next_year: next.year,
    result: plan.result,
    closing_entry_ids: closingEntries.map((entry) => entry.id),
    opening_entry_ids: openingEntries.map((entry) => entry.id),
    reason: request.reason,
    closed_at: context.clock(),
    closed_by: actor.actorId,
  };
  await insertClosing(trx, actor.tenantId, closing);
  await postEntries(trx, context, actor, closingEntries, true);
  await postEntries(trx, context, actor, openingEntries, false);
  const details = {
    next_year: next.year,
    result: plan.result,
    result_account: plan.resultAccount,
    reason: request.reason,
    closing_entries: closing.closing_entry_ids,
    opening_entries: closing.opening_entry_ids,
  };
  await appendAudit(trx, { ...actor, action: 'fiscal_year.closed', subject: String(current.year), details });
  return closing;
}
