import { randomUUID } from 'node:crypto';
import type { CloudEvent, ProblemFieldError } from '@erp/contracts';
import { InvalidCloudEventError, isAppError } from '@erp/kit';
import { sql, type Transaction } from 'kysely';
import { Value } from 'typebox/value';
import {
  type EventPostingRow,
  findPostedDocument,
  insertParkedEvent,
  insertPostedEvent,
  lockDocument,
  lockParkedFor,
  markRetried,
  type ParkReason,
  recordFailedAttempt,
} from '../db/parked-events.js';
import type { FinanceDb } from '../db/schema.js';
import { getSettings } from '../db/settings.js';
import { DocumentAlreadyPostedError, InvalidEventError, withFieldErrors } from '../errors.js';
import type { Actor, LedgerContext } from '../ledger/context.js';
import type { EventBooking } from './booking.js';
import { creditNoteIssued } from './credit-note-issued.js';
import { goodsReceived } from './goods-received.js';
import { orderInvoiced } from './order-invoiced.js';
import { supplierInvoiceRecorded } from './supplier-invoice-recorded.js';

// biome-ignore lint/suspicious/noExplicitAny: each booking reads its own data shape, which its schema has checked.
const BOOKINGS: ReadonlyMap<string, EventBooking<any>> = new Map(
  [orderInvoiced, creditNoteIssued, goodsReceived, supplierInvoiceRecorded].map((booking) => [booking.type, booking]),
);

/** The event types the finance service books. */
export const BOOKED_EVENT_TYPES: readonly string[] = [...BOOKINGS.keys()];

/** Who posts what an event brings on its own, in the entries' `posted_by`. */
export const EVENT_ACTOR_ID = 'system:events';

const TRACEPARENT = /^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The tenant of an event; one without a valid `tenantid` cannot be booked anywhere and is dead-lettered. */
export function tenantOfEvent(event: CloudEvent): string {
  if (event.tenantid === undefined || !UUID.test(event.tenantid)) throw new InvalidCloudEventError(`Event ${event.id} names no tenant to book it for`);
  return event.tenantid.toLowerCase();
}

function bookingOf(event: CloudEvent): EventBooking<unknown> {
  const booking = BOOKINGS.get(event.type);
  if (!booking) throw new Error(`No booking for event type ${event.type}`);
  return booking;
}

function checkedData(booking: EventBooking<unknown>, event: CloudEvent): unknown {
  if (Value.Check(booking.schema, event.data)) return event.data;
  const errors: ProblemFieldError[] = [...Value.Errors(booking.schema, event.data)]
    .slice(0, 20)
    .map((error) => ({ pointer: `/data${error.instancePath}`, detail: error.message }));
  throw withFieldErrors(InvalidEventError, errors, errors.length);
}

/** The document ids of an event, as far as its data allows; an invalid event may have none. */
function documentIdsOf(booking: EventBooking<unknown>, event: CloudEvent): { documentId: string | null; relatedDocumentId: string | null } {
  if (!Value.Check(booking.schema, event.data)) return { documentId: null, relatedDocumentId: null };
  return { documentId: booking.documentId(event.data), relatedDocumentId: booking.relatedDocumentId(event.data) };
}

let savepoints = 0;

/**
 * Runs `work` under a savepoint. A catalogue error (a closed period, an unknown account, an invalid event, ...)
 * rolls back what `work` wrote and becomes the reason to park the event; any other error (the database gone,
 * a deadlock) is thrown, so the whole delivery is rolled back and the transport delivers it again.
 */
async function attempt<T>(trx: Transaction<FinanceDb>, work: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; reason: ParkReason }> {
  savepoints += 1;
  const name = sql.id(`booking_${savepoints}`);
  await sql`savepoint ${name}`.execute(trx);
  try {
    const value = await work();
    await sql`release savepoint ${name}`.execute(trx);
    return { ok: true, value };
  } catch (error) {
    await sql`rollback to savepoint ${name}`.execute(trx);
    if (!isAppError(error)) throw error;
    return { ok: false, reason: { code: error.code, detail: error.detail, errors: error.errors ?? [] } };
  }
}

/** Books an event's document: checks its data, that the document is not booked yet, and posts it. */
async function book(trx: Transaction<FinanceDb>, context: LedgerContext, actor: Actor, event: CloudEvent): Promise<string> {
  const booking = bookingOf(event);
  const data = checkedData(booking, event);
  const documentId = booking.documentId(data);
  if (await findPostedDocument(trx, actor.tenantId, booking.type, documentId)) throw new DocumentAlreadyPostedError(documentId);
  const settings = await getSettings(trx, actor.tenantId);
  return booking.book(trx, context, actor, data, settings.chart);
}

/** Retries, under `actor`, the events parked until `documentId` was booked (credit notes waiting for their invoice). */
async function retryWaitingFor(trx: Transaction<FinanceDb>, context: LedgerContext, actor: Actor, documentId: string): Promise<void> {
  for (const parked of await lockParkedFor(trx, actor.tenantId, documentId)) {
    await retryLocked(trx, context, actor, parked);
  }
}

/**
 * Books a locked parked event again: marks it retried when it posts (and retries what waited for its
 * document), or records the attempt and the reason it failed this time.
 */
export async function retryLocked(
  trx: Transaction<FinanceDb>,
  context: LedgerContext,
  actor: Actor,
  parked: EventPostingRow,
): Promise<{ ok: true; entryId: string } | { ok: false; reason: ParkReason }> {
  const anchor = parked.related_document_id ?? parked.document_id;
  if (anchor) await lockDocument(trx, actor.tenantId, anchor);
  const result = await attempt(trx, () => book(trx, context, actor, parked.event as CloudEvent));
  if (!result.ok) {
    await recordFailedAttempt(trx, actor.tenantId, parked.id, result.reason, context.clock());
    return result;
  }
  await markRetried(trx, actor.tenantId, parked.id, result.value, actor.actorId, context.clock());
  if (parked.document_id) await retryWaitingFor(trx, context, actor, parked.document_id);
  return { ok: true, entryId: result.value };
}

/**
 * Handles one delivered event inside the consumer's transaction (which also records it in the inbox): posts
 * it, or parks it with the reason it cannot be posted. Either way a row of `event_posting` keeps the event,
 * so none is dropped. Posting a document retries the events that were parked waiting for it.
 */
export async function receiveEvent(trx: Transaction<FinanceDb>, context: LedgerContext, event: CloudEvent): Promise<void> {
  const tenantId = tenantOfEvent(event);
  const booking = bookingOf(event);
  const actor: Actor = {
    tenantId,
    actorId: EVENT_ACTOR_ID,
    traceparent: event.traceparent && TRACEPARENT.test(event.traceparent) ? event.traceparent : undefined,
  };
  const row = { id: randomUUID(), eventId: event.id, eventType: event.type, ...documentIdsOf(booking, event), event };
  // Taken outside the savepoint, whose rollback would release it.
  const anchor = row.relatedDocumentId ?? row.documentId;
  if (anchor) await lockDocument(trx, tenantId, anchor);
  const result = await attempt(trx, () => book(trx, context, actor, event));
  if (!result.ok) {
    await insertParkedEvent(trx, tenantId, row, result.reason);
    return;
  }
  await insertPostedEvent(trx, tenantId, row, result.value);
  if (row.documentId) await retryWaitingFor(trx, context, actor, row.documentId);
}
