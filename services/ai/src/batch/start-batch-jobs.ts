import type { EventTransport, ServiceApp } from '@erp/kit';
import type { Kysely } from 'kysely';
import type { BatchSettings } from '../config.js';
import { pruneBatchJobs } from '../db/batch-jobs.js';
import type { AiDb } from '../db/schema.js';
import type { GatewayDeps } from '../gateway/gateway-deps.js';
import { createBatchWorker } from './batch-worker.js';
import { createCapacityGate } from './capacity-gate.js';
import { BATCH_JOB_QUEUED, BATCH_QUEUE } from './job-delivery.js';

const PRUNE_INTERVAL_MS = 600_000;
const DAY_MS = 86_400_000;

export interface BatchJobsOptions {
  readonly db: Kysely<AiDb>;
  readonly gateway: GatewayDeps;
  readonly settings: BatchSettings;
  /** Without a transport, jobs are accepted and kept queued until an instance with one delivers them. */
  readonly transport: Pick<EventTransport, 'subscribe'> | undefined;
  /** The worker's durable queue; `ai.batch` unless a test needs its own. */
  readonly queue?: string | undefined;
}

/**
 * Starts this instance's part of the batch jobs: the worker on the job queue, the sweep that delivers jobs
 * again (a crashed worker's, or one queued too long), and the pruning of old results. Everything stops with
 * the app; jobs still waiting or running then are given back.
 */
export async function startBatchJobs(app: ServiceApp, options: BatchJobsOptions): Promise<void> {
  const stopping = new AbortController();
  const timers: NodeJS.Timeout[] = [];
  const every = (ms: number, work: () => Promise<unknown>, what: string) => {
    const timer = setInterval(() => void work().catch((error: unknown) => app.log.warn({ err: error }, `${what} failed`)), ms);
    timer.unref();
    timers.push(timer);
  };
  app.addHook('preClose', async () => {
    for (const timer of timers) clearInterval(timer);
    stopping.abort(new DOMException('The instance is stopping.', 'AbortError'));
  });
  every(PRUNE_INTERVAL_MS, () => pruneBatchJobs(options.db, new Date(Date.now() - options.settings.retentionDays * DAY_MS)), 'pruning batch jobs');
  if (!options.transport) return;
  const gate = createCapacityGate({ concurrency: options.settings.concurrency, scheduler: options.gateway.scheduler });
  const worker = createBatchWorker({ db: options.db, gateway: options.gateway, gate, settings: options.settings, log: app.log, signal: stopping.signal });
  every(options.settings.sweepMs, () => worker.sweep(new Date()), 'sweeping batch jobs');
  await options.transport.subscribe({
    queue: options.queue ?? BATCH_QUEUE,
    types: [BATCH_JOB_QUEUED],
    handler: async (event) => {
      await worker.handle(event);
    },
  });
}
