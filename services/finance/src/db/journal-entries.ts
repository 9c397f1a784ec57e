import { type Kysely, sql, type Transaction } from 'kysely';
import { EntryNotFoundError } from '../errors.js';
import type { FinanceDb } from './schema.js';

export interface EntryRow {
  id: string;
  status: 'draft' | 'posted';
  fiscal_year: number | null;
  period: number | null;
  number: number | null;
  posting_date: string;
  document_date: string;
  document_ref: string;
  description: string;
  currency: string;
  exchange_rate: string;
  reversal_of: string | null;
  reversed_by: string | null;
  draft_lines: unknown;
  version: number;
  created_at: Date;
  created_by: string;
  posted_at: Date | null;
  posted_by: string | null;
  seal_version: number | null;
  previous_hash: string | null;
  hash: string | null;
}

function selectEntries(db: Kysely<FinanceDb>, tenantId: string) {
  return db
    .selectFrom('journal_entry as e')
    .select([
      'e.id',
      'e.status',
      'e.fiscal_year',
      'e.period',
      'e.number',
      sql<string>`to_char(e.posting_date, 'YYYY-MM-DD')`.as('posting_date'),
      sql<string>`to_char(e.document_date, 'YYYY-MM-DD')`.as('document_date'),
      'e.document_ref',
      'e.description',
      'e.currency',
      'e.exchange_rate',
      'e.reversal_of',
      sql<string | null>`(select r.id from journal_entry r where r.tenant_id = e.tenant_id and r.reversal_of = e.id)`.as('reversed_by'),
      'e.draft_lines',
      'e.version',
      'e.created_at',
      'e.created_by',
      'e.posted_at',
      'e.posted_by',
      'e.seal_version',
      'e.previous_hash',
      'e.hash',
    ])
    .where('e.tenant_id', '=', tenantId);
}

export async function findEntry(db: Kysely<FinanceDb>, tenantId: string, id: string): Promise<EntryRow | undefined> {
  return selectEntries(db, tenantId).where('e.id', '=', id).executeTakeFirst();
}

export async function getEntry(db: Kysely<FinanceDb>, tenantId: string, id: string): Promise<EntryRow> {
  const entry = await findEntry(db, tenantId, id);
  if (!entry) throw new EntryNotFoundError(id);
  return entry;
}

/** Locks an entry for the rest of the transaction (a posted one too: a lock is no change) and returns it. */
export async function lockEntry(trx: Transaction<FinanceDb>, tenantId: string, id: string): Promise<EntryRow> {
  const locked = await trx.selectFrom('journal_entry').select('id').where('tenant_id', '=', tenantId).where('id', '=', id).forUpdate().executeTakeFirst();
  if (!locked) throw new EntryNotFoundError(id);
  return getEntry(trx, tenantId, id);
}

/** Where a page of entries starts: posted entries in (fiscal year, number) order, drafts in creation order. */
export type EntryPosition = { kind: 'posted'; fiscalYear: number; number: number } | { kind: 'draft'; createdAt: string; id: string };

export interface EntryFilter {
  status: 'draft' | 'posted';
  fiscalYear?: number | undefined;
  limit: number;
  after?: EntryPosition | undefined;
}

export async function listEntries(db: Kysely<FinanceDb>, tenantId: string, filter: EntryFilter): Promise<{ entries: EntryRow[]; next?: EntryPosition }> {
  let query = selectEntries(db, tenantId).where('e.status', '=', filter.status);
  if (filter.fiscalYear !== undefined) query = query.where('e.fiscal_year', '=', filter.fiscalYear);
  const after = filter.after;
  if (after?.kind === 'posted') query = query.where(sql<boolean>`(e.fiscal_year, e.number) > (${after.fiscalYear}, ${after.number})`);
  if (after?.kind === 'draft') query = query.where(sql<boolean>`(e.created_at, e.id) > (${after.createdAt}::timestamptz, ${after.id}::uuid)`);
  query = filter.status === 'posted' ? query.orderBy('e.fiscal_year').orderBy('e.number') : query.orderBy('e.created_at').orderBy('e.id');
  const rows = await query.limit(filter.limit + 1).execute();
  const entries = rows.slice(0, filter.limit);
  const last = entries.at(-1);
  if (rows.length <= filter.limit || !last) return { entries };
  const next: EntryPosition =
    last.status === 'posted'
      ? { kind: 'posted', fiscalYear: last.fiscal_year ?? 0, number: last.number ?? 0 }
      : { kind: 'draft', createdAt: last.created_at.toISOString(), id: last.id };
  return { entries, next };
}

export interface NewEntry {
  id: string;
  postingDate: string;
  documentDate: string;
  documentRef: string;
  description: string;
  currency: string;
  exchangeRate: string;
  reversalOf: string | null;
  draftLines: unknown;
  createdBy: string;
}

/** An entry's header as the journal_entry columns hold it. */
export function headerColumns(entry: Omit<NewEntry, 'draftLines' | 'createdBy'>) {
  return {
    id: entry.id,
    posting_date: entry.postingDate,
    document_date: entry.documentDate,
    document_ref: entry.documentRef,
    description: entry.description,
    currency: entry.currency,
    exchange_rate: entry.exchangeRate,
    reversal_of: entry.reversalOf,
  };
}

/** Inserts an entry as a draft, the only way an entry is born. */
export async function insertDraftEntry(trx: Transaction<FinanceDb>, tenantId: string, entry: NewEntry): Promise<void> {
  await insertDraftEntries(trx, tenantId, [entry]);
}

/** {@link insertDraftEntry} for several entries in one statement; returns each one's creation time and version, in order. */
export async function insertDraftEntries(
  trx: Transaction<FinanceDb>,
  tenantId: string,
  entries: readonly NewEntry[],
): Promise<{ createdAt: Date; version: number }[]> {
  if (entries.length === 0) return [];
  const rows = await trx
    .insertInto('journal_entry')
    .values(
      entries.map((entry) => ({
        tenant_id: tenantId,
        ...headerColumns(entry),
        draft_lines: entry.draftLines === null ? null : JSON.stringify(entry.draftLines),
        fiscal_year: null,
        period: null,
        number: null,
        posted_at: null,
        posted_by: null,
        seal_version: null,
        previous_hash: null,
        hash: null,
        created_by: entry.createdBy,
      })),
    )
    .returning(['id', 'created_at', 'version'])
    .execute();
  const byId = new Map(rows.map((row) => [row.id, { createdAt: row.created_at, version: row.version }]));
  return entries.map((entry) => {
    const created = byId.get(entry.id);
    if (!created) throw new Error(`Entry ${entry.id} was not inserted`);
    return created;
  });
}

export type DraftChanges = Omit<NewEntry, 'id' | 'reversalOf' | 'createdBy'>;

export async function updateDraftEntry(trx: Transaction<FinanceDb>, tenantId: string, id: string, changes: DraftChanges): Promise<void> {
  await trx
    .updateTable('journal_entry')
    .set({
      posting_date: changes.postingDate,
      document_date: changes.documentDate,
      document_ref: changes.documentRef,
      description: changes.description,
      currency: changes.currency,
      exchange_rate: changes.exchangeRate,
      draft_lines: JSON.stringify(changes.draftLines),
      version: sql`version + 1`,
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .execute();
}

export async function deleteDraftEntry(trx: Transaction<FinanceDb>, tenantId: string, id: string): Promise<void> {
  await trx.deleteFrom('journal_entry').where('tenant_id', '=', tenantId).where('id', '=', id).where('status', '=', 'draft').execute();
}
