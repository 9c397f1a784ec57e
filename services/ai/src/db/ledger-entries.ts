import type { FinanceEntryPostedV1, FinanceEntryReversedV1 } from '@erp/contracts';
import { sql, type Transaction } from 'kysely';
import { entryFeatures, type LedgerEntry, type LedgerLine, labelKey } from '../intelligence/ledger/ledger-entry.js';
import { observationOf } from '../intelligence/suggestions/evidence.js';
import { learnObservation } from './ledger-model.js';
import type { AiDb } from './schema.js';

/** What applying an event did: the read model changed, or the event carried nothing new (a replay). */
export type ApplyOutcome = 'applied' | 'unchanged';

async function bumpGeneration(trx: Transaction<AiDb>, tenantId: string): Promise<void> {
  await sql`
    insert into ledger_state (tenant_id, generation, updated_at) values (${tenantId}, 1, now())
    on conflict (tenant_id) do update set generation = ledger_state.generation + 1, updated_at = now()`.execute(trx);
}

/** The tenant's read-model generation: it changes whenever an event changed the ledger. */
export async function findGeneration(trx: Transaction<AiDb>, tenantId: string): Promise<string> {
  const row = await trx.selectFrom('ledger_state').select('generation').where('tenant_id', '=', tenantId).executeTakeFirst();
  return row?.generation ?? '0';
}

function toLedgerEntry(data: FinanceEntryPostedV1, reversed: boolean): LedgerEntry {
  return {
    id: data.entry_id,
    postingDate: data.posting_date,
    postedAt: data.posted_at,
    postedBy: data.posted_by,
    documentRef: data.document_ref,
    description: data.description,
    reversalOf: data.reversal_of,
    reversed,
    // The read model works in euro: the base amounts are what the ledger balances in.
    lines: data.lines.map((line) => ({
      lineNo: line.line_no,
      account: line.account,
      debit: line.debit_base,
      credit: line.credit_base,
      taxCode: line.tax_code,
      taxOf: line.tax_of,
      text: line.text,
    })),
  };
}

/**
 * Applies `erp.finance.entry.posted.v1` to the read model: stores the entry and its lines once (a second
 * delivery under another event id changes nothing), learns it for suggestions unless it is reversed or a
 * reversal, and marks the entry a reversal cancels.
 */
export async function applyEntryPosted(trx: Transaction<AiDb>, tenantId: string, data: FinanceEntryPostedV1): Promise<ApplyOutcome> {
  const reversedEarlier = await trx
    .selectFrom('ledger_reversal')
    .select('reversal_id')
    .where('tenant_id', '=', tenantId)
    .where('entry_id', '=', data.entry_id)
    .executeTakeFirst();
  const entry = toLedgerEntry(data, reversedEarlier !== undefined);
  const features = entryFeatures(entry);
  const observation = observationOf(entry, features);
  const inserted = await trx
    .insertInto('ledger_entry')
    .values({
      tenant_id: tenantId,
      entry_id: entry.id,
      posting_date: entry.postingDate,
      posted_at: new Date(entry.postedAt),
      posted_by: entry.postedBy,
      document_ref: entry.documentRef,
      description: entry.description,
      currency: data.currency,
      reversal_of: entry.reversalOf,
      reversed: entry.reversed,
      amount: features.amount,
      counterparty: features.counterparty,
      tokens: [...features.tokens],
      label: features.label ? labelKey(features.label) : null,
      learned: observation !== undefined,
    })
    .onConflict((conflict) => conflict.columns(['tenant_id', 'entry_id']).doNothing())
    .returning('entry_id')
    .executeTakeFirst();
  if (!inserted) return 'unchanged';
  await trx
    .insertInto('ledger_line')
    .values(
      entry.lines.map((line: LedgerLine) => ({
        tenant_id: tenantId,
        entry_id: entry.id,
        line_no: line.lineNo,
        account: line.account,
        debit: line.debit,
        credit: line.credit,
        tax_code: line.taxCode,
        tax_of: line.taxOf,
        text: line.text,
      })),
    )
    .execute();
  if (observation) await learnObservation(trx, tenantId, observation, 1);
  if (entry.reversalOf) await unlearnReversed(trx, tenantId, entry.reversalOf, entry.id);
  await bumpGeneration(trx, tenantId);
  return 'applied';
}

/** Applies `erp.finance.entry.reversed.v1`: the entry is cancelled; what was learned from it is taken back. */
export async function applyEntryReversed(trx: Transaction<AiDb>, tenantId: string, data: FinanceEntryReversedV1): Promise<ApplyOutcome> {
  const changed = await unlearnReversed(trx, tenantId, data.entry_id, data.reversal_id);
  if (changed) await bumpGeneration(trx, tenantId);
  return changed ? 'applied' : 'unchanged';
}

async function unlearnReversed(trx: Transaction<AiDb>, tenantId: string, entryId: string, reversalId: string): Promise<boolean> {
  const marker =
    await sql`insert into ledger_reversal (tenant_id, entry_id, reversal_id) values (${tenantId}, ${entryId}, ${reversalId}) on conflict do nothing returning entry_id`.execute(
      trx,
    );
  const before = await trx
    .selectFrom('ledger_entry')
    .select(['tokens', 'label', 'learned', 'reversed'])
    .where('tenant_id', '=', tenantId)
    .where('entry_id', '=', entryId)
    .forUpdate()
    .executeTakeFirst();
  if (!before || before.reversed) return marker.rows.length > 0;
  await trx.updateTable('ledger_entry').set({ reversed: true, learned: false }).where('tenant_id', '=', tenantId).where('entry_id', '=', entryId).execute();
  if (before.learned && before.label !== null) await learnObservation(trx, tenantId, { label: before.label, tokens: before.tokens }, -1);
  return true;
}
