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

/**
 * Ranked search over the tenant's search entries. A record matches when the folded query is a close word
 * of its text (trigram word similarity, so a typo still matches), one of its words, or a part of it. The
 * score adds trigram similarity, a whole-word match and a number (or SKU) that equals or starts with the
 * query, so "K10001" puts that customer first. Both conditions use the GIN indexes of search_entry.
 */
export async function searchEntries(db: Kysely<CoreDb>, tenantId: string, filter: SearchFilter): Promise<SearchHit[]> {
  const pattern = `%${filter.text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
  const { rows } = await sql<SearchHit>`
    with query as (select search_fold(${filter.text}) as text, plainto_tsquery('simple'::regconfig, search_fold(${filter.text})) as words)
    select entry.kind, entry.id, entry.number, entry.title, entry.archived,
      round((
        greatest(public.word_similarity(query.text, entry.search_text), public.similarity(query.text, entry.search_text))
        + case when entry.search_vector @@ query.words then 0.3 else 0 end
        + case when search_fold(entry.number) = query.text then 1 when search_fold(entry.number) like query.text || '%' then 0.5 else 0 end
      )::numeric, 4)::float8 as score
    from search_entry entry, query
    where entry.tenant_id = ${tenantId}
      and entry.kind = any(${sql.val([...filter.kinds])}::text[])
      and (${filter.includeArchived} or not entry.archived)
      and (query.text operator(public.<%) entry.search_text
           or entry.search_vector @@ query.words
           or entry.search_text like search_fold(${pattern}))
    order by score desc, entry.title, entry.id
    limit ${filter.limit}`.execute(db);
  return rows;
}
