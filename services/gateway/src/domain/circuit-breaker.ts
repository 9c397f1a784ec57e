/**
 * The circuit breaker of one upstream instance. Closed counts consecutive failures; the threshold opens it.
 * Open admits nothing until `retryAt`; the first request after that is a trial and moves it to half-open,
 * which admits nothing more until the trial settles or, if its outcome is never reported, until its own
 * `retryAt`, so a lost trial cannot keep the breaker shut for good.
 */
export type BreakerState =
  | { readonly state: 'closed'; readonly failures: number }
  | { readonly state: 'open'; readonly retryAt: number }
  | { readonly state: 'half-open'; readonly retryAt: number };

export interface BreakerSettings {
  /** Consecutive failures that open a closed breaker. */
  readonly failureThreshold: number;
  /** How long an open breaker refuses requests before it lets one trial through. */
  readonly cooldownMs: number;
}

export const CLOSED_BREAKER: BreakerState = Object.freeze({ state: 'closed', failures: 0 });

/** Whether a request may be sent through the breaker at `now`. */
export function breakerAdmits(breaker: BreakerState, now: number): boolean {
  return breaker.state === 'closed' || now >= breaker.retryAt;
}

/** The state after a request was sent: a send through an open (or stale half-open) breaker is its trial. */
export function breakerOnSend(breaker: BreakerState, now: number, settings: BreakerSettings): BreakerState {
  if (breaker.state === 'closed' || now < breaker.retryAt) return breaker;
  return { state: 'half-open', retryAt: now + settings.cooldownMs };
}

/** Any answer that is not a failure closes the breaker: the instance works again. */
export function breakerOnSuccess(): BreakerState {
  return CLOSED_BREAKER;
}

/** The state after a failure: one more strike when closed, open again for a full cooldown otherwise. */
export function breakerOnFailure(breaker: BreakerState, now: number, settings: BreakerSettings): BreakerState {
  if (breaker.state === 'closed' && breaker.failures + 1 < settings.failureThreshold) return { state: 'closed', failures: breaker.failures + 1 };
  return { state: 'open', retryAt: now + settings.cooldownMs };
}
