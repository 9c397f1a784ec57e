import { type ServiceApp, withIdempotency, withTenant } from '@erp/kit';
import type { FastifyRequest } from 'fastify';
import Type, { type Static } from 'typebox';
import { type DocumentPosition, linksOf, listDocuments } from '../db/documents.js';
import { contentEtag, documentRowToView, getDocumentView } from '../documents/document-view.js';
import {
  type CheckedUpload,
  discardDocument,
  linkDocument,
  readDocumentContent,
  releaseContent,
  storeDocument,
  unlinkDocument,
} from '../documents/documents.js';
import { type DocumentStore, sha256Of } from '../documents/file-store.js';
import { installUploadParsers } from '../documents/upload-body.js';
import { contentDisposition, contentMatchesType, isDocumentContentType, mediaTypeOf } from '../domain/document.js';
import { DocumentContentMismatchError, DocumentCorruptedError, DocumentTypeUnsupportedError } from '../errors.js';
import { actorOf, type RouteOptions, tenantOf } from './context.js';
import { fromCursor, toCursor } from './cursor.js';
import { Day, ListQuery, Nullable, STRICT } from './schemas.js';

/** What the document routes need besides the ledger: where the files are and how large one may be. */
export interface DocumentRouteOptions extends RouteOptions {
  documents: { store: DocumentStore; maxBytes: number };
}

const Uuid = Type.String({ format: 'uuid', maxLength: 36 });
const DocumentTypeSchema = Type.Union([
  Type.Literal('incoming_invoice'),
  Type.Literal('outgoing_invoice'),
  Type.Literal('receipt'),
  Type.Literal('bank_statement'),
  Type.Literal('other'),
]);
// Control characters are refused; a note may span lines.
const Text = (maxLength: number, lines = false) =>
  Type.String({ minLength: 1, maxLength, pattern: lines ? '^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f]+$' : '^[^\\u0000-\\u001f\\u007f]+$' });
const UploadQuery = Type.Object(
  {
    type: DocumentTypeSchema,
    document_date: Type.Optional(Day),
    partner_ref: Type.Optional(Text(100)),
    note: Type.Optional(Text(2000, true)),
    file_name: Type.Optional(Type.String({ minLength: 1, maxLength: 255, pattern: '^(?!\\.{1,2}$)[^\\u0000-\\u001f\\u007f/\\\\]+$' })),
  },
  STRICT,
);
const Document = Type.Object({
  id: Type.String(),
  document_type: DocumentTypeSchema,
  content_type: Type.String(),
  size_bytes: Type.Integer(),
  sha256: Type.String(),
  file_name: Nullable(Type.String()),
  document_date: Nullable(Type.String()),
  partner_ref: Nullable(Type.String()),
  note: Nullable(Type.String()),
  created_at: Type.String(),
  created_by: Type.String(),
  links: Type.Array(
    Type.Object({
      entry_id: Type.String(),
      entry_status: Type.Union([Type.Literal('draft'), Type.Literal('posted')]),
      linked_at: Type.String(),
      linked_by: Type.String(),
    }),
  ),
});
const DocumentList = Type.Object({ items: Type.Array(Document), next_cursor: Nullable(Type.String()) });
const ListDocumentsQuery = Type.Object(
  {
    ...ListQuery,
    type: Type.Optional(DocumentTypeSchema),
    partner_ref: Type.Optional(Text(100)),
    from: Type.Optional(Day),
    to: Type.Optional(Day),
    entry_id: Type.Optional(Uuid),
    linked: Type.Optional(Type.Boolean()),
    sha256: Type.Optional(Type.String({ pattern: '^[0-9a-fA-F]{64}$' })),
  },
  STRICT,
);
const IdParams = Type.Object({ id: Uuid }, STRICT);
const LinkParams = Type.Object({ id: Uuid, entry_id: Uuid }, STRICT);
const LinkBody = Type.Object({ entry_id: Uuid }, STRICT);

const isPosition = (value: unknown): value is DocumentPosition => {
  const position = value as Partial<DocumentPosition> | null;
  return typeof position?.createdAt === 'string' && !Number.isNaN(Date.parse(position.createdAt)) && /^[0-9a-f-]{36}$/.test(position.id ?? '');
};

/** The upload as the ledger keeps it, after the type and the leading bytes were checked against each other. */
function checkUpload(request: { headers: FastifyRequest['headers']; body: unknown; query: Static<typeof UploadQuery> }): CheckedUpload {
  const mediaType = mediaTypeOf(request.headers['content-type']);
  if (!isDocumentContentType(mediaType)) throw new DocumentTypeUnsupportedError(mediaType || 'none');
  const bytes = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
  if (!contentMatchesType(mediaType, bytes)) throw new DocumentContentMismatchError(mediaType);
  const { type, document_date: documentDate, partner_ref: partnerRef, note, file_name: fileName } = request.query;
  return {
    contentType: mediaType,
    bytes,
    sha256: sha256Of(bytes),
    documentType: type,
    fileName: fileName ?? null,
    documentDate: documentDate ?? null,
    partnerRef: partnerRef ?? null,
    note: note ?? null,
  };
}

/**
 * Documents (Belege): upload the file as the raw body with its Content-Type and the metadata in the query
 * (finance.documents:write, honouring `Idempotency-Key`), list, read and download them (finance.documents:read),
 * link them to journal entries, unlink them from drafts and delete those no posted entry rests on
 * (finance.documents:write).
 */
export async function documentRoutes(app: ServiceApp, { context, documents }: DocumentRouteOptions): Promise<void> {
  const read = { permission: 'finance.documents:read' } as const;
  const write = { permission: 'finance.documents:write' } as const;
  const { store, maxBytes } = documents;

  await app.register(async (upload: ServiceApp) => {
    installUploadParsers(upload, maxBytes);
    upload.post('/documents', { config: write, schema: { querystring: UploadQuery, response: { 201: Document } } }, async (request, reply) => {
      const checked = checkUpload(request);
      const actor = actorOf(request);
      try {
        return await withIdempotency(context.db, request, reply, { tenantId: actor.tenantId, now: context.clock() }, async (trx) => {
          const stored = await storeDocument(trx, store, actor, checked);
          if (stored.file === 'repaired')
            request.log.warn({ sha256: checked.sha256, document: stored.id }, 'altered document file replaced by the uploaded bytes');
          const location = `${request.url.split('?')[0]}/${stored.id}`;
          return { status: 201, body: await getDocumentView(trx, actor.tenantId, stored.id), headers: { location, etag: contentEtag(checked.sha256) } };
        });
      } catch (error) {
        // Nothing half-written: a file that no record names after the failure goes again.
        await releaseContent(context.db, store, checked.sha256).catch((cleanup: unknown) =>
          request.log.error({ err: cleanup }, 'document file cleanup failed'),
        );
        throw error;
      }
    });
  });

  app.get('/documents', { config: read, schema: { querystring: ListDocumentsQuery, response: { 200: DocumentList } } }, async (request) => {
    const tenantId = tenantOf(request);
    const { limit, cursor, type, partner_ref: partnerRef, from, to, entry_id: entryId, linked, sha256 } = request.query;
    const after = cursor ? fromCursor(cursor, isPosition) : undefined;
    const filter = {
      documentType: type,
      partnerRef,
      dateFrom: from,
      dateTo: to,
      entryId: entryId?.toLowerCase(),
      linked,
      sha256: sha256?.toLowerCase(),
      limit,
      after,
    };
    const { page, links } = await withTenant(context.db, tenantId, async (trx) => {
      const found = await listDocuments(trx, tenantId, filter);
      return {
        page: found,
        links: await linksOf(
          trx,
          tenantId,
          found.documents.map((document) => document.id),
        ),
      };
    });
    return { items: page.documents.map((row) => documentRowToView(row, links.get(row.id) ?? [])), next_cursor: page.next ? toCursor(page.next) : null };
  });

  app.get('/documents/:id', { config: read, schema: { params: IdParams, response: { 200: Document } } }, async (request, reply) => {
    const tenantId = tenantOf(request);
    const document = await withTenant(context.db, tenantId, (trx) => getDocumentView(trx, tenantId, request.params.id.toLowerCase()));
    return reply.header('etag', contentEtag(document.sha256)).send(document);
  });

  app.get('/documents/:id/content', { config: read, schema: { params: IdParams } }, async (request, reply) => {
    const { document, content } = await readDocumentContent(context, store, tenantOf(request), request.params.id.toLowerCase());
    const etag = contentEtag(document.sha256);
    if (content.status !== 'ok') {
      request.log.error({ document: document.id, sha256: document.sha256, found: content }, 'document file missing or altered; not served');
      throw new DocumentCorruptedError(document.id);
    }
    reply.header('etag', etag).header('cache-control', 'private, no-cache').header('x-content-type-options', 'nosniff');
    const known = (request.headers['if-none-match'] ?? '').split(',').map((tag) => tag.trim().replace(/^W\//, ''));
    if (known.includes(etag) || known.includes('*')) return reply.code(304).send();
    return reply
      .type(document.content_type)
      .header('content-disposition', contentDisposition(document.id, document.content_type, document.file_name))
      .header('content-security-policy', "default-src 'none'; sandbox")
      .send(content.bytes);
  });

  app.delete('/documents/:id', { config: write, schema: { params: IdParams } }, async (request, reply) => {
    await discardDocument(context, store, actorOf(request), request.params.id.toLowerCase());
    return reply.code(204).send();
  });

  app.post(
    '/documents/:id/links',
    { config: write, schema: { params: IdParams, body: LinkBody, response: { 200: Document, 201: Document } } },
    async (request, reply) => {
      const actor = actorOf(request);
      const id = request.params.id.toLowerCase();
      return withIdempotency(context.db, request, reply, { tenantId: actor.tenantId, now: context.clock() }, async (trx) => {
        const created = await linkDocument(trx, actor, id, request.body.entry_id.toLowerCase());
        return { status: created ? 201 : 200, body: await getDocumentView(trx, actor.tenantId, id) };
      });
    },
  );

  app.delete('/documents/:id/links/:entry_id', { config: write, schema: { params: LinkParams } }, async (request, reply) => {
    await unlinkDocument(context, actorOf(request), request.params.id.toLowerCase(), request.params.entry_id.toLowerCase());
    return reply.code(204).send();
  });
}
