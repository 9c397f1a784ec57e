import { sql, type Transaction } from 'kysely';
import type { FinanceDb } from './schema.js';

export interface CounterState {
  lastNumber: number;
  lastHash: string;
}

/** What {@link postWithNextNumber} needs: the draft, where it posts, who posts it when, and its canonical text. */
export interface CounterPosting {
  tenantId: string;
  entryId: string;
  fiscalYear: number;
  period: number;
  postedBy: string;
  /** The caller's clock; the database moves it up to the previous entry's posting time if it lies before. */
  clock: Date;
  sealVersion: number;
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
}

/**
 * The serialised part of a posting, in one round trip (`post_journal_entry`, migration 2026_11_25_1701): locks
 * the fiscal year's counter row until the transaction ends, takes the next number, seals the entry onto the
 * chain head, posts it and moves the counter. Every posting of the year waits for this lock, so numbers are
 * handed out one after another and a rolled-back posting gives its number back: gap-free.
 */
export async function postWithNextNumber(trx: Transaction<FinanceDb>, posting: CounterPosting): Promise<CounterResult> {
  const { rows } = await sql<{ entry_number: number; entry_posted_at: string; entry_previous_hash: string; entry_hash: string }>`
    select entry_number, entry_posted_at, entry_previous_hash, entry_hash
    from post_journal_entry(${posting.tenantId}::uuid, ${posting.entryId}::uuid, ${posting.fiscalYear}::integer, ${posting.period}::smallint,
      ${posting.postedBy}::text, ${posting.clock}::timestamptz, ${posting.sealVersion}::smallint,
      ${posting.seal.head}::text, ${posting.seal.middle}::text, ${posting.seal.tail}::text, ${posting.eventId}::uuid)`.execute(trx);
  const [row] = rows;
  if (!row) throw new Error(`Posting entry ${posting.entryId} returned nothing`);
  return { number: row.entry_number, postedAt: row.entry_posted_at, previousHash: row.entry_previous_hash, hash: row.entry_hash };
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
