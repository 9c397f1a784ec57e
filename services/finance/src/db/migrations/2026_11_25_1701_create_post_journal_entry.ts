// biome-ignore-all lint/suspicious/noExplicitAny: migrations take Kysely<any> so they never depend on today's schema types (STYLE.md rule 5).
import { type Kysely, sql } from 'kysely';

// Frozen: do not import from src/. This file must mean the same thing a year from now.

// The serialised part of a posting in one call: lock the fiscal year's counter row, take the next number, seal
// the entry onto the chain head, post it, move the counter and fill the number, time and seal into the posted
// event the transaction has already written. Everything else of the posting (its checks, its lines, the event)
// happens before, outside the lock, and the lock ends with the transaction, so the postings of a year wait on
// each other only for this call and the commit.
//
// The caller passes the entry's canonical text in three pieces around its number and posting time, which only
// exist under the lock: the seal is SHA-256(previous seal || head || number || middle || posted_at || tail),
// posted_at in ISO 8601 UTC with milliseconds. The posting time is the caller's clock, but never earlier than
// the previous entry's, so posting times rise with the numbers also when the callers' clocks disagree a little.
//
// It runs as the caller (the runtime role), under row-level security: it can post only the tenant's own draft.
// Each statement of a volatile function takes a fresh snapshot, so once the lock is granted the previous
// entry, committed while this one waited, is visible.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function post_journal_entry(
      p_tenant uuid, p_entry uuid, p_year integer, p_period smallint, p_posted_by text, p_clock timestamptz,
      p_seal_version smallint, p_seal_head text, p_seal_middle text, p_seal_tail text, p_event uuid)
    returns table (entry_number integer, entry_posted_at text, entry_previous_hash text, entry_hash text)
    language plpgsql as $$
    declare
      head record;
      previous_at timestamptz;
      stamp timestamptz;
      stamp_text text;
      next_number integer;
      seal text;
    begin
      select c.last_number, c.last_hash into head from posting_counter c where c.tenant_id = p_tenant and c.year = p_year for update;
      if not found then
        raise exception 'fiscal year % has no posting counter', p_year using errcode = 'P0002';
      end if;
      next_number := head.last_number + 1;
      select e.posted_at into previous_at from journal_entry e
        where e.tenant_id = p_tenant and e.fiscal_year = p_year and e.number = head.last_number;
      stamp := date_trunc('milliseconds', greatest(p_clock, previous_at));
      stamp_text := to_char(stamp at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');
      seal := encode(sha256(convert_to(head.last_hash || p_seal_head || next_number::text || p_seal_middle || stamp_text || p_seal_tail, 'UTF8')), 'hex');
      update journal_entry e
        set status = 'posted', fiscal_year = p_year, period = p_period, number = next_number, posted_at = stamp, posted_by = p_posted_by,
            seal_version = p_seal_version, previous_hash = head.last_hash, hash = seal, draft_lines = null, version = e.version + 1
        where e.tenant_id = p_tenant and e.id = p_entry and e.status = 'draft';
      if not found then
        raise exception 'journal entry % is no draft of tenant %', p_entry, p_tenant using errcode = 'FN010';
      end if;
      update posting_counter c set last_number = next_number, last_hash = seal where c.tenant_id = p_tenant and c.year = p_year;
      update outbox o set data = o.data || jsonb_build_object('number', next_number, 'posted_at', stamp_text, 'hash', seal)
        where o.id = p_event and o.tenant_id = p_tenant and o.subject = p_entry::text;
      if not found then
        raise exception 'the posted event % of journal entry % is missing', p_event, p_entry using errcode = 'P0002';
      end if;
      return query select next_number, stamp_text, head.last_hash, seal;
    end $$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop function post_journal_entry(uuid, uuid, integer, smallint, text, timestamptz, smallint, text, text, text, uuid)`.execute(db);
}
