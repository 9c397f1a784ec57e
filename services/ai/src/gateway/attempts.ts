import type { Deployment } from '../domain/deployment.js';
import { ProvidersBusyError, ProvidersFailedError, ProvidersTimeoutError, UpstreamRejectedError, withRetryAfter } from '../errors.js';
import { createProviderError, isDeploymentFault, isProviderError, type ProviderError } from '../providers/spec/errors.js';
import type { ResolvedDeployment } from '../settings/deployments.js';
import { createDeadline, type Deadline } from './deadline.js';
import type { DeploymentHealth } from './deployment-health.js';
import type { AiMetrics } from './metrics.js';
import { type Scheduler, SlotUnavailableError, type Ticket } from './scheduler.js';

export type AttemptOutcome = 'ok' | ProviderError['kind'] | 'queue-full' | 'queue-timeout';

export interface AttemptRecord {
  readonly deployment: string;
  readonly outcome: AttemptOutcome;
}

export interface AttemptServices {
  readonly health: DeploymentHealth;
  readonly scheduler: Scheduler;
  readonly metrics: AiMetrics;
}

/** A successful attempt; with `keepSlot`, the caller must call `release` (and `deadline.clear`) when done. */
export interface AttemptSuccess<Result> {
  readonly result: Result;
  readonly resolved: ResolvedDeployment;
  readonly attempts: readonly AttemptRecord[];
  readonly startedMs: number;
  readonly deadline: Deadline;
  readonly release: () => void;
}

export type AttemptCall<Result> = (resolved: ResolvedDeployment, signal: AbortSignal, deadline: Deadline) => Promise<Result>;

function toFailure(error: unknown, deployment: Deployment): ProviderError {
  if (isProviderError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return createProviderError({ kind: 'server-error', provider: deployment.providerName, modelId: deployment.modelId, message, cause: error });
}

const BUSY: readonly AttemptOutcome[] = ['rate-limited', 'overloaded', 'queue-full', 'queue-timeout'];

/** The error for a request whose every attempt failed: busy (503), timed out (504) or failed (502). */
function exhausted(attempts: readonly AttemptRecord[], retryAfterMs: number | undefined): Error {
  if (attempts.every((attempt) => BUSY.includes(attempt.outcome))) {
    const seconds = Math.max(1, Math.ceil((retryAfterMs ?? 1000) / 1000));
    return withRetryAfter(new ProvidersBusyError(seconds), seconds);
  }
  if (attempts.every((attempt) => attempt.outcome === 'timeout')) return new ProvidersTimeoutError(attempts.length);
  return new ProvidersFailedError(attempts.length);
}

/**
 * Tries the candidates in order until one succeeds: each waits for a slot of its provider, runs under its
 * timeout and the client's signal, and reports to its circuit breaker. A deployment fault (error, timeout,
 * 429, overload, refused key) moves on to the next candidate; a request the vendor refused as invalid, or
 * the client going away, ends the chain at once.
 */
export async function runAttempts<Result>(
  candidates: readonly ResolvedDeployment[],
  services: AttemptServices,
  ticket: Ticket,
  clientSignal: AbortSignal,
  call: AttemptCall<Result>,
  keepSlot = false,
): Promise<AttemptSuccess<Result>> {
  const attempts: AttemptRecord[] = [];
  let retryAfterMs: number | undefined;
  for (const resolved of candidates) {
    const { deployment } = resolved;
    let release: () => void;
    try {
      release = await services.scheduler.acquire(deployment.providerKey, deployment.maxConcurrency, ticket, clientSignal);
    } catch (error) {
      if (!(error instanceof SlotUnavailableError)) throw error;
      attempts.push({ deployment: deployment.name, outcome: error.reason });
      services.metrics.fallback(deployment.providerName, deployment.modelId, error.reason);
      continue;
    }
    const deadline = createDeadline(deployment.timeoutMs, clientSignal);
    const startedMs = Date.now();
    services.health.onCall(deployment.key, startedMs);
    try {
      const result = await call(resolved, deadline.signal, deadline);
      attempts.push({ deployment: deployment.name, outcome: 'ok' });
      if (!keepSlot) {
        deadline.clear();
        release();
        services.health.onSuccess(deployment.key, Date.now() - startedMs);
        services.metrics.providerCall(deployment.providerName, deployment.modelId, 'ok', (Date.now() - startedMs) / 1000);
      }
      return { result, resolved, attempts, startedMs, deadline, release };
    } catch (error) {
      deadline.clear();
      release();
      if (clientSignal.aborted) throw clientSignal.reason;
      const failure = toFailure(error, deployment);
      attempts.push({ deployment: deployment.name, outcome: failure.kind });
      services.metrics.providerCall(deployment.providerName, deployment.modelId, failure.kind, (Date.now() - startedMs) / 1000);
      if (!isDeploymentFault(failure.kind)) throw new UpstreamRejectedError(deployment.name);
      services.health.onFailure(deployment.key, Date.now(), failure.retryAfterMs);
      services.metrics.fallback(deployment.providerName, deployment.modelId, failure.kind);
      if (failure.retryAfterMs !== undefined) retryAfterMs = Math.min(retryAfterMs ?? Number.POSITIVE_INFINITY, failure.retryAfterMs);
    }
  }
  throw exhausted(attempts, retryAfterMs);
}
