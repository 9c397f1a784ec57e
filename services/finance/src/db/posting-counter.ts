import { sql, type Transaction } from 'kysely';
import type { FinanceDb } from './schema.js';

export interface CounterState {
  lastNumber: number;
  lastHash: string;
}

/** One draft for {@link postWithNextNumbers}: which entry, where it posts, who posts it, and its canonical text. */
export interface CounterPosting {
  entryId: string;
  fiscalYear: number;
  period: number;
  postedBy: string;
  /** The entry's canonical text around its number and posting time (see `sealTemplate`). */
  seal: { head: string; middle: string; tail: string };
  /** The `erp.finance.entry.posted.v1` row already in the outbox, whose number, posted_at and hash are filled in. */
  eventId: string;
}

/** What the counter gave the entry. */
export interface CounterResult {
  number: number;
  /** ISO 8601 UTC with milliseconds, as the seal covers it. */
  postedAt: string;
  previousHash: string;
  hash: string;
  /** The entry row's version after the posting. */
  version: number;
}

/**
 * The serialised part of posting drafts, in one round trip (`post_journal_entries`, migration 2026_11_25_1800):
 * locks the counter row of each fiscal year involved until the transaction ends, gives the drafts the next
 * numbers in the order given, seals each onto the chain head, posts them and moves the counter. Every posting of
 * the year waits for this lock, so numbers are handed out one after another and a rolled-back posting gives its
 * numbers back: gap-free. The drafts must come in ascending fiscal year (the function refuses otherwise, so that
 * two transactions lock the years in the same order); the results are in the same order. `clock` is the
 * caller's time; the database moves it up to the previous entry's posting time if it lies before.
 */
export async function postWithNextNumbers(
  trx: Transaction<FinanceDb>,
  posting: { tenantId: string; clock: Date; sealVersion: number; drafts: readonly CounterPosting[] },
): Promise<CounterResult[]> {
  const { drafts } = posting;
  if (drafts.length === 0) return [];
  const column = <Value>(pick: (draft: CounterPosting) => Value) => drafts.map(pick);
  const { rows } = await sql<{
    entry_id: string;
    entry_number: number;
    entry_posted_at: string;
    entry_previous_hash: string;
    entry_hash: string;
    entry_version: number;
  }>`
    select entry_id, entry_number, entry_posted_at, entry_previous_hash, entry_hash, entry_version
    from post_journal_entries(${posting.tenantId}::uuid, ${posting.clock}::timestamptz, ${posting.sealVersion}::smallint,
      ${column((draft) => draft.entryId)}::uuid[], ${column((draft) => draft.fiscalYear)}::integer[], ${column((draft) => draft.period)}::smallint[],
      ${column((draft) => draft.postedBy)}::text[], ${column((draft) => draft.seal.head)}::text[], ${column((draft) => draft.seal.middle)}::text[],
      ${column((draft) => draft.seal.tail)}::text[], ${column((draft) => draft.eventId)}::uuid[])`.execute(trx);
  if (rows.length !== drafts.length) throw new Error(`Posting ${drafts.length} entries returned ${rows.length} results`);
  return rows.map((row, index) => {
    if (row.entry_id !== drafts[index]?.entryId) throw new Error(`Posting returned entry ${row.entry_id} out of order`);
    return { number: row.entry_number, postedAt: row.entry_posted_at, previousHash: row.entry_previous_hash, hash: row.entry_hash, version: row.entry_version };
  });
}

/** The counter without a lock: the head of the chain as last committed. */
export async function readCounter(trx: Transaction<FinanceDb>, tenantId: string, year: number): Promise<CounterState | undefined> {
  const row = await trx
    .selectFrom('posting_counter')
    .select(['last_number', 'last_hash'])
    .where('tenant_id', '=', tenantId)
    .where('year', '=', year)
    .executeTakeFirst();
  return row ? { lastNumber: row.last_number, lastHash: row.last_hash } : undefined;
}
