import type { Queue, WorkOptions } from 'pg-boss';
import type { RetryPolicy } from '../retry-policy.js';

/** A year, pg-boss's longest retention: an event must outlive any consumer outage, and a dead letter any holiday. */
export const RETENTION_SECONDS = 365 * 24 * 3_600;

/**
 * The pg-boss queue options of a subscription queue. pg-boss counts retries after the first attempt, in
 * whole seconds, with its own jitter, so delays are rounded up to a second.
 *
 * ### Example
 * ```ts
 * toPgBossQueueOptions({ attempts: 3, retryDelayMs: 1_000, retryDelayMsMax: 4_000 }, 'reporting.dlq', 900);
 * // { retryLimit: 2, retryDelay: 1, retryBackoff: true, retryDelayMax: 4, deadLetter: 'reporting.dlq', ... }
 * ```
 */
export function toPgBossQueueOptions(retry: RetryPolicy, deadLetter: string, expireInSeconds: number): Omit<Queue, 'name'> {
  return {
    retryLimit: retry.attempts - 1,
    retryDelay: Math.max(1, Math.ceil(retry.retryDelayMs / 1000)),
    retryBackoff: true,
    retryDelayMax: Math.max(1, Math.ceil(retry.retryDelayMsMax / 1000)),
    deadLetter,
    expireInSeconds,
    retentionSeconds: RETENTION_SECONDS,
    notify: true,
  };
}

/**
 * The pg-boss worker options of a subscription. A worker fetches twice `concurrency` jobs at a time and
 * fetches again at once while batches come back full: fetching one job per poll would drain a backlog (after
 * an outage, or while notifications were lost) at one event per poll interval.
 *
 * ### Example
 * ```ts
 * await boss.work('reporting', toWorkOptions(8, 2), handler);
 * ```
 */
export function toWorkOptions(concurrency: number, pollingIntervalSeconds: number) {
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
  return {
    batchSize: concurrency * 2,
    burstWhenBatchFull: true,
    pollingIntervalSeconds,
    // NOTIFY wakes the worker for new jobs; this poll is only the backstop for notifications lost with a connection.
    notifyPollingIntervalSeconds: Math.max(pollingIntervalSeconds, 5),
    perJobResults: true,
  } as const satisfies WorkOptions;
}
