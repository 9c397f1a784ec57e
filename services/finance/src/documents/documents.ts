import { randomUUID } from 'node:crypto';
import { withTenant } from '@erp/kit';
import type { Kysely, Transaction } from 'kysely';
import { appendAudit } from '../db/audit-log.js';
import { LEDGER_SQLSTATE, pgError } from '../db/db-errors.js';
import {
  type DocumentRow,
  deleteDocument,
  deleteLink,
  getDocument,
  insertDocument,
  insertLink,
  isContentReferenced,
  linksOf,
  lockContent,
  lockDocument,
} from '../db/documents.js';
import { findEntry } from '../db/journal-entries.js';
import type { FinanceDb } from '../db/schema.js';
import type { DocumentContentType, DocumentType } from '../domain/document.js';
import { DocumentLinkedError, DocumentLinkNotFoundError, EntryNotFoundError } from '../errors.js';
import type { Actor, LedgerContext } from '../ledger/context.js';
import type { DocumentStore, StoredContent } from './file-store.js';

/** An upload whose type and leading bytes have been checked. */
export interface CheckedUpload {
  contentType: DocumentContentType;
  bytes: Buffer;
  sha256: string;
  documentType: DocumentType;
  fileName: string | null;
  documentDate: string | null;
  partnerRef: string | null;
  note: string | null;
}

/**
 * Keeps an upload in the caller's transaction: under the content's lock, makes sure the file holds the bytes
 * (one file per content, however many records name it) and writes the tenant's record. Returns the new id and
 * what happened to the file; `repaired` means an altered file of the same hash was replaced by these bytes.
 */
export async function storeDocument(
  trx: Transaction<FinanceDb>,
  store: DocumentStore,
  actor: Actor,
  upload: CheckedUpload,
): Promise<{ id: string; file: 'written' | 'present' | 'repaired' }> {
  await lockContent(trx, upload.sha256);
  const file = await store.put(upload.sha256, upload.bytes);
  const id = randomUUID();
  const { contentType, sha256, documentType, fileName, documentDate, partnerRef, note } = upload;
  const sizeBytes = upload.bytes.length;
  await insertDocument(trx, actor.tenantId, {
    id,
    contentType,
    sizeBytes,
    sha256,
    documentType,
    fileName,
    documentDate,
    partnerRef,
    note,
    createdBy: actor.actorId,
  });
  const details = { sha256, content_type: contentType, size_bytes: sizeBytes, document_type: documentType };
  await appendAudit(trx, { ...actor, action: 'document.uploaded', subject: id, details });
  return { id, file };
}

/**
 * Removes the file of `sha256` when no record of any tenant names it any more, under the content's lock, so
 * that an upload of the same bytes either comes first (and keeps the file) or writes it again afterwards.
 */
export async function releaseContent(db: Kysely<FinanceDb>, store: DocumentStore, sha256: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    await lockContent(trx, sha256);
    if (await isContentReferenced(trx, sha256)) return false;
    await store.remove(sha256);
    return true;
  });
}

function postedLinks(document: DocumentRow, links: Awaited<ReturnType<typeof linksOf>>): string[] {
  return (links.get(document.id) ?? []).filter((link) => link.entry_status === 'posted').map((link) => link.entry_id);
}

/** The trigger's refusal (a posting that came between the check and the change) as the catalogue error. */
function toLinkedError(error: unknown, id: string): unknown {
  return pgError(error).code === LEDGER_SQLSTATE.documentLinked ? new DocumentLinkedError(id, 'one posted meanwhile') : error;
}

/**
 * Deletes a document record that no posted entry rests on (its links to drafts go with it), then its file if
 * no other record of any tenant names the same bytes. Returns whether the file went.
 */
export async function discardDocument(context: LedgerContext, store: DocumentStore, actor: Actor, id: string): Promise<boolean> {
  const sha256 = await withTenant(context.db, actor.tenantId, async (trx) => {
    const document = await lockDocument(trx, actor.tenantId, id);
    const posted = postedLinks(document, await linksOf(trx, actor.tenantId, [id]));
    if (posted.length > 0) throw new DocumentLinkedError(id, posted.join(', '));
    await deleteDocument(trx, actor.tenantId, id).catch((error: unknown) => Promise.reject(toLinkedError(error, id)));
    await appendAudit(trx, { ...actor, action: 'document.deleted', subject: id, details: { sha256: document.sha256, document_type: document.document_type } });
    return document.sha256;
  });
  return releaseContent(context.db, store, sha256);
}

/** Links a document to an entry of the tenant (draft or posted); false when the link existed already. */
export async function linkDocument(trx: Transaction<FinanceDb>, actor: Actor, id: string, entryId: string): Promise<boolean> {
  await lockDocument(trx, actor.tenantId, id);
  if (!(await findEntry(trx, actor.tenantId, entryId))) throw new EntryNotFoundError(entryId);
  let created: boolean;
  try {
    created = await insertLink(trx, actor.tenantId, { documentId: id, entryId, linkedBy: actor.actorId });
  } catch (error) {
    // A draft deleted between the check and the link fails the foreign key.
    if (pgError(error).code === '23503') throw new EntryNotFoundError(entryId);
    throw error;
  }
  if (created) await appendAudit(trx, { ...actor, action: 'document.linked', subject: id, details: { entry_id: entryId } });
  return created;
}

/** Removes a document's link to a draft; the link to a posted entry stays (Belegprinzip). */
export async function unlinkDocument(context: LedgerContext, actor: Actor, id: string, entryId: string): Promise<void> {
  await withTenant(context.db, actor.tenantId, async (trx) => {
    const document = await lockDocument(trx, actor.tenantId, id);
    const link = (await linksOf(trx, actor.tenantId, [id])).get(id)?.find((candidate) => candidate.entry_id === entryId);
    if (!link) throw new DocumentLinkNotFoundError(id, entryId);
    if (link.entry_status === 'posted') throw new DocumentLinkedError(document.id, entryId);
    await deleteLink(trx, actor.tenantId, id, entryId).catch((error: unknown) => Promise.reject(toLinkedError(error, id)));
    await appendAudit(trx, { ...actor, action: 'document.unlinked', subject: id, details: { entry_id: entryId } });
  });
}

/** A document's record and what its file holds now. */
export async function readDocumentContent(
  context: LedgerContext,
  store: DocumentStore,
  tenantId: string,
  id: string,
): Promise<{ document: DocumentRow; content: StoredContent }> {
  const document = await withTenant(context.db, tenantId, (trx) => getDocument(trx, tenantId, id));
  return { document, content: await store.read(document.sha256) };
}
