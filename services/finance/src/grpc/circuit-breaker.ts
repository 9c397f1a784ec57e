/** Whether a call may go out now, and until when it may not. */
export type BreakerDecision = { readonly allowed: true } | { readonly allowed: false; readonly retryAt: Date };

/**
 * A small circuit breaker for one remote service: after `failureThreshold` failures in a row it refuses calls
 * for `cooldownMs`, then lets one call through as a probe; the probe's success closes it, its failure opens it
 * for another cooldown. While it is open a caller answers at once instead of waiting for a timeout each time.
 */
export interface CircuitBreaker {
  decide(now: number): BreakerDecision;
  recordSuccess(): void;
  recordFailure(now: number): void;
}

export function createCircuitBreaker(settings: { failureThreshold: number; cooldownMs: number }): CircuitBreaker {
  let failures = 0;
  let openUntil = 0;
  let probing = false;
  return {
    decide(now) {
      if (failures < settings.failureThreshold) return { allowed: true };
      if (now < openUntil || probing) return { allowed: false, retryAt: new Date(Math.max(openUntil, now)) };
      probing = true;
      return { allowed: true };
    },
    recordSuccess() {
      failures = 0;
      probing = false;
    },
    recordFailure(now) {
      failures += 1;
      probing = false;
      if (failures >= settings.failureThreshold) openUntil = now + settings.cooldownMs;
    },
  };
}
