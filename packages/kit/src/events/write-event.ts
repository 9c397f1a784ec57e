import { randomUUID } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import { assertEventType } from './names.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TRACEPARENT = /^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

/** A domain event as a service writes it; the outbox relay turns it into a CloudEvent. */
export interface EventInput<Data = unknown> {
  /** `erp.<service>.<entity>.<verb>.v<major>`, e.g. `erp.finance.entry.posted.v1`. */
  readonly type: string;
  /** What the event is about, e.g. the entry id. */
  readonly subject?: string | undefined;
  /** The tenant the event belongs to (a UUID); consumers handle it under that tenant. */
  readonly tenantId?: string | undefined;
  /** The W3C trace context of the request that caused the event, so the trace continues in the consumer. */
  readonly traceparent?: string | undefined;
  /** The payload; it must survive `JSON.stringify`. */
  readonly data: Data;
}

/** Settings of the writing service. */
export interface WriteEventOptions {
  /** The CloudEvents `source`, e.g. `/erp/finance`. */
  readonly source: string;
}

/**
 * Writes `event` to the service's outbox inside the caller's transaction, so the event exists exactly when
 * the business change commits. The outbox relay publishes it afterwards. Returns the event id.
 *
 * ### Example
 * ```ts
 * await withTenant(db, tenantId, async (trx) => {
 *   const entry = await insertEntry(trx, draft);
 *   await writeEvent(trx, { type: 'erp.finance.entry.posted.v1', subject: entry.id, tenantId, data: entry }, { source: '/erp/finance' });
 * });
 * ```
 */
export async function writeEvent<Schema>(trx: Transaction<Schema>, event: EventInput, options: WriteEventOptions): Promise<string> {
  const [id] = await writeEvents(trx, [event], options);
  return id as string;
}

/**
 * {@link writeEvent} for several events in one statement, e.g. for the entries a batch posts together. Returns
 * their ids in the order of `events`; writes nothing for an empty list.
 */
export async function writeEvents<Schema>(trx: Transaction<Schema>, events: readonly EventInput[], options: WriteEventOptions): Promise<string[]> {
  for (const event of events) assertWritable(event, options);
  if (events.length === 0) return [];
  const ids = events.map(() => randomUUID());
  const rows = events.map(
    (event, index) =>
      sql`(${ids[index]}::uuid, ${event.type}, ${options.source}, ${event.subject ?? null}, ${event.tenantId ?? null}::uuid,
           ${event.traceparent ?? null}, ${JSON.stringify(event.data)}::jsonb)`,
  );
  // The notification is delivered only when the transaction commits and wakes the relay at once instead of at its
  // next poll; sent by the same statement, so writing events costs one round trip.
  await sql`
    with written as (insert into outbox (id, type, source, subject, tenant_id, traceparent, data) values ${sql.join(rows)} returning 1)
    select pg_notify('erp_outbox_' || current_schema(), '') from (select count(*) from written) as done`.execute(trx);
  return ids;
}

function assertWritable(event: EventInput, options: WriteEventOptions): void {
  assertEventType(event.type);
  if (options.source.length === 0) throw new TypeError('Event source must not be empty, e.g. /erp/finance');
  if (event.tenantId !== undefined && !UUID.test(event.tenantId)) throw new TypeError(`Event tenantId "${event.tenantId}" is not a UUID`);
  if (event.traceparent !== undefined && !TRACEPARENT.test(event.traceparent)) {
    throw new TypeError(`Event traceparent "${event.traceparent}" is not a W3C traceparent (00-<trace id>-<span id>-<flags>)`);
  }
  if (event.data === undefined) throw new TypeError(`Event ${event.type} has no data; use null for an event without payload`);
}
