import { randomUUID } from 'node:crypto';
import { withTenant } from '@erp/kit';
import type { Transaction } from 'kysely';
import { deleteDraftEntry, type EntryRow, insertDraftEntry, lockEntry, type NewEntry, updateDraftEntry } from '../db/journal-entries.js';
import type { FinanceDb } from '../db/schema.js';
import { getSettings } from '../db/settings.js';
import type { EntryDraft, LedgerLine, LineDraft } from '../domain/entry.js';
import { formatRate, Money } from '../domain/money.js';
import { toLedgerLines } from '../domain/posting.js';
import { EntryPostedError, PreconditionFailedError } from '../errors.js';
import { loadChartFor } from './chart-lookup.js';
import type { Actor, LedgerContext } from './context.js';
import { postDraft } from './post-draft.js';

/** What a draft row keeps: the lines as the client wrote them, and the ledger lines they gave when saved. */
export interface StoredDraft {
  input: LineDraft[];
  lines: LedgerLine[];
}

/** The ETag of an entry version; `If-Match` must repeat it to change a draft. */
export function entryEtag(entry: Pick<EntryRow, 'id' | 'version'>): string {
  return `"${entry.id}-${entry.version}"`;
}

function assertMatches(entry: EntryRow, ifMatch: string | undefined): void {
  if (ifMatch !== undefined && ifMatch !== entryEtag(entry)) throw new PreconditionFailedError(entryEtag(entry));
}

async function checkedLines(trx: Transaction<FinanceDb>, tenantId: string, draft: EntryDraft): Promise<LedgerLine[]> {
  await getSettings(trx, tenantId);
  return toLedgerLines(draft, await loadChartFor(trx, tenantId, draft));
}

function header(id: string, draft: EntryDraft): Omit<NewEntry, 'draftLines' | 'createdBy'> {
  return {
    id,
    postingDate: draft.postingDate,
    documentDate: draft.documentDate,
    documentRef: draft.documentRef,
    description: draft.description,
    currency: draft.currency,
    // toLedgerLines has checked the rate; store it the way numeric(14,6) prints it, as the seal covers it.
    exchangeRate: formatRate(new Money(draft.exchangeRate)),
    reversalOf: null,
  };
}

/** Creates an entry from a client's draft in the caller's transaction: posted at once (the default) or kept as a draft. Returns its id. */
export async function createEntry(
  trx: Transaction<FinanceDb>,
  context: LedgerContext,
  actor: Actor,
  draft: EntryDraft,
  status: 'draft' | 'posted',
): Promise<string> {
  const lines = await checkedLines(trx, actor.tenantId, draft);
  const entry = header(randomUUID(), draft);
  const stored: StoredDraft | null = status === 'draft' ? { input: [...draft.lines], lines } : null;
  await insertDraftEntry(trx, actor.tenantId, { ...entry, draftLines: stored, createdBy: actor.actorId });
  if (status === 'posted') await postDraft(trx, context, actor, entry, lines);
  return entry.id;
}

async function lockDraft(trx: Transaction<FinanceDb>, tenantId: string, id: string, ifMatch: string | undefined): Promise<EntryRow> {
  const entry = await lockEntry(trx, tenantId, id);
  if (entry.status === 'posted') throw new EntryPostedError(id);
  assertMatches(entry, ifMatch);
  return entry;
}

/** Replaces a draft's fields and lines; posted entries refuse. */
export async function replaceDraft(context: LedgerContext, actor: Actor, id: string, draft: EntryDraft, ifMatch?: string): Promise<void> {
  await withTenant(context.db, actor.tenantId, async (trx) => {
    await lockDraft(trx, actor.tenantId, id, ifMatch);
    const lines = await checkedLines(trx, actor.tenantId, draft);
    const { id: _id, reversalOf: _reversalOf, ...fields } = header(id, draft);
    await updateDraftEntry(trx, actor.tenantId, id, { ...fields, draftLines: { input: [...draft.lines], lines } satisfies StoredDraft });
  });
}

/** Deletes a draft; posted entries refuse (they are corrected by reversal). */
export async function discardDraft(context: LedgerContext, actor: Actor, id: string, ifMatch?: string): Promise<void> {
  await withTenant(context.db, actor.tenantId, async (trx) => {
    await lockDraft(trx, actor.tenantId, id, ifMatch);
    await deleteDraftEntry(trx, actor.tenantId, id);
  });
}

/** Posts a draft, checking its lines again against the chart as it is now. */
export async function postExistingDraft(context: LedgerContext, actor: Actor, id: string, ifMatch?: string): Promise<void> {
  await withTenant(context.db, actor.tenantId, async (trx) => {
    const entry = await lockDraft(trx, actor.tenantId, id, ifMatch);
    const stored = (entry.draft_lines ?? { input: [], lines: [] }) as StoredDraft;
    const draft: EntryDraft = {
      postingDate: entry.posting_date,
      documentDate: entry.document_date,
      documentRef: entry.document_ref,
      description: entry.description,
      currency: entry.currency,
      exchangeRate: entry.exchange_rate,
      lines: stored.input,
    };
    const lines = await checkedLines(trx, actor.tenantId, draft);
    await postDraft(trx, context, actor, header(id, draft), lines);
  });
}
