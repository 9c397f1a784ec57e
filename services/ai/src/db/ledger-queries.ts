import { sql, type Transaction } from 'kysely';
import type { BankMovement } from '../intelligence/forecasting/recurring.js';
import type { ChartEvidence, ChartName } from '../intelligence/ledger/chart.js';
import type { LedgerEntry } from '../intelligence/ledger/ledger-entry.js';
import type { AiDb } from './schema.js';

interface EntryRow {
  entry_id: string;
  posting_date: string;
  posted_at: Date;
  posted_by: string;
  document_ref: string;
  description: string;
  reversal_of: string | null;
  reversed: boolean;
}

interface LineRow {
  entry_id: string;
  line_no: number;
  account: string;
  debit: string;
  credit: string;
  tax_code: string | null;
  tax_of: number | null;
  text: string | null;
}

/** Entries of [from, to] (posting dates, inclusive) with their lines, in posting order; at most `limit` entries. */
export async function findLedgerEntries(trx: Transaction<AiDb>, tenantId: string, from: string, to: string, limit: number): Promise<LedgerEntry[]> {
  const entries = await sql<EntryRow>`
    select entry_id, posting_date::text as posting_date, posted_at, posted_by, document_ref, description, reversal_of, reversed
    from ledger_entry where tenant_id = ${tenantId} and posting_date between ${from}::date and ${to}::date
    order by posting_date, posted_at, entry_id limit ${limit}`.execute(trx);
  const lines = await sql<LineRow>`
    select l.entry_id, l.line_no, l.account, l.debit, l.credit, l.tax_code, l.tax_of, l.text
    from ledger_line l join ledger_entry e on e.tenant_id = l.tenant_id and e.entry_id = l.entry_id
    where l.tenant_id = ${tenantId} and e.posting_date between ${from}::date and ${to}::date
    order by l.entry_id, l.line_no`.execute(trx);
  const byEntry = new Map<string, LineRow[]>();
  for (const line of lines.rows) byEntry.set(line.entry_id, [...(byEntry.get(line.entry_id) ?? []), line]);
  return entries.rows.map((row) => ({
    id: row.entry_id,
    postingDate: row.posting_date,
    postedAt: row.posted_at.toISOString(),
    postedBy: row.posted_by,
    documentRef: row.document_ref,
    description: row.description,
    reversalOf: row.reversal_of,
    reversed: row.reversed,
    lines: (byEntry.get(row.entry_id) ?? []).map((line) => ({
      lineNo: line.line_no,
      account: line.account,
      debit: line.debit,
      credit: line.credit,
      taxCode: line.tax_code,
      taxOf: line.tax_of,
      text: line.text,
    })),
  }));
}

/** How many entries the tenant has in [from, to]. */
export async function countLedgerEntries(trx: Transaction<AiDb>, tenantId: string, from: string, to: string): Promise<number> {
  const { rows } = await sql<{ count: string }>`
    select count(*) as count from ledger_entry where tenant_id = ${tenantId} and posting_date between ${from}::date and ${to}::date`.execute(trx);
  return Number(rows[0]?.count ?? 0);
}

const CHART_SAMPLE = 5000;

/** Which accounts tax lines and revenue lines use, for recognising the chart. */
export async function findChartEvidence(trx: Transaction<AiDb>, tenantId: string): Promise<ChartEvidence> {
  // A sample of lines is evidence enough, and keeps this cheap for tenants with millions of lines.
  const { rows } = await sql<{ kind: 'tax' | 'revenue'; account: string; count: string }>`
    select 'tax' as kind, account, count(*) as count
    from (select account from ledger_line where tenant_id = ${tenantId} and tax_of is not null limit ${CHART_SAMPLE}) tax_lines group by account
    union all
    select 'revenue', account, count(*)
    from (select account from ledger_line where tenant_id = ${tenantId} and tax_of is null and credit > 0 and tax_code like 'USt%' limit ${CHART_SAMPLE}) revenue_lines
    group by account`.execute(trx);
  const of = (kind: 'tax' | 'revenue') => new Map(rows.filter((row) => row.kind === kind).map((row) => [row.account, Number(row.count)]));
  return { taxLineAccounts: of('tax'), revenueAccounts: of('revenue') };
}

const BANK_RANGES: Readonly<Record<ChartName, readonly [string, string]>> = { skr03: ['1000', '1299'], skr04: ['1600', '1899'] };

/** A SQL condition on `alias.account` for the chart's bank and cash accounts (four digits compared as text). */
function bankCondition(alias: string, chart: ChartName) {
  const [low, high] = BANK_RANGES[chart];
  const account = sql.ref(`${alias}.account`);
  return sql`(${account} ~ '^[0-9]{4}$' and ${account} collate "C" between ${low} and ${high})`;
}

/** The exact bank and cash balance at the end of `asOf`: the sum of all bank lines posted until then. */
export async function findBankBalance(trx: Transaction<AiDb>, tenantId: string, chart: ChartName, asOf: string): Promise<string> {
  const { rows } = await sql<{ balance: string }>`
    select coalesce(sum(l.debit - l.credit), 0) as balance
    from ledger_line l join ledger_entry e on e.tenant_id = l.tenant_id and e.entry_id = l.entry_id
    where l.tenant_id = ${tenantId} and ${bankCondition('l', chart)} and e.posting_date <= ${asOf}::date`.execute(trx);
  return rows[0]?.balance ?? '0';
}

/**
 * The movements of the bank and cash group per entry in (from, asOf]: the net of the entry's bank lines
 * (transfers between bank accounts net to zero and are left out), its largest other account and counterparty.
 */
export async function findBankMovements(trx: Transaction<AiDb>, tenantId: string, chart: ChartName, from: string, asOf: string): Promise<BankMovement[]> {
  const { rows } = await sql<{ date: string; amount: string; counter_account: string | null; counterparty: string }>`
    with bank as (
      select l.entry_id, sum(l.debit - l.credit) as amount
      from ledger_line l join ledger_entry e on e.tenant_id = l.tenant_id and e.entry_id = l.entry_id
      where l.tenant_id = ${tenantId} and ${bankCondition('l', chart)} and e.posting_date > ${from}::date and e.posting_date <= ${asOf}::date
      group by l.entry_id
    )
    select e.posting_date::text as date, b.amount, e.counterparty,
      (select o.account from ledger_line o
        where o.tenant_id = ${tenantId} and o.entry_id = b.entry_id and o.tax_of is null and not ${bankCondition('o', chart)}
        order by greatest(o.debit, o.credit) desc, o.line_no limit 1) as counter_account
    from bank b join ledger_entry e on e.tenant_id = ${tenantId} and e.entry_id = b.entry_id
    where b.amount <> 0
    order by e.posting_date, e.entry_id`.execute(trx);
  // Movements feed statistics (binary floats); the opening balance stays exact.
  return rows.map((row) => ({ date: row.date, amount: Number(row.amount), counterAccount: row.counter_account, counterparty: row.counterparty }));
}
