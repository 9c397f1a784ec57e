import type { Transaction } from 'kysely';
import type { AiDb, SuggestionTable } from './schema.js';

/** A proposal as stored with its suggestion: enough to learn from the feedback on it. */
export interface StoredProposal {
  readonly rank: number;
  readonly label: string;
}

export interface SuggestionRow {
  readonly id: string;
  readonly kind: SuggestionTable['kind'];
  readonly tokens: readonly string[];
  readonly proposals: readonly StoredProposal[];
  readonly outcome: 'accepted' | 'rejected' | null;
}

export async function insertSuggestion(
  trx: Transaction<AiDb>,
  tenantId: string,
  suggestion: { id: string; kind: SuggestionTable['kind']; tokens: readonly string[]; proposals: readonly StoredProposal[]; createdAt: Date },
): Promise<void> {
  await trx
    .insertInto('suggestion')
    .values({
      tenant_id: tenantId,
      id: suggestion.id,
      created_at: suggestion.createdAt,
      kind: suggestion.kind,
      tokens: [...suggestion.tokens],
      proposals: JSON.stringify(suggestion.proposals),
      outcome: null,
      chosen: null,
      cost_centre: null,
      decided_at: null,
    })
    .execute();
}

/** The suggestion, locked for the feedback that decides it; undefined when the tenant has none with this id. */
export async function lockSuggestion(trx: Transaction<AiDb>, tenantId: string, id: string): Promise<SuggestionRow | undefined> {
  const row = await trx
    .selectFrom('suggestion')
    .select(['id', 'kind', 'tokens', 'proposals', 'outcome'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  return row ? { id: row.id, kind: row.kind, tokens: row.tokens, proposals: row.proposals as StoredProposal[], outcome: row.outcome } : undefined;
}

export async function recordFeedback(
  trx: Transaction<AiDb>,
  tenantId: string,
  id: string,
  feedback: { outcome: 'accepted' | 'rejected'; chosen: string | null; costCentre: string | null; decidedAt: Date },
): Promise<void> {
  await trx
    .updateTable('suggestion')
    .set({ outcome: feedback.outcome, chosen: feedback.chosen, cost_centre: feedback.costCentre, decided_at: feedback.decidedAt })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}
