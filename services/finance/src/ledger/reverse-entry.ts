import { randomUUID } from 'node:crypto';
import { writeEvent } from '@erp/kit';
import type { Transaction } from 'kysely';
import { pgError } from '../db/db-errors.js';
import { insertDraftEntry, lockEntry } from '../db/journal-entries.js';
import { linesOf } from '../db/journal-lines.js';
import type { FinanceDb } from '../db/schema.js';
import { toReversalLines } from '../domain/reversal.js';
import { isSafeText } from '../domain/text.js';
import { AlreadyReversedError, EntryNotPostedError, InvalidFieldError, ReversalNotReversibleError, withFieldErrors } from '../errors.js';
import type { Actor, LedgerContext } from './context.js';
import { EVENT_SOURCE, entryReversedEvent } from './entry-events.js';
import { postDraft } from './post-draft.js';

/** What a client may say about a reversal; everything else is taken from the original. */
export interface ReversalOptions {
  postingDate?: string | undefined;
  documentDate?: string | undefined;
  documentRef?: string | undefined;
  description?: string | undefined;
}

const DESCRIPTION_MAX = 200;

function checkTexts(options: ReversalOptions): void {
  const problems = [
    ...(options.documentRef !== undefined && !isSafeText(options.documentRef)
      ? [{ pointer: '/document_ref', detail: 'The document reference contains control characters.' }]
      : []),
    ...(options.description !== undefined && !isSafeText(options.description)
      ? [{ pointer: '/description', detail: 'The description contains control characters.' }]
      : []),
  ];
  if (problems.length > 0) throw withFieldErrors(InvalidFieldError, problems, problems.length);
}

/**
 * Reverses (storniert) a posted entry: posts a new entry with the same lines on swapped sides that refers to
 * the original, by default on the original's posting date. An entry is reversed at most once (checked under
 * the original's row lock, and by a unique index), and a reversal itself is not reversed.
 */
export async function reverseEntry(trx: Transaction<FinanceDb>, context: LedgerContext, actor: Actor, id: string, options: ReversalOptions): Promise<string> {
  checkTexts(options);
  const original = await lockEntry(trx, actor.tenantId, id);
  if (original.status !== 'posted') throw new EntryNotPostedError(id);
  if (original.reversal_of !== null) throw new ReversalNotReversibleError(id);
  if (original.reversed_by !== null) throw new AlreadyReversedError(id);
  const lines = toReversalLines((await linesOf(trx, actor.tenantId, [id])).get(id) ?? []);
  const postingDate = options.postingDate ?? original.posting_date;
  const entry = {
    id: randomUUID(),
    postingDate,
    documentDate: options.documentDate ?? postingDate,
    documentRef: options.documentRef ?? original.document_ref,
    description: options.description ?? Array.from(`Storno: ${original.description}`).slice(0, DESCRIPTION_MAX).join(''),
    currency: original.currency,
    exchangeRate: original.exchange_rate,
    reversalOf: id,
  };
  try {
    await insertDraftEntry(trx, actor.tenantId, { ...entry, draftLines: null, createdBy: actor.actorId });
  } catch (error) {
    const { code, constraint } = pgError(error);
    if (code === '23505' && constraint === 'journal_entry_reversal_uq') throw new AlreadyReversedError(id);
    throw error;
  }
  const sealed = await postDraft(trx, context, actor, entry, lines);
  await writeEvent(trx, entryReversedEvent(id, sealed, actor.traceparent), { source: EVENT_SOURCE });
  return entry.id;
}
