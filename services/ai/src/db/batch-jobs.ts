import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { AiDb, BatchJobTable } from './schema.js';

export type BatchJobRow = Selectable<BatchJobTable>;

export interface NewBatchJob {
  readonly tenantId: string;
  readonly id: string;
  readonly task: string;
  readonly request: unknown;
  readonly requestId: string;
  readonly now: Date;
}

export async function insertBatchJob(trx: Transaction<AiDb>, job: NewBatchJob): Promise<BatchJobRow> {
  return trx
    .insertInto('batch_job')
    .values({
      tenant_id: job.tenantId,
      id: job.id,
      status: 'queued',
      task: job.task,
      request: JSON.stringify(job.request),
      request_id: job.requestId,
      result: null,
      error: null,
      created_at: job.now,
      published_at: job.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findBatchJob(trx: Transaction<AiDb>, tenantId: string, id: string): Promise<BatchJobRow | undefined> {
  return trx.selectFrom('batch_job').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

/**
 * Takes a queued job (or one whose worker's lease ran out) for this worker until `leaseUntil`, counting the
 * attempt; `undefined` when it is finished or another worker holds it.
 */
export async function claimBatchJob(trx: Transaction<AiDb>, tenantId: string, id: string, now: Date, leaseUntil: Date): Promise<BatchJobRow | undefined> {
  return trx
    .updateTable('batch_job')
    .set((update) => ({
      status: 'running',
      attempts: update('attempts', '+', 1),
      started_at: sql<Date>`coalesce(started_at, ${now})`,
      lease_until: leaseUntil,
    }))
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where((where) => where.or([where('status', '=', 'queued'), where.and([where('status', '=', 'running'), where('lease_until', '<', now)])]))
    .returningAll()
    .executeTakeFirst();
}

export async function extendBatchLease(trx: Transaction<AiDb>, tenantId: string, id: string, leaseUntil: Date): Promise<void> {
  await trx
    .updateTable('batch_job')
    .set({ lease_until: leaseUntil })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('status', '=', 'running')
    .execute();
}

/** Stores the outcome of a running job: its answer or its problem document. */
export async function finishBatchJob(
  trx: Transaction<AiDb>,
  tenantId: string,
  id: string,
  outcome: { readonly result: unknown } | { readonly error: unknown },
  now: Date,
): Promise<void> {
  const succeeded = 'result' in outcome;
  await trx
    .updateTable('batch_job')
    .set({
      status: succeeded ? 'succeeded' : 'failed',
      result: succeeded ? JSON.stringify(outcome.result) : null,
      error: succeeded ? null : JSON.stringify(outcome.error),
      finished_at: now,
      lease_until: null,
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('status', '=', 'running')
    .execute();
}

/** Gives a running job back (its instance is stopping): the next sweep delivers it again. */
export async function releaseBatchJob(trx: Transaction<AiDb>, tenantId: string, id: string): Promise<void> {
  await trx
    .updateTable('batch_job')
    .set({ status: 'queued', lease_until: null, published_at: new Date(0) })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('status', '=', 'running')
    .execute();
}

/** Queues again, across tenants, the jobs whose lease ran out or that stayed queued since before `staleBefore`. */
export async function requeueBatchJobs(trx: Transaction<AiDb>, at: Date, staleBefore: Date): Promise<{ tenant_id: string; id: string }[]> {
  const { rows } = await sql<{ tenant_id: string; id: string }>`select tenant_id, id from requeue_batch_jobs(${at}, ${staleBefore})`.execute(trx);
  return rows;
}

/** Deletes finished jobs older than `before`, across tenants; returns how many. */
export async function pruneBatchJobs(db: Kysely<AiDb>, before: Date): Promise<number> {
  const { rows } = await sql<{ count: number }>`select prune_batch_jobs(${before}) as count`.execute(db);
  return rows[0]?.count ?? 0;
}
