import type { CloudEvent } from '@erp/contracts';
import { InvalidCloudEventError, isAppError, withTenant } from '@erp/kit';
import type { Kysely } from 'kysely';
import { Value } from 'typebox/value';
import type { BatchSettings } from '../config.js';
import { type BatchJobRow, claimBatchJob, extendBatchLease, finishBatchJob, releaseBatchJob, requeueBatchJobs } from '../db/batch-jobs.js';
import type { AiDb } from '../db/schema.js';
import { JobAbandonedError } from '../errors.js';
import { chat } from '../gateway/chat.js';
import type { GatewayDeps } from '../gateway/gateway-deps.js';
import { type NativeChatRequest, toNativeAnswer, toNativeOptions } from '../gateway/native-chat.js';
import { batchCaller } from './batch-call.js';
import type { CapacityGate } from './capacity-gate.js';
import { BatchJobQueuedV1, writeJobDelivery } from './job-delivery.js';

/** Runs that a job may start; after that many its worker is taken to have crashed on it every time. */
export const JOB_ATTEMPTS_MAX = 3;

export interface BatchWorkerOptions {
  readonly db: Kysely<AiDb>;
  readonly gateway: GatewayDeps;
  readonly gate: CapacityGate;
  readonly settings: BatchSettings;
  readonly log: { warn(details: object, message: string): void };
  /** Aborted when the instance stops: waiting and running jobs are given back for another instance. */
  readonly signal: AbortSignal;
}

/** What a delivery did: ran the job, found it finished or taken, or left it queued after waiting too long. */
export type DeliveryOutcome = 'ran' | 'skipped' | 'deferred';

export interface BatchWorker {
  handle(event: CloudEvent): Promise<DeliveryOutcome>;
  /** Queues again the jobs of crashed workers and jobs queued too long, and writes their deliveries; returns how many. */
  sweep(now: Date): Promise<number>;
}

type JobOutcome = { readonly result: unknown } | { readonly error: Record<string, unknown> };

function deliveryOf(event: CloudEvent): { tenantId: string; jobId: string } {
  if (event.tenantid === undefined || !Value.Check(BatchJobQueuedV1, event.data)) {
    throw new InvalidCloudEventError(`Event ${event.id} (${event.type}) has no tenant or does not match its schema`);
  }
  return { tenantId: event.tenantid.toLowerCase(), jobId: event.data.job_id };
}

/** The problem document a failed job keeps: the error's own for a catalogued error, a generic one otherwise. */
function toProblem(error: unknown, requestId: string): Record<string, unknown> {
  if (isAppError(error)) return { code: error.code, status: error.status, title: error.title, detail: error.detail };
  return { status: 500, title: 'Internal Server Error', detail: `The job failed unexpectedly. Quote request id ${requestId} to your operator.` };
}

/**
 * Runs delivered batch jobs: each waits at the capacity gate, is claimed under a lease (renewed while it runs,
 * so a crashed instance's job runs again elsewhere), runs as a chat request of the batch class on the cheapest
 * capable model, and keeps its answer or its problem document. A delivery of a finished or taken job is
 * acknowledged and dropped, so redeliveries are harmless.
 */
export function createBatchWorker(options: BatchWorkerOptions): BatchWorker {
  const { db, settings } = options;
  const leaseUntil = () => new Date(Date.now() + settings.leaseMs);

  const run = async (job: BatchJobRow): Promise<JobOutcome> => {
    const renew = setInterval(() => {
      withTenant(db, job.tenant_id, (trx) => extendBatchLease(trx, job.tenant_id, job.id, leaseUntil())).catch((error: unknown) =>
        options.log.warn({ err: error, job: job.id }, 'renewing a batch lease failed'),
      );
    }, settings.leaseMs / 3);
    renew.unref();
    const body = job.request as unknown as NativeChatRequest;
    try {
      const caller = batchCaller({ tenantId: job.tenant_id, requestId: job.request_id, body }, options.signal);
      return { result: toNativeAnswer(await chat(options.gateway, { caller, options: toNativeOptions(body) })) };
    } catch (error) {
      if (options.signal.aborted) throw error;
      if (!isAppError(error)) options.log.warn({ err: error, job: job.id }, 'a batch job failed');
      return { error: toProblem(error, job.request_id) };
    } finally {
      clearInterval(renew);
    }
  };

  const runClaimed = async (job: BatchJobRow): Promise<void> => {
    let outcome: JobOutcome;
    try {
      outcome = job.attempts > JOB_ATTEMPTS_MAX ? { error: toProblem(new JobAbandonedError(job.attempts - 1), job.request_id) } : await run(job);
    } catch (error) {
      // Stopping: give the job back, so that the next sweep delivers it to a running instance.
      await withTenant(db, job.tenant_id, (trx) => releaseBatchJob(trx, job.tenant_id, job.id));
      throw error;
    }
    await withTenant(db, job.tenant_id, (trx) => finishBatchJob(trx, job.tenant_id, job.id, outcome, new Date()));
    const waitSeconds = Math.max(0, ((job.started_at ?? job.created_at).getTime() - job.created_at.getTime()) / 1000);
    options.gateway.metrics.batchJob('result' in outcome ? 'succeeded' : 'failed', waitSeconds);
  };

  return {
    async handle(event) {
      const { tenantId, jobId } = deliveryOf(event);
      let release: () => void;
      try {
        release = await options.gate.acquire(AbortSignal.any([options.signal, AbortSignal.timeout(settings.waitMaxMs)]));
      } catch (error) {
        // Stopping: the transport delivers the event again. Waited too long: the job stays queued for a later sweep.
        if (options.signal.aborted) throw error;
        return 'deferred';
      }
      try {
        const now = new Date();
        const job = await withTenant(db, tenantId, (trx) => claimBatchJob(trx, tenantId, jobId, now, leaseUntil()));
        if (!job) return 'skipped';
        await runClaimed(job);
        return 'ran';
      } finally {
        release();
      }
    },
    async sweep(now) {
      const staleBefore = new Date(now.getTime() - settings.requeueAfterMs);
      const requeued = await db.transaction().execute(async (trx) => {
        const rows = await requeueBatchJobs(trx, now, staleBefore);
        for (const row of rows) await writeJobDelivery(trx, row.tenant_id, row.id);
        return rows;
      });
      return requeued.length;
    },
  };
}
