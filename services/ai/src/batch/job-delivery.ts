import { writeEvent } from '@erp/kit';
import type { Transaction } from 'kysely';
import Type from 'typebox';
import { type BatchJobRow, insertBatchJob, type NewBatchJob } from '../db/batch-jobs.js';
import type { AiDb } from '../db/schema.js';

/**
 * The event that delivers a batch job to a worker. The ai service writes it to its own outbox and consumes it
 * from its own queue (`ai.batch`): the event transport (RabbitMQ or pg-boss) is the job queue, so no other
 * service needs to know it and it is not part of the shared contracts.
 */
export const BATCH_JOB_QUEUED = 'erp.ai.batch_job.queued.v1';
export const BATCH_QUEUE = 'ai.batch';
const SOURCE = '/erp/ai';

export const BatchJobQueuedV1 = Type.Object({ job_id: Type.String({ format: 'uuid' }) }, { additionalProperties: false });

/** Writes the job's delivery in the caller's transaction: it is published exactly when the job is committed. */
export async function writeJobDelivery(trx: Transaction<AiDb>, tenantId: string, jobId: string): Promise<void> {
  await writeEvent(trx, { type: BATCH_JOB_QUEUED, subject: jobId, tenantId, data: { job_id: jobId } }, { source: SOURCE });
}

/** Stores a batch job and its delivery in one transaction, so neither exists without the other. */
export async function enqueueBatchJob(trx: Transaction<AiDb>, job: NewBatchJob): Promise<BatchJobRow> {
  const row = await insertBatchJob(trx, job);
  await writeJobDelivery(trx, job.tenantId, job.id);
  return row;
}
