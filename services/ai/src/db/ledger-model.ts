import { sql, type Transaction } from 'kysely';
import {
  type LabelStats,
  type Neighbour,
  neighbourSearchTokens,
  type Observation,
  PRIOR_LABELS,
  type SuggestionEvidence,
  type TokenLabelCount,
} from '../intelligence/suggestions/evidence.js';
import { NEIGHBOUR_CANDIDATES_MAX } from '../intelligence/suggestions/memory-model.js';
import type { AiDb } from './schema.js';

/**
 * Adds (delta 1) or takes back (delta -1) one observation in the suggestion model: the label's count, each
 * token's count with the label, and the number learned. Tokens are written in sorted order, so concurrent
 * events lock rows in the same order and cannot deadlock.
 */
export async function learnObservation(
  trx: Transaction<AiDb>,
  tenantId: string,
  observation: Observation,
  delta: 1 | -1,
  costCentre?: string | null,
): Promise<void> {
  const tokens = [...new Set(observation.tokens)].sort();
  if (tokens.length > 0)
    await sql`
      insert into suggestion_token (tenant_id, token, label, entries)
      select ${tenantId}, token, ${observation.label}, ${Math.max(0, delta)} from unnest(${tokens}::text[]) as token
      on conflict (tenant_id, token, label) do update set entries = greatest(0, suggestion_token.entries + ${delta})`.execute(trx);
  await sql`
    insert into suggestion_label (tenant_id, label, entries, cost_centre) values (${tenantId}, ${observation.label}, ${Math.max(0, delta)}, ${costCentre ?? null})
    on conflict (tenant_id, label) do update set
      entries = greatest(0, suggestion_label.entries + ${delta}),
      cost_centre = coalesce(excluded.cost_centre, suggestion_label.cost_centre)`.execute(trx);
  await sql`
    insert into ledger_state (tenant_id, learned) values (${tenantId}, ${Math.max(0, delta)})
    on conflict (tenant_id) do update set learned = greatest(0, ledger_state.learned + ${delta})`.execute(trx);
}

/** Counts a rejected proposal against the query's tokens (amount bands aside, which say nothing about the payee). */
export async function recordRejection(trx: Transaction<AiDb>, tenantId: string, tokens: readonly string[], label: string): Promise<void> {
  const words = [...new Set(tokens.filter((token) => !token.startsWith('amt:')))].sort();
  if (words.length === 0) return;
  await sql`
    insert into suggestion_token (tenant_id, token, label, rejected)
    select ${tenantId}, token, ${label}, 1 from unnest(${words}::text[]) as token
    on conflict (tenant_id, token, label) do update set rejected = suggestion_token.rejected + 1`.execute(trx);
}

/** What the model knows about the given tokens: see {@link SuggestionEvidence}. */
export async function loadEvidence(trx: Transaction<AiDb>, tenantId: string, tokens: readonly string[]): Promise<SuggestionEvidence> {
  const state = await trx.selectFrom('ledger_state').select('learned').where('tenant_id', '=', tenantId).executeTakeFirst();
  const tokenRows = await trx
    .selectFrom('suggestion_token')
    .select(['token', 'label', 'entries', 'rejected'])
    .where('tenant_id', '=', tenantId)
    .where('token', '=', sql<string>`any(${[...tokens]}::text[])`)
    .execute();
  const perToken = new Map<string, TokenLabelCount[]>();
  for (const row of tokenRows)
    perToken.set(row.token, [...(perToken.get(row.token) ?? []), { label: row.label, entries: row.entries, rejected: row.rejected }]);
  const involved = [...new Set(tokenRows.filter((row) => row.entries > 0).map((row) => row.label))];
  const labelRows = await sql<{ label: string; entries: number; cost_centre: string | null }>`
    select label, entries, cost_centre from suggestion_label
    where tenant_id = ${tenantId} and entries > 0
      and (label = any(${involved}::text[])
        or label in (select label from suggestion_label where tenant_id = ${tenantId} and entries > 0 order by entries desc, label collate "C" limit ${PRIOR_LABELS}))`.execute(
    trx,
  );
  const labels = new Map<string, LabelStats>(labelRows.rows.map((row) => [row.label, { label: row.label, entries: row.entries, costCentre: row.cost_centre }]));
  return { entries: state?.learned ?? 0, labels, tokens: perToken, neighbours: await loadNeighbours(trx, tenantId, neighbourSearchTokens(perToken)) };
}

/** Learned entries sharing the most of the search tokens, most recent first among equals. */
async function loadNeighbours(trx: Transaction<AiDb>, tenantId: string, words: readonly string[]): Promise<Neighbour[]> {
  if (words.length === 0) return [];
  const { rows } = await sql<{ entry_id: string; label: string; tokens: string[]; posting_date: string }>`
    select entry_id, label, tokens, posting_date::text as posting_date from ledger_entry
    where tenant_id = ${tenantId} and learned and tokens && ${words}::text[]
    order by cardinality(array(select unnest(tokens) intersect select unnest(${words}::text[]))) desc, posting_date desc, entry_id
    limit ${NEIGHBOUR_CANDIDATES_MAX}`.execute(trx);
  return rows.map((row) => ({ entryId: row.entry_id, label: row.label, tokens: row.tokens, postingDate: row.posting_date }));
}
