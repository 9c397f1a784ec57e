import { type ServiceApp, withTenant } from '@erp/kit';
import Type from 'typebox';
import { type EventPostingRow, getEventPosting, listParkedEvents, type ParkedPosition } from '../db/parked-events.js';
import { retryParkedEvent } from '../events/retry-parked-event.js';
import { actorOf, type RouteOptions, tenantOf } from './context.js';
import { fromCursor, toCursor } from './cursor.js';
import { ListQuery, Nullable, STRICT } from './schemas.js';

const IdParams = Type.Object({ id: Type.String({ format: 'uuid', maxLength: 36 }) }, STRICT);
const ListParkedQuery = Type.Object({ ...ListQuery, status: Type.Union([Type.Literal('parked'), Type.Literal('retried')], { default: 'parked' }) }, STRICT);
const FieldError = Type.Object({ pointer: Type.String(), detail: Type.String() });
const ParkedEvent = Type.Object({
  id: Type.String(),
  event_id: Type.String(),
  event_type: Type.String(),
  document_id: Nullable(Type.String()),
  status: Type.Union([Type.Literal('parked'), Type.Literal('retried'), Type.Literal('posted')]),
  reason: Nullable(Type.Object({ code: Type.String(), detail: Type.String(), errors: Type.Array(FieldError) })),
  event: Type.Record(Type.String(), Type.Unknown()),
  entry_id: Nullable(Type.String()),
  attempts: Type.Integer(),
  received_at: Type.String(),
  last_attempt_at: Type.String(),
  resolved_at: Nullable(Type.String()),
  resolved_by: Nullable(Type.String()),
});
const ParkedEventList = Type.Object({ items: Type.Array(ParkedEvent), next_cursor: Nullable(Type.String()) });

function parkedEventToResponse(row: EventPostingRow) {
  const errors = (row.reason_errors ?? []) as { pointer: string; detail: string }[];
  return {
    id: row.id,
    event_id: row.event_id,
    event_type: row.event_type,
    document_id: row.document_id,
    status: row.status,
    reason: row.reason_code ? { code: row.reason_code, detail: row.reason ?? '', errors } : null,
    event: row.event as Record<string, unknown>,
    entry_id: row.entry_id,
    attempts: row.attempts,
    received_at: row.received_at.toISOString(),
    last_attempt_at: row.last_attempt_at.toISOString(),
    resolved_at: row.resolved_at?.toISOString() ?? null,
    resolved_by: row.resolved_by,
  };
}

function isPosition(value: unknown): value is ParkedPosition {
  const position = value as Partial<ParkedPosition> | null;
  return typeof position?.receivedAt === 'string' && !Number.isNaN(Date.parse(position.receivedAt)) && /^[0-9a-f-]{36}$/.test(position.id ?? '');
}

/**
 * Events that could not be posted (finance.entries:read), with their reason and the whole event, and their
 * retry once the cause is fixed (finance.entries:post). `?status=retried` lists those posted after a retry.
 */
export async function parkedEventRoutes(app: ServiceApp, { context }: RouteOptions): Promise<void> {
  const read = { permission: 'finance.entries:read' } as const;

  app.get('/parked-events', { config: read, schema: { querystring: ListParkedQuery, response: { 200: ParkedEventList } } }, async (request) => {
    const tenantId = tenantOf(request);
    const { limit, cursor, status } = request.query;
    const after = cursor ? fromCursor(cursor, isPosition) : undefined;
    const page = await withTenant(context.db, tenantId, (trx) => listParkedEvents(trx, tenantId, { status, limit, after }));
    return { items: page.rows.map(parkedEventToResponse), next_cursor: page.next ? toCursor(page.next) : null };
  });

  app.get('/parked-events/:id', { config: read, schema: { params: IdParams, response: { 200: ParkedEvent } } }, async (request) => {
    const tenantId = tenantOf(request);
    return parkedEventToResponse(await withTenant(context.db, tenantId, (trx) => getEventPosting(trx, tenantId, request.params.id)));
  });

  app.post(
    '/parked-events/:id/retry',
    { config: { permission: 'finance.entries:post' }, schema: { params: IdParams, response: { 200: ParkedEvent } } },
    async (request) => {
      const actor = actorOf(request);
      await retryParkedEvent(context, actor, request.params.id);
      return parkedEventToResponse(await withTenant(context.db, actor.tenantId, (trx) => getEventPosting(trx, actor.tenantId, request.params.id)));
    },
  );
}
