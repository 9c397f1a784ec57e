import type { Kysely } from 'kysely';
import { type DocumentRow, getDocument, type LinkRow, linksOf } from '../db/documents.js';
import type { FinanceDb } from '../db/schema.js';

/** A document as the API shows it: its metadata, the hash of its bytes and the entries it is the record of. */
export interface DocumentView {
  id: string;
  document_type: DocumentRow['document_type'];
  content_type: DocumentRow['content_type'];
  size_bytes: number;
  sha256: string;
  file_name: string | null;
  document_date: string | null;
  partner_ref: string | null;
  note: string | null;
  created_at: string;
  created_by: string;
  links: { entry_id: string; entry_status: LinkRow['entry_status']; linked_at: string; linked_by: string }[];
}

export function documentRowToView(row: DocumentRow, links: readonly LinkRow[]): DocumentView {
  return {
    id: row.id,
    document_type: row.document_type,
    content_type: row.content_type,
    size_bytes: Number(row.size_bytes),
    sha256: row.sha256,
    file_name: row.file_name,
    document_date: row.document_date,
    partner_ref: row.partner_ref,
    note: row.note,
    created_at: row.created_at.toISOString(),
    created_by: row.created_by,
    links: links.map((link) => ({
      entry_id: link.entry_id,
      entry_status: link.entry_status,
      linked_at: link.linked_at.toISOString(),
      linked_by: link.linked_by,
    })),
  };
}

/** One document with its links; 404 when the tenant has no such document. */
export async function getDocumentView(db: Kysely<FinanceDb>, tenantId: string, id: string): Promise<DocumentView> {
  const row = await getDocument(db, tenantId, id);
  return documentRowToView(row, (await linksOf(db, tenantId, [id])).get(id) ?? []);
}

/** The ETag of a document's content: its SHA-256, which names the bytes and nothing else. */
export const contentEtag = (sha256: string) => `"${sha256}"`;
