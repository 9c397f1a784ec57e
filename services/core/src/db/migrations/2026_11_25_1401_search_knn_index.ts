// biome-ignore-all lint/suspicious/noExplicitAny: migrations take Kysely<any> so they never depend on today's schema types (STYLE.md rule 5).
import { type Kysely, sql } from 'kysely';

// Frozen: do not import from src/. This file must mean the same thing a year from now.

export async function up(db: Kysely<any>): Promise<void> {
  // Search ranks by trigram word distance straight out of a GiST index (nearest neighbours, k at a time),
  // instead of collecting every match from GIN indexes and scoring them all: a common name matches
  // thousands of records at 150,000 entries. The tenant leads the index (btree_gist), so one tenant's
  // search never walks another's entries; the long signature (256 bytes) keeps the trigram sets precise.
  await sql`drop index search_entry_trgm_idx`.execute(db);
  await sql`drop index search_entry_vector_idx`.execute(db);
  await sql`create index search_entry_knn_idx on search_entry using gist (tenant_id, search_text public.gist_trgm_ops(siglen = 256))`.execute(db);
  // A number or SKU typed from its start finds its record even where trigrams say little ("K1").
  await sql`create index search_entry_number_idx on search_entry (tenant_id, lower(number) text_pattern_ops)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index search_entry_number_idx`.execute(db);
  await sql`drop index search_entry_knn_idx`.execute(db);
  await sql`create index search_entry_trgm_idx on search_entry using gin (search_text public.gin_trgm_ops)`.execute(db);
  await sql`create index search_entry_vector_idx on search_entry using gin (search_vector)`.execute(db);
}
