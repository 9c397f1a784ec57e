// biome-ignore-all lint/suspicious/noExplicitAny: migrations take Kysely<any> so they never depend on today's schema types (STYLE.md rule 5).
import { type Kysely, sql } from 'kysely';

// Frozen: do not import from src/. This file must mean the same thing a year from now.

export async function up(db: Kysely<any>): Promise<void> {
  // Expired tokens of every tenant must go, but row-level security shows the runtime role one tenant at a
  // time; this owner-run function deletes only rows that can never be used again.
  await sql`
    create function prune_expired(expired_before timestamptz) returns integer
      language plpgsql security definer set search_path from current as $$
    declare
      removed integer := 0;
      count integer;
    begin
      delete from refresh_token where expires_at < expired_before;
      get diagnostics count = row_count;
      removed := removed + count;
      delete from password_reset where expires_at < expired_before;
      get diagnostics count = row_count;
      removed := removed + count;
      return removed;
    end $$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop function prune_expired(timestamptz)`.execute(db);
}
