import { withTenant } from '@erp/kit';
import type { Kysely, Transaction } from 'kysely';
import { type EntryFilter, type EntryPosition, type EntryRow, getEntry, listEntries } from '../db/journal-entries.js';
import { linesOf } from '../db/journal-lines.js';
import type { FinanceDb } from '../db/schema.js';
import type { LedgerLine } from '../domain/entry.js';
import type { LedgerContext } from './context.js';
import type { StoredDraft } from './entries.js';

export interface EntryWithLines {
  entry: EntryRow;
  lines: LedgerLine[];
  /** For a draft, the lines as the client wrote them. */
  input?: StoredDraft['input'];
}

async function withLines(db: Kysely<FinanceDb>, tenantId: string, entries: EntryRow[]): Promise<EntryWithLines[]> {
  const posted = entries.filter((entry) => entry.status === 'posted').map((entry) => entry.id);
  const lines = await linesOf(db, tenantId, posted);
  return entries.map((entry) => {
    if (entry.status === 'posted') return { entry, lines: lines.get(entry.id) ?? [] };
    // A draft written around the service may lack the saved lines; it then shows none.
    const stored = (entry.draft_lines ?? { input: [], lines: [] }) as StoredDraft;
    return { entry, lines: stored.lines, input: stored.input };
  });
}

/** One entry with its lines: the journal's lines when posted, the lines saved with a draft otherwise. */
export async function readEntry(context: LedgerContext, tenantId: string, id: string): Promise<EntryWithLines> {
  return withTenant(context.db, tenantId, (trx) => getEntryWithLines(trx, tenantId, id));
}

/** {@link readEntry} in the caller's transaction, e.g. to answer with an entry the transaction just wrote. */
export async function getEntryWithLines(trx: Transaction<FinanceDb>, tenantId: string, id: string): Promise<EntryWithLines> {
  const entry = await getEntry(trx, tenantId, id);
  const [result] = await withLines(trx, tenantId, [entry]);
  if (!result) throw new Error(`Entry ${id} vanished while it was read`);
  return result;
}

/** A page of entries with their lines: posted ones in journal order, drafts in creation order. */
export async function readEntries(context: LedgerContext, tenantId: string, filter: EntryFilter): Promise<{ items: EntryWithLines[]; next?: EntryPosition }> {
  return withTenant(context.db, tenantId, async (trx) => {
    const page = await listEntries(trx, tenantId, filter);
    const items = await withLines(trx, tenantId, page.entries);
    return page.next ? { items, next: page.next } : { items };
  });
}
