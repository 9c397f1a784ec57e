import { type Kysely, sql, type Transaction } from 'kysely';
import type { DocumentContentType, DocumentType } from '../domain/document.js';
import { DocumentNotFoundError } from '../errors.js';
import type { FinanceDb } from './schema.js';

export interface DocumentRow {
  id: string;
  document_type: DocumentType;
  content_type: DocumentContentType;
  /** bigint, as the driver returns it. */
  size_bytes: string;
  sha256: string;
  file_name: string | null;
  document_date: string | null;
  partner_ref: string | null;
  note: string | null;
  created_at: Date;
  created_by: string;
  /** `created_at` to the microsecond, for cursors. */
  position: string;
}

export interface LinkRow {
  document_id: string;
  entry_id: string;
  entry_status: 'draft' | 'posted';
  linked_at: Date;
  linked_by: string;
}

function selectDocuments(db: Kysely<FinanceDb>, tenantId: string) {
  return db
    .selectFrom('document as d')
    .select([
      'd.id',
      'd.document_type',
      'd.content_type',
      'd.size_bytes',
      'd.sha256',
      'd.file_name',
      sql<string | null>`to_char(d.document_date, 'YYYY-MM-DD')`.as('document_date'),
      'd.partner_ref',
      'd.note',
      'd.created_at',
      'd.created_by',
      sql<string>`to_char(d.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('position'),
    ])
    .where('d.tenant_id', '=', tenantId);
}

export interface NewDocument {
  id: string;
  documentType: DocumentType;
  contentType: DocumentContentType;
  sizeBytes: number;
  sha256: string;
  fileName: string | null;
  documentDate: string | null;
  partnerRef: string | null;
  note: string | null;
  createdBy: string;
}

export async function insertDocument(trx: Transaction<FinanceDb>, tenantId: string, document: NewDocument): Promise<void> {
  await trx
    .insertInto('document')
    .values({
      tenant_id: tenantId,
      id: document.id,
      document_type: document.documentType,
      content_type: document.contentType,
      size_bytes: document.sizeBytes,
      sha256: document.sha256,
      file_name: document.fileName,
      document_date: document.documentDate,
      partner_ref: document.partnerRef,
      note: document.note,
      created_by: document.createdBy,
    })
    .execute();
}

export async function findDocument(db: Kysely<FinanceDb>, tenantId: string, id: string): Promise<DocumentRow | undefined> {
  return selectDocuments(db, tenantId).where('d.id', '=', id).executeTakeFirst();
}

export async function getDocument(db: Kysely<FinanceDb>, tenantId: string, id: string): Promise<DocumentRow> {
  const document = await findDocument(db, tenantId, id);
  if (!document) throw new DocumentNotFoundError(id);
  return document;
}

/**
 * Serialises the changes of one document (links, deletion) until the transaction ends, and returns it. An
 * advisory lock, because the runtime role has no UPDATE right on documents, which a row lock would need.
 */
export async function lockDocument(trx: Transaction<FinanceDb>, tenantId: string, id: string): Promise<DocumentRow> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`finance.document:${tenantId}:${id}`}, 0))`.execute(trx);
  return getDocument(trx, tenantId, id);
}

export async function deleteDocument(trx: Transaction<FinanceDb>, tenantId: string, id: string): Promise<void> {
  await trx.deleteFrom('document').where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

/** Where a page of documents starts: newest first. */
export interface DocumentPosition {
  createdAt: string;
  id: string;
}

export interface DocumentFilter {
  documentType?: DocumentType | undefined;
  partnerRef?: string | undefined;
  dateFrom?: string | undefined;
  dateTo?: string | undefined;
  entryId?: string | undefined;
  linked?: boolean | undefined;
  sha256?: string | undefined;
  limit: number;
  after?: DocumentPosition | undefined;
}

const hasLink = (entryId?: string) =>
  sql<boolean>`exists (select 1 from document_link l where l.tenant_id = d.tenant_id and l.document_id = d.id ${
    entryId === undefined ? sql`` : sql`and l.entry_id = ${entryId}`
  })`;

export async function listDocuments(
  db: Kysely<FinanceDb>,
  tenantId: string,
  filter: DocumentFilter,
): Promise<{ documents: DocumentRow[]; next?: DocumentPosition }> {
  let query = selectDocuments(db, tenantId);
  if (filter.documentType) query = query.where('d.document_type', '=', filter.documentType);
  if (filter.partnerRef !== undefined) query = query.where('d.partner_ref', '=', filter.partnerRef);
  if (filter.dateFrom) query = query.where(sql<boolean>`d.document_date >= ${filter.dateFrom}::date`);
  if (filter.dateTo) query = query.where(sql<boolean>`d.document_date <= ${filter.dateTo}::date`);
  if (filter.sha256) query = query.where('d.sha256', '=', filter.sha256);
  if (filter.entryId) query = query.where(hasLink(filter.entryId));
  if (filter.linked !== undefined) query = query.where(filter.linked ? hasLink() : sql<boolean>`not ${hasLink()}`);
  if (filter.after) query = query.where(sql<boolean>`(d.created_at, d.id) < (${filter.after.createdAt}::timestamptz, ${filter.after.id}::uuid)`);
  const rows = await query
    .orderBy('d.created_at', 'desc')
    .orderBy('d.id', 'desc')
    .limit(filter.limit + 1)
    .execute();
  const documents = rows.slice(0, filter.limit);
  const last = documents.at(-1);
  return rows.length > filter.limit && last ? { documents, next: { createdAt: last.position, id: last.id } } : { documents };
}

/** The links of the documents, by document, oldest first, with the status of each linked entry. */
export async function linksOf(db: Kysely<FinanceDb>, tenantId: string, documentIds: readonly string[]): Promise<Map<string, LinkRow[]>> {
  const byDocument = new Map<string, LinkRow[]>();
  if (documentIds.length === 0) return byDocument;
  const rows = await db
    .selectFrom('document_link as l')
    .innerJoin('journal_entry as e', (join) => join.onRef('e.tenant_id', '=', 'l.tenant_id').onRef('e.id', '=', 'l.entry_id'))
    .select(['l.document_id', 'l.entry_id', 'e.status as entry_status', 'l.linked_at', 'l.linked_by'])
    .where('l.tenant_id', '=', tenantId)
    .where('l.document_id', 'in', [...documentIds])
    .orderBy('l.linked_at')
    .orderBy('l.entry_id')
    .execute();
  for (const row of rows) byDocument.set(row.document_id, [...(byDocument.get(row.document_id) ?? []), row]);
  return byDocument;
}

/** Links a document to an entry; false when the link existed already. */
export async function insertLink(
  trx: Transaction<FinanceDb>,
  tenantId: string,
  link: { documentId: string; entryId: string; linkedBy: string },
): Promise<boolean> {
  const inserted = await trx
    .insertInto('document_link')
    .values({ tenant_id: tenantId, document_id: link.documentId, entry_id: link.entryId, linked_by: link.linkedBy })
    .onConflict((conflict) => conflict.columns(['tenant_id', 'document_id', 'entry_id']).doNothing())
    .returning('entry_id')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** Removes a link; false when there was none. */
export async function deleteLink(trx: Transaction<FinanceDb>, tenantId: string, documentId: string, entryId: string): Promise<boolean> {
  const result = await trx
    .deleteFrom('document_link')
    .where('tenant_id', '=', tenantId)
    .where('document_id', '=', documentId)
    .where('entry_id', '=', entryId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/**
 * Serialises everything done to the file of one content hash (writing it, removing it) across tenants and
 * instances, until the transaction ends.
 */
export async function lockContent(trx: Transaction<FinanceDb>, sha256: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`finance.document_content:${sha256}`}, 0))`.execute(trx);
}

/** Whether any record of any tenant names the content (row-level security would hide the other tenants'). */
export async function isContentReferenced(db: Kysely<FinanceDb>, sha256: string): Promise<boolean> {
  const { rows } = await sql<{ referenced: boolean }>`select document_content_referenced(${sha256}) as referenced`.execute(db);
  return rows[0]?.referenced === true;
}
