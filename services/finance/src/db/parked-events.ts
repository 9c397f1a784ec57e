import type { ProblemFieldError } from '@erp/contracts';
import { type Kysely, sql, type Transaction } from 'kysely';
import { ParkedEventNotFoundError } from '../errors.js';
import type { FinanceDb } from './schema.js';

/** A booked event: posted at once, parked with its reason, or posted after a retry. */
export interface EventPostingRow {
  id: string;
  event_id: string;
  event_type: string;
  document_id: string | null;
  related_document_id: string | null;
  status: 'posted' | 'parked' | 'retried';
  reason_code: string | null;
  reason: string | null;
  reason_errors: unknown;
  event: unknown;
  entry_id: string | null;
  attempts: number;
  received_at: Date;
  last_attempt_at: Date;
  resolved_at: Date | null;
  resolved_by: string | null;
}

const COLUMNS = [
  'id',
  'event_id',
  'event_type',
  'document_id',
  'related_document_id',
  'status',
  'reason_code',
  'reason',
  'reason_errors',
  'event',
  'entry_id',
  'attempts',
  'received_at',
  'last_attempt_at',
  'resolved_at',
  'resolved_by',
] as const;

/** Why an event could not be posted: a catalogue code, its sentence and the offending fields. */
export interface ParkReason {
  code: string;
  detail: string;
  errors: ProblemFieldError[];
}

export interface NewEventPosting {
  id: string;
  eventId: string;
  eventType: string;
  documentId: string | null;
  relatedDocumentId: string | null;
  event: unknown;
}

export async function insertPostedEvent(trx: Transaction<FinanceDb>, tenantId: string, row: NewEventPosting, entryId: string): Promise<void> {
  await trx
    .insertInto('event_posting')
    .values({
      tenant_id: tenantId,
      id: row.id,
      event_id: row.eventId,
      event_type: row.eventType,
      document_id: row.documentId,
      related_document_id: row.relatedDocumentId,
      status: 'posted',
      reason_code: null,
      reason: null,
      reason_errors: null,
      event: JSON.stringify(row.event),
      entry_id: entryId,
      resolved_at: null,
      resolved_by: null,
    })
    .execute();
}

export async function insertParkedEvent(trx: Transaction<FinanceDb>, tenantId: string, row: NewEventPosting, reason: ParkReason): Promise<void> {
  await trx
    .insertInto('event_posting')
    .values({
      tenant_id: tenantId,
      id: row.id,
      event_id: row.eventId,
      event_type: row.eventType,
      document_id: row.documentId,
      related_document_id: row.relatedDocumentId,
      status: 'parked',
      reason_code: reason.code,
      reason: reason.detail.slice(0, 2000),
      reason_errors: JSON.stringify(reason.errors.slice(0, 50)),
      event: JSON.stringify(row.event),
      entry_id: null,
      resolved_at: null,
      resolved_by: null,
    })
    .execute();
}

/**
 * Serialises the bookings that concern one document until the transaction ends: an invoice, another copy of
 * it, and its credit notes. Without it a credit note could be parked for want of its invoice while the
 * invoice, booked at the same moment, could not yet see the parked credit note to retry it.
 */
export async function lockDocument(trx: Transaction<FinanceDb>, tenantId: string, documentId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`finance.document:${tenantId}:${documentId}`}, 0))`.execute(trx);
}

/** The event that booked `documentId` (of `eventType`), if one did. */
export async function findPostedDocument(db: Kysely<FinanceDb>, tenantId: string, eventType: string, documentId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('event_posting')
    .select('event_id')
    .where('tenant_id', '=', tenantId)
    .where('event_type', '=', eventType)
    .where('document_id', '=', documentId)
    .where('status', '<>', 'parked')
    .executeTakeFirst();
  return row?.event_id;
}

export async function getEventPosting(db: Kysely<FinanceDb>, tenantId: string, id: string): Promise<EventPostingRow> {
  const row = await db.selectFrom('event_posting').select(COLUMNS).where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  if (!row) throw new ParkedEventNotFoundError(id);
  return row;
}

/** Locks a parked (or once parked) event for a retry. */
export async function lockEventPosting(trx: Transaction<FinanceDb>, tenantId: string, id: string): Promise<EventPostingRow> {
  const row = await trx.selectFrom('event_posting').select(COLUMNS).where('tenant_id', '=', tenantId).where('id', '=', id).forUpdate().executeTakeFirst();
  if (!row) throw new ParkedEventNotFoundError(id);
  return row;
}

/** Parked events waiting for `documentId`, e.g. credit notes for an invoice, locked, oldest first. */
export async function lockParkedFor(trx: Transaction<FinanceDb>, tenantId: string, relatedDocumentId: string): Promise<EventPostingRow[]> {
  return trx
    .selectFrom('event_posting')
    .select(COLUMNS)
    .where('tenant_id', '=', tenantId)
    .where('related_document_id', '=', relatedDocumentId)
    .where('status', '=', 'parked')
    .orderBy('received_at')
    .orderBy('id')
    .forUpdate()
    .skipLocked()
    .execute();
}

export async function markRetried(trx: Transaction<FinanceDb>, tenantId: string, id: string, entryId: string, by: string, at: Date): Promise<void> {
  await trx
    .updateTable('event_posting')
    .set({ status: 'retried', entry_id: entryId, resolved_at: at, resolved_by: by, attempts: sql`attempts + 1`, last_attempt_at: at })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('status', '=', 'parked')
    .executeTakeFirstOrThrow();
}

/** Records a retry that failed again, with the reason it failed this time. */
export async function recordFailedAttempt(trx: Transaction<FinanceDb>, tenantId: string, id: string, reason: ParkReason, at: Date): Promise<void> {
  await trx
    .updateTable('event_posting')
    .set({
      reason_code: reason.code,
      reason: reason.detail.slice(0, 2000),
      reason_errors: JSON.stringify(reason.errors.slice(0, 50)),
      attempts: sql`attempts + 1`,
      last_attempt_at: at,
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('status', '=', 'parked')
    .execute();
}

/** Where a page of parked events starts. */
export interface ParkedPosition {
  receivedAt: string;
  id: string;
}

export async function listParkedEvents(
  db: Kysely<FinanceDb>,
  tenantId: string,
  filter: { status: 'parked' | 'retried'; limit: number; after?: ParkedPosition | undefined },
): Promise<{ rows: EventPostingRow[]; next?: ParkedPosition }> {
  let query = db.selectFrom('event_posting').select(COLUMNS).where('tenant_id', '=', tenantId).where('status', '=', filter.status);
  if (filter.after) query = query.where(sql<boolean>`(received_at, id) > (${filter.after.receivedAt}::timestamptz, ${filter.after.id}::uuid)`);
  const rows = await query
    .orderBy('received_at')
    .orderBy('id')
    .limit(filter.limit + 1)
    .execute();
  const page = rows.slice(0, filter.limit);
  const last = page.at(-1);
  return rows.length > filter.limit && last ? { rows: page, next: { receivedAt: last.received_at.toISOString(), id: last.id } } : { rows: page };
}
