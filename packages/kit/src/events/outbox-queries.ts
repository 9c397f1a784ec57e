import type { CloudEvent } from '@erp/contracts';
import { type Kysely, sql, type Transaction } from 'kysely';

/** One row of the kit's `outbox` table. */
export interface OutboxRow {
  readonly id: string;
  readonly type: string;
  readonly source: string;
  readonly subject: string | null;
  readonly tenant_id: string | null;
  readonly traceparent: string | null;
  readonly data: unknown;
  readonly created_at: Date;
  readonly attempts: number;
}

/**
 * Locks up to `limit` due, unpublished rows in insertion order. Rows another relay holds are skipped, so
 * several instances of a service can relay side by side without publishing a row twice at once.
 *
 * ### Example
 * ```ts
 * await db.transaction().execute(async (trx) => publishAll(await lockDueEvents(trx, 100)));
 * ```
 */
export async function lockDueEvents<Schema>(trx: Transaction<Schema>, limit: number): Promise<OutboxRow[]> {
  const { rows } = await sql<OutboxRow>`
    select id, type, source, subject, tenant_id, traceparent, data, created_at, attempts
    from outbox
    where published_at is null and next_attempt_at <= now()
    order by seq
    limit ${limit}
    for update skip locked`.execute(trx);
  return rows;
}

/**
 * Marks rows as published; called in the transaction that locked them, after the broker confirmed them.
 *
 * ### Example
 * ```ts
 * await markPublished(trx, confirmedIds);
 * ```
 */
export async function markPublished<Schema>(trx: Transaction<Schema>, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await sql`update outbox set published_at = now(), attempts = attempts + 1, last_error = null where id = any(${ids}::uuid[])`.execute(trx);
}

/**
 * Records a failed publish and holds the row back for `delayMs`, so one bad event cannot stall the rest.
 *
 * ### Example
 * ```ts
 * await markPublishFailed(trx, row.id, 'broker not connected', 2_000);
 * ```
 */
export async function markPublishFailed<Schema>(trx: Transaction<Schema>, id: string, error: string, delayMs: number): Promise<void> {
  await sql`
    update outbox
    set attempts = attempts + 1, last_error = ${error.slice(0, 1000)}, next_attempt_at = now() + ${delayMs} * interval '1 millisecond'
    where id = ${id}`.execute(trx);
}

/**
 * Deletes rows published more than `retentionMs` ago, at most `limit` at a time; returns how many.
 *
 * ### Example
 * ```ts
 * const deleted = await prunePublishedEvents(db, 7 * 24 * 3_600_000, 1_000);
 * ```
 */
export async function prunePublishedEvents<Schema>(db: Kysely<Schema>, retentionMs: number, limit: number): Promise<number> {
  const result = await sql`
    delete from outbox
    where id in (
      select id from outbox
      where published_at is not null and published_at < now() - ${retentionMs} * interval '1 millisecond'
      limit ${limit})`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/**
 * The CloudEvents envelope of an outbox row.
 *
 * ### Example
 * ```ts
 * await transport.publish(outboxRowToCloudEvent(row));
 * ```
 */
export function outboxRowToCloudEvent(row: OutboxRow): CloudEvent {
  return {
    specversion: '1.0',
    id: row.id,
    source: row.source,
    type: row.type,
    time: row.created_at.toISOString(),
    datacontenttype: 'application/json',
    ...(row.subject === null ? {} : { subject: row.subject }),
    ...(row.tenant_id === null ? {} : { tenantid: row.tenant_id }),
    ...(row.traceparent === null ? {} : { traceparent: row.traceparent }),
    data: row.data,
  };
}
