import { type Kysely, sql } from 'kysely';
import type { SearchKind } from '../domain/search.js';
import type { CoreDb } from './schema.js';

export interface SearchHit {
  readonly kind: SearchKind;
  readonly id: string;
  readonly number: string;
  readonly title: string;
  readonly archived: boolean;
  readonly score: number;
}

export interface SearchFilter {
  readonly text: string;
  readonly kinds: readonly SearchKind[];
  readonly includeArchived: boolean;
  readonly limit: number;
}

/** Nearest entries taken from the index before scoring: enough that the best 50 by score are among them. */
const CANDIDATES = 60;
/** Least trigram word similarity of a result that neither is a whole-word match nor has a matching number. */
const MIN_SIMILARITY = 0.5;

/**
 * Ranked search over the tenant's search entries. Candidates are the entries nearest to the folded query by
 * trigram word distance, taken from the GiST index in order (so a typo is near its word), plus those whose
 * number or SKU starts with the query. Each is scored by trigram similarity, plus 0.3 when the query's
 * words are whole words of the entry, plus 1 when the number equals the query (0.5 when it starts with
 * it), so "K10001" puts that customer first; entries below {@link MIN_SIMILARITY} without a word or number
 * match are not results.
 */
export async function searchEntries(db: Kysely<CoreDb>, tenantId: string, filter: SearchFilter): Promise<SearchHit[]> {
  const numberPrefix = `${filter.text.toLowerCase().replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
  const kinds = sql.val([...filter.kinds]);
  // The folded query is written out where it is used rather than taken from a CTE: a CTE used twice is
  // materialised, and the index can order by distance only to a value known when the query is planned.
  const folded = sql`search_fold(${filter.text})`;
  const { rows } = await sql<SearchHit>`
    with candidate as (
      (select entry.kind, entry.id from search_entry entry
       where entry.tenant_id = ${tenantId} and entry.kind = any(${kinds}::text[]) and (${filter.includeArchived} or not entry.archived)
       order by entry.search_text operator(public.<->>) ${folded}
       limit ${CANDIDATES})
      union
      (select entry.kind, entry.id from search_entry entry
       where entry.tenant_id = ${tenantId} and lower(entry.number) like ${numberPrefix}
         and entry.kind = any(${kinds}::text[]) and (${filter.includeArchived} or not entry.archived)
       limit 20)
    ),
    scored as (
      select entry.kind, entry.id, entry.number, entry.title, entry.archived,
        greatest(public.word_similarity(${folded}, entry.search_text), public.similarity(${folded}, entry.search_text)) as similarity,
        entry.search_vector @@ plainto_tsquery('simple'::regconfig, ${folded}) as whole_words,
        case when lower(entry.number) = ${filter.text.toLowerCase()} then 1 when lower(entry.number) like ${numberPrefix} then 0.5 else 0 end as number_match
      from candidate
      join search_entry entry on entry.tenant_id = ${tenantId} and entry.kind = candidate.kind and entry.id = candidate.id
    )
    select kind, id, number, title, archived,
      round((similarity + case when whole_words then 0.3 else 0 end + number_match)::numeric, 4)::float8 as score
    from scored
    where similarity >= ${MIN_SIMILARITY} or whole_words or number_match > 0
    order by score desc, title, id
    limit ${filter.limit}`.execute(db);
  return rows;
}
