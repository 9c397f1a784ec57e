import {
  type BreakerSettings,
  type BreakerState,
  breakerAdmits,
  breakerOnCall,
  breakerOnFailure,
  breakerOnSuccess,
  breakerRetryAtMs,
  CLOSED_BREAKER,
} from '../domain/circuit-breaker.js';
import type { Deployment } from '../domain/deployment.js';
import { nextLatencyEwma } from '../domain/latency-ewma.js';
import type { DeploymentStatus } from '../domain/routing.js';

export interface DeploymentHealthEntry {
  readonly key: string;
  readonly breaker: BreakerState;
  readonly latencyMs: number | undefined;
}

/**
 * This instance's view of each deployment: its circuit breaker and the moving average of its latency. Kept in
 * memory per instance: every instance learns an outage from its own calls within a few requests, and sharing
 * the state would put a Redis round trip in front of every call.
 */
export interface DeploymentHealth {
  status(deployment: Deployment, nowMs: number): DeploymentStatus;
  onCall(key: string, nowMs: number): void;
  onSuccess(key: string, latencyMs: number): void;
  onFailure(key: string, nowMs: number, retryAfterMs?: number): void;
  entries(): DeploymentHealthEntry[];
}

export function createDeploymentHealth(settings: BreakerSettings, onChange?: (key: string, breaker: BreakerState) => void): DeploymentHealth {
  const breakers = new Map<string, BreakerState>();
  const latencies = new Map<string, number>();
  const set = (key: string, next: BreakerState) => {
    const previous = breakers.get(key) ?? CLOSED_BREAKER;
    breakers.set(key, next);
    if (previous.state !== next.state) onChange?.(key, next);
  };
  return {
    status(deployment, nowMs) {
      const breaker = breakers.get(deployment.key) ?? CLOSED_BREAKER;
      return { admits: breakerAdmits(breaker, nowMs), retryAtMs: breakerRetryAtMs(breaker, nowMs), latencyMs: latencies.get(deployment.key) };
    },
    onCall: (key, nowMs) => set(key, breakerOnCall(breakers.get(key) ?? CLOSED_BREAKER, nowMs, settings)),
    onSuccess(key, latencyMs) {
      set(key, breakerOnSuccess(breakers.get(key) ?? CLOSED_BREAKER, settings));
      latencies.set(key, nextLatencyEwma(latencies.get(key), latencyMs));
    },
    onFailure: (key, nowMs, retryAfterMs) => set(key, breakerOnFailure(breakers.get(key) ?? CLOSED_BREAKER, nowMs, settings, retryAfterMs)),
    entries: () =>
      [...new Set([...breakers.keys(), ...latencies.keys()])].map((key) => ({
        key,
        breaker: breakers.get(key) ?? CLOSED_BREAKER,
        latencyMs: latencies.get(key),
      })),
  };
}
