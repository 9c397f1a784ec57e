import { type Kysely, sql } from 'kysely';
import type { FinanceDb } from './schema.js';

/** One posted line of an account, with its entry's header, in euro. */
export interface AccountLineRow {
  entry_id: string;
  fiscal_year: number;
  number: number;
  posting_date: string;
  document_date: string;
  document_ref: string;
  description: string;
  line_no: number;
  text: string | null;
  tax_code: string | null;
  cost_center: string | null;
  cost_center_2: string | null;
  debit: string;
  credit: string;
  /** The entry's accounts on the other side of this line (Gegenkonten), in number order. */
  contra_accounts: string[];
}

/**
 * The posted lines of `account` with posting dates from `from` to `to`, by date, then journal number and line;
 * at most `limit` of them (ask for one more than you show to learn that there are more).
 */
export async function accountLines(
  db: Kysely<FinanceDb>,
  tenantId: string,
  account: string,
  dates: { from: string; to: string },
  limit: number,
): Promise<AccountLineRow[]> {
  const { rows } = await sql<AccountLineRow>`
    select e.id as entry_id, e.fiscal_year, e.number, to_char(e.posting_date, 'YYYY-MM-DD') as posting_date,
           to_char(e.document_date, 'YYYY-MM-DD') as document_date, e.document_ref, e.description, l.line_no, l.text, l.tax_code,
           l.cost_center, l.cost_center_2, l.debit_base::text as debit, l.credit_base::text as credit,
           coalesce((select array_agg(distinct o.account order by o.account) from journal_line o
                     where o.tenant_id = l.tenant_id and o.entry_id = l.entry_id and o.account <> l.account and (o.debit_base > 0) <> (l.debit_base > 0)),
                    '{}') as contra_accounts
    from journal_line l
    join journal_entry e on e.tenant_id = l.tenant_id and e.id = l.entry_id
    where l.tenant_id = ${tenantId} and l.account = ${account} and e.status = 'posted'
      and e.posting_date between ${dates.from}::date and ${dates.to}::date
    order by e.posting_date, e.fiscal_year, e.number, l.line_no
    limit ${limit}`.execute(db);
  return rows;
}

/**
 * What `account` moved in `year` before the day `before`, which lies in `period`: the maintained balances of the
 * earlier periods plus the lines of that period dated before the day.
 */
export async function accountMovementBefore(
  db: Kysely<FinanceDb>,
  tenantId: string,
  account: string,
  at: { year: number; period: number; before: string },
): Promise<{ debit: string; credit: string }> {
  const { rows } = await sql<{ debit: string; credit: string }>`
    with earlier as (
      select coalesce(sum(debit), 0) as debit, coalesce(sum(credit), 0) as credit from account_balance_now
      where tenant_id = ${tenantId} and account = ${account} and fiscal_year = ${at.year} and period < ${at.period}
    ), same_period as (
      select coalesce(sum(l.debit_base), 0) as debit, coalesce(sum(l.credit_base), 0) as credit
      from journal_line l join journal_entry e on e.tenant_id = l.tenant_id and e.id = l.entry_id
      where l.tenant_id = ${tenantId} and l.account = ${account} and e.status = 'posted'
        and e.fiscal_year = ${at.year} and e.period = ${at.period} and e.posting_date < ${at.before}::date
    )
    select (earlier.debit + same_period.debit)::numeric(20,2)::text as debit, (earlier.credit + same_period.credit)::numeric(20,2)::text as credit
    from earlier, same_period`.execute(db);
  return rows[0] ?? { debit: '0.00', credit: '0.00' };
}

/** How many posted lines the entries dated from `from` to `to` have. */
export async function journalLineCount(db: Kysely<FinanceDb>, tenantId: string, dates: { from: string; to: string }): Promise<number> {
  const { rows } = await sql<{ count: number }>`
    select count(*)::int as count from journal_line l
    join journal_entry e on e.tenant_id = l.tenant_id and e.id = l.entry_id
    where e.tenant_id = ${tenantId} and e.status = 'posted' and e.posting_date between ${dates.from}::date and ${dates.to}::date`.execute(db);
  return rows[0]?.count ?? 0;
}

/** A posted entry's header as the journal report shows it. */
export interface JournalEntryRow {
  id: string;
  fiscal_year: number;
  period: number;
  number: number;
  posting_date: string;
  document_date: string;
  document_ref: string;
  description: string;
  currency: string;
  exchange_rate: string;
  reversal_of: string | null;
  posted_at: Date;
  posted_by: string;
  hash: string;
}

/** The posted entries dated from `from` to `to`, in journal order (fiscal year, then number). */
export async function journalEntries(db: Kysely<FinanceDb>, tenantId: string, dates: { from: string; to: string }): Promise<JournalEntryRow[]> {
  const { rows } = await sql<JournalEntryRow>`
    select id, fiscal_year, period, number, to_char(posting_date, 'YYYY-MM-DD') as posting_date, to_char(document_date, 'YYYY-MM-DD') as document_date,
           document_ref, description, currency, exchange_rate::text as exchange_rate, reversal_of, posted_at, posted_by, hash
    from journal_entry
    where tenant_id = ${tenantId} and status = 'posted' and posting_date between ${dates.from}::date and ${dates.to}::date
    order by fiscal_year, number`.execute(db);
  return rows;
}
