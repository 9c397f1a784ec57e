import { type ServiceApp, withIdempotency } from '@erp/kit';
import type { Transaction } from 'kysely';
import Type from 'typebox';
import type { EntryPosition } from '../db/journal-entries.js';
import type { FinanceDb } from '../db/schema.js';
import { createDraftEntry, createPostedEntry, discardDraft, postExistingDraft, replaceDraft } from '../ledger/entries.js';
import { type EntryWithLines, getEntryWithLines, readEntries, readEntry } from '../ledger/journal.js';
import type { PostingBatcher } from '../ledger/posting-batcher.js';
import { reverseEntry } from '../ledger/reverse-entry.js';
import { rejectNumericAmounts } from './amount-guard.js';
import { actorOf, ifMatchOf, type RouteOptions, tenantOf } from './context.js';
import { fromCursor, toCursor } from './cursor.js';
import { CreateEntryBody, Entry, entryToResponse, etagOf, ReplaceEntryBody, ReverseEntryBody, toEntryDraft } from './entry-schemas.js';
import { ListQuery, Nullable, STRICT } from './schemas.js';

const IdParams = Type.Object({ id: Type.String({ format: 'uuid', maxLength: 36 }) }, STRICT);
const EntryList = Type.Object({ items: Type.Array(Entry), next_cursor: Nullable(Type.String()) });
const ListEntriesQuery = Type.Object(
  {
    ...ListQuery,
    status: Type.Union([Type.Literal('posted'), Type.Literal('draft')], { default: 'posted' }),
    fiscal_year: Type.Optional(Type.Integer({ minimum: 1900, maximum: 9999 })),
  },
  STRICT,
);

function isPosition(value: unknown): value is EntryPosition {
  const position = value as Partial<Record<string, unknown>> | null;
  if (typeof position !== 'object' || position === null) return false;
  if (position.kind === 'posted') return Number.isInteger(position.fiscalYear) && Number.isInteger(position.number);
  return (
    position.kind === 'draft' && typeof position.createdAt === 'string' && !Number.isNaN(Date.parse(position.createdAt)) && typeof position.id === 'string'
  );
}

/**
 * The journal (`/transactions`): list and read (finance.entries:read); create, change and delete drafts, post
 * and reverse (finance.entries:post). A posted entry never changes; it is corrected by a reversal. Creating and
 * reversing honour `Idempotency-Key`.
 */
export async function transactionRoutes(app: ServiceApp, { context, postings }: RouteOptions & { postings: PostingBatcher }): Promise<void> {
  const read = { permission: 'finance.entries:read' } as const;
  const post = { permission: 'finance.entries:post' } as const;
  const respond = async (request: Parameters<typeof tenantOf>[0], id: string) => {
    const result = await readEntry(context, tenantOf(request), id);
    return { etag: etagOf(result), body: entryToResponse(result) };
  };
  const answer = (result: EntryWithLines, location?: string) => ({
    status: 201,
    body: entryToResponse(result),
    headers: { etag: etagOf(result), ...(location ? { location } : {}) },
  });
  // The answer to a POST that made entry `id`, read in the transaction that made it (it stores the answer for replays).
  const created = async (trx: Transaction<FinanceDb>, tenantId: string, id: string, location?: string) =>
    answer(await getEntryWithLines(trx, tenantId, id), location);

  app.get('/transactions', { config: read, schema: { querystring: ListEntriesQuery, response: { 200: EntryList } } }, async (request) => {
    const { limit, cursor, status, fiscal_year: fiscalYear } = request.query;
    const after = cursor ? fromCursor(cursor, isPosition) : undefined;
    const page = await readEntries(context, tenantOf(request), { status, fiscalYear, limit, after });
    return { items: page.items.map(entryToResponse), next_cursor: page.next ? toCursor(page.next) : null };
  });

  app.get('/transactions/:id', { config: read, schema: { params: IdParams, response: { 200: Entry } } }, async (request, reply) => {
    const { etag, body } = await respond(request, request.params.id);
    return reply.header('etag', etag).send(body);
  });

  app.post(
    '/transactions',
    { config: post, preValidation: rejectNumericAmounts, schema: { body: CreateEntryBody, response: { 201: Entry } } },
    async (request, reply) => {
      const actor = actorOf(request);
      const draft = toEntryDraft(request.body);
      const locationOf = (id: string) => `${request.url.split('?')[0]}/${id}`;
      // The common case, a posting without Idempotency-Key, goes through the batcher (group commit). A keyed one
      // posts in the transaction that stores its answer for replays; a draft is only saved.
      if (request.body.status !== 'draft' && request.headers['idempotency-key'] === undefined) {
        const entry = await postings.post(actor, draft);
        return reply
          .code(201)
          .headers({ etag: etagOf(entry), location: locationOf(entry.entry.id) })
          .send(entryToResponse(entry));
      }
      return withIdempotency(context.db, request, reply, { tenantId: actor.tenantId, now: context.clock() }, async (trx) => {
        if (request.body.status === 'draft') {
          const id = await createDraftEntry(trx, actor, draft);
          return created(trx, actor.tenantId, id, locationOf(id));
        }
        const entry = await createPostedEntry(trx, context, actor, draft);
        return answer(entry, locationOf(entry.entry.id));
      });
    },
  );

  app.put(
    '/transactions/:id',
    { config: post, preValidation: rejectNumericAmounts, schema: { params: IdParams, body: ReplaceEntryBody, response: { 200: Entry } } },
    async (request, reply) => {
      await replaceDraft(context, actorOf(request), request.params.id, toEntryDraft(request.body), ifMatchOf(request));
      const { etag, body } = await respond(request, request.params.id);
      return reply.header('etag', etag).send(body);
    },
  );

  app.delete('/transactions/:id', { config: post, schema: { params: IdParams } }, async (request, reply) => {
    await discardDraft(context, actorOf(request), request.params.id, ifMatchOf(request));
    return reply.code(204).send();
  });

  app.post('/transactions/:id/post', { config: post, schema: { params: IdParams, response: { 200: Entry } } }, async (request, reply) => {
    await postExistingDraft(context, actorOf(request), request.params.id, ifMatchOf(request));
    const { etag, body } = await respond(request, request.params.id);
    return reply.header('etag', etag).send(body);
  });

  app.post(
    '/transactions/:id/reverse',
    { config: post, schema: { params: IdParams, body: ReverseEntryBody, response: { 201: Entry } } },
    async (request, reply) => {
      const { posting_date: postingDate, document_date: documentDate, document_ref: documentRef, description } = request.body;
      const actor = actorOf(request);
      return withIdempotency(context.db, request, reply, { tenantId: actor.tenantId, now: context.clock() }, async (trx) => {
        const id = await reverseEntry(trx, context, actor, request.params.id, { postingDate, documentDate, documentRef, description });
        return created(trx, actor.tenantId, id);
      });
    },
  );
}
