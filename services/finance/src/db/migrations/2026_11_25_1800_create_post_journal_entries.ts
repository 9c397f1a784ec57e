// biome-ignore-all lint/suspicious/noExplicitAny: migrations take Kysely<any> so they never depend on today's schema types (STYLE.md rule 5).
import { type Kysely, sql } from 'kysely';
import { up as createPostJournalEntry } from './2026_11_25_1701_create_post_journal_entry.js';

// Frozen: do not import from src/. This file must mean the same thing a year from now.

// post_journal_entry (2026_11_25_1701) posted one draft per call. The service now posts the entries that arrive
// together in one transaction (group commit), so the serialised part takes a list: for each fiscal year of the
// list, in ascending order, lock its counter row once, then number and seal the year's entries one after another
// in the order given, moving the counter one step per entry (its trigger allows no other step); then post all
// entries and fill in their posted events, one statement each.
// The rules are those of the single call: the seal is SHA-256(previous seal || head || number || middle ||
// posted_at || tail) with posted_at in ISO 8601 UTC with milliseconds; the posting time is the caller's clock
// but never earlier than the entry before it; it runs as the caller under row-level security and can post only
// the tenant's own drafts. Locking the years in ascending order keeps two lists of several years from waiting on
// each other in a circle.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`drop function post_journal_entry(uuid, uuid, integer, smallint, text, timestamptz, smallint, text, text, text, uuid)`.execute(db);
  await sql`
    create function post_journal_entries(
      p_tenant uuid, p_clock timestamptz, p_seal_version smallint, p_entries uuid[], p_years integer[], p_periods smallint[],
      p_posted_by text[], p_seal_heads text[], p_seal_middles text[], p_seal_tails text[], p_events uuid[])
    returns table (entry_id uuid, entry_number integer, entry_posted_at text, entry_previous_hash text, entry_hash text, entry_version integer)
    language plpgsql as $$
    declare
      n integer := coalesce(cardinality(p_entries), 0);
      i integer;
      head record;
      previous_at timestamptz;
      stamp timestamptz;
      stamp_text text;
      chain_head text;
      next_number integer;
      numbers integer[] := '{}';
      stamps timestamptz[] := '{}';
      stamp_texts text[] := '{}';
      previous_hashes text[] := '{}';
      seals text[] := '{}';
      versions integer[];
      posted integer;
    begin
      if n = 0 then
        return;
      end if;
      if n <> cardinality(p_years) or n <> cardinality(p_periods) or n <> cardinality(p_posted_by) or n <> cardinality(p_seal_heads)
         or n <> cardinality(p_seal_middles) or n <> cardinality(p_seal_tails) or n <> cardinality(p_events) then
        raise exception 'post_journal_entries needs one value per entry in every list' using errcode = '22023';
      end if;
      for i in 1 .. n loop
        if i > 1 and p_years[i] < p_years[i - 1] then
          raise exception 'post_journal_entries needs the entries in ascending fiscal year' using errcode = '22023';
        end if;
        if i = 1 or p_years[i] <> p_years[i - 1] then
          select c.last_number, c.last_hash into head from posting_counter c where c.tenant_id = p_tenant and c.year = p_years[i] for update;
          if not found then
            raise exception 'fiscal year % has no posting counter', p_years[i] using errcode = 'P0002';
          end if;
          select e.posted_at into previous_at from journal_entry e
            where e.tenant_id = p_tenant and e.fiscal_year = p_years[i] and e.number = head.last_number;
          chain_head := head.last_hash;
          next_number := head.last_number;
        end if;
        next_number := next_number + 1;
        stamp := date_trunc('milliseconds', greatest(p_clock, previous_at));
        stamp_text := to_char(stamp at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');
        previous_hashes := previous_hashes || chain_head;
        chain_head := encode(sha256(convert_to(
          chain_head || p_seal_heads[i] || next_number::text || p_seal_middles[i] || stamp_text || p_seal_tails[i], 'UTF8')), 'hex');
        update posting_counter c set last_number = next_number, last_hash = chain_head where c.tenant_id = p_tenant and c.year = p_years[i];
        numbers := numbers || next_number;
        stamps := stamps || stamp;
        stamp_texts := stamp_texts || stamp_text;
        seals := seals || chain_head;
        previous_at := stamp;
      end loop;
      -- Both statements find their rows through the primary key (= any of the list) whatever the planner knows
      -- about the tables; array_position gives each row its place in the lists.
      with posted_rows as (
        update journal_entry e
          set status = 'posted', fiscal_year = p_years[array_position(p_entries, e.id)], period = p_periods[array_position(p_entries, e.id)],
              number = numbers[array_position(p_entries, e.id)], posted_at = stamps[array_position(p_entries, e.id)],
              posted_by = p_posted_by[array_position(p_entries, e.id)], seal_version = p_seal_version,
              previous_hash = previous_hashes[array_position(p_entries, e.id)], hash = seals[array_position(p_entries, e.id)],
              draft_lines = null, version = e.version + 1
          where e.tenant_id = p_tenant and e.id = any(p_entries) and e.status = 'draft'
          returning e.id, e.version
      )
      select count(*), array_agg(r.version order by array_position(p_entries, r.id)) into posted, versions from posted_rows r;
      if posted <> n then
        raise exception 'of the % journal entries to post only % are drafts of tenant %', n, posted, p_tenant using errcode = 'FN010';
      end if;
      update outbox o
        set data = o.data || jsonb_build_object('number', numbers[array_position(p_events, o.id)], 'posted_at', stamp_texts[array_position(p_events, o.id)],
                                                'hash', seals[array_position(p_events, o.id)])
        where o.id = any(p_events) and o.tenant_id = p_tenant and o.subject = p_entries[array_position(p_events, o.id)]::text;
      get diagnostics posted = row_count;
      if posted <> n then
        raise exception 'of the posted events of % journal entries only % are in the outbox', n, posted using errcode = 'P0002';
      end if;
      return query select p_entries[g.k], numbers[g.k], stamp_texts[g.k], previous_hashes[g.k], seals[g.k], versions[g.k]
        from generate_subscripts(p_entries, 1) as g (k) order by g.k;
    end $$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop function post_journal_entries(uuid, timestamptz, smallint, uuid[], integer[], smallint[], text[], text[], text[], text[], uuid[])`.execute(db);
  await createPostJournalEntry(db);
}
