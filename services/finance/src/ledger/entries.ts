import { randomUUID } from 'node:crypto';
import { type AppError, isAppError, withTenant } from '@erp/kit';
import type { Transaction } from 'kysely';
import {
  deleteDraftEntry,
  type EntryRow,
  headerColumns,
  insertDraftEntries,
  insertDraftEntry,
  lockEntry,
  type NewEntry,
  updateDraftEntry,
} from '../db/journal-entries.js';
import type { FinanceDb } from '../db/schema.js';
import { getSettings } from '../db/settings.js';
import type { EntryDraft, LedgerLine, LineDraft } from '../domain/entry.js';
import { SEAL_VERSION } from '../domain/entry-seal.js';
import { formatRate, Money } from '../domain/money.js';
import { toLedgerLines } from '../domain/posting.js';
import { EntryPostedError, PreconditionFailedError } from '../errors.js';
import { loadChartFor } from './chart-lookup.js';
import type { Actor, LedgerContext } from './context.js';
import type { EntryWithLines } from './journal.js';
import { type DraftToPost, type PlannedPosting, type PostingResult, planPostings, postDraft, writePostings } from './post-draft.js';

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

/** Creates a draft entry from a client's draft in the caller's transaction, checked against the chart. Returns its id. */
export async function createDraftEntry(trx: Transaction<FinanceDb>, actor: Actor, draft: EntryDraft): Promise<string> {
  const lines = await checkedLines(trx, actor.tenantId, draft);
  const entry = header(randomUUID(), draft);
  await insertDraftEntry(trx, actor.tenantId, { ...entry, draftLines: { input: [...draft.lines], lines } satisfies StoredDraft, createdBy: actor.actorId });
  return entry.id;
}

/** A client's draft to post, and who sends it. */
export interface PostRequest {
  readonly actor: Actor;
  readonly draft: EntryDraft;
}

/**
 * Posts clients' drafts of `tenantId` in the caller's transaction. Each result is the entry as posted or, as a
 * value, the refusal of that draft (a line the chart refuses, a period that is not open); the other drafts post
 * regardless. The chart is read once for all drafts, the rows of all entries are written with one statement per
 * table, and one call numbers and seals them all (see `writePostings`). The entries are answered from what was
 * written, without reading them back. Anything else that fails (the ledger not set up, a trigger's refusal)
 * throws and so rolls the whole transaction back.
 */
export async function createPostedEntries(
  trx: Transaction<FinanceDb>,
  context: LedgerContext,
  tenantId: string,
  requests: readonly PostRequest[],
): Promise<(EntryWithLines | AppError)[]> {
  const setUp = context.setUpCharts ? await context.setUpCharts.get(trx, tenantId) : undefined;
  if (!setUp) await getSettings(trx, tenantId);
  const chart = await loadChartFor(
    trx,
    tenantId,
    requests.map((request) => request.draft),
    setUp?.taxCodes,
  );
  const results = new Array<EntryWithLines | AppError>(requests.length);
  const checked: { index: number; draft: DraftToPost }[] = [];
  requests.forEach(({ actor, draft }, index) => {
    try {
      checked.push({ index, draft: { actor, entry: header(randomUUID(), draft), lines: toLedgerLines(draft, chart) } });
    } catch (error) {
      if (!isAppError(error)) throw error;
      results[index] = error;
    }
  });
  const plans = await planPostings(
    trx,
    tenantId,
    checked.map((item) => item.draft),
  );
  const open: { index: number; plan: PlannedPosting }[] = [];
  plans.forEach((plan, position) => {
    const index = (checked[position] as { index: number }).index;
    if (plan instanceof Error) {
      if (!isAppError(plan)) throw plan;
      results[index] = plan;
    } else open.push({ index, plan });
  });
  const created = await insertDraftEntries(
    trx,
    tenantId,
    open.map(({ plan }) => ({ ...plan.entry, draftLines: null, createdBy: plan.actor.actorId })),
  );
  const posted = await writePostings(
    trx,
    context,
    tenantId,
    open.map(({ plan }) => plan),
  );
  open.forEach(({ index, plan }, position) => {
    results[index] = postedEntry(plan, created[position] as { createdAt: Date }, posted[position] as PostingResult);
  });
  return results;
}

/** The entry as the journal now holds it, from what the posting wrote. */
function postedEntry(plan: PlannedPosting, created: { createdAt: Date }, posted: PostingResult): EntryWithLines {
  const { entry } = posted;
  return {
    entry: {
      ...headerColumns(entry),
      status: 'posted',
      fiscal_year: entry.fiscalYear,
      period: posted.period,
      number: entry.number,
      reversed_by: null,
      draft_lines: null,
      version: posted.version,
      created_at: created.createdAt,
      created_by: plan.actor.actorId,
      posted_at: new Date(entry.postedAt),
      posted_by: entry.postedBy,
      seal_version: SEAL_VERSION,
      previous_hash: posted.previousHash,
      hash: posted.hash,
    },
    lines: [...entry.lines],
  };
}

/** {@link createPostedEntries} for one draft; its refusal is thrown. */
export async function createPostedEntry(trx: Transaction<FinanceDb>, context: LedgerContext, actor: Actor, draft: EntryDraft): Promise<EntryWithLines> {
  const [result] = await createPostedEntries(trx, context, actor.tenantId, [{ actor, draft }]);
  if (!result || result instanceof Error) throw result;
  return result;
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
