/**
 * The circuit breaker of one deployment (provider and model). Closed, it remembers the outcomes of the last
 * `windowSize` calls and opens when at least `minimumCalls` of them are known and the share of failures reaches
 * `failureRateThreshold`. Open, it admits nothing until `retryAtMs`; the first call after that is the probe and
 * makes it half-open, which admits nothing more until the probe settles (or, if its outcome is never reported,
 * until the probe's own deadline). A successful probe closes it with a clean record; a failed one opens it again
 * for a cooldown that doubles with each consecutive trip, up to `cooldownMsMax`. A vendor's explicit
 * "retry after" (429) opens it at once for that long: the vendor has said when calls make sense again.
 * This holds for every deployment, also the only one of its kind: with no alternative, failing fast is still
 * better than sending calls into an outage.
 */
export type BreakerState =
  | { readonly state: 'closed'; readonly outcomes: readonly boolean[] }
  | { readonly state: 'open'; readonly retryAtMs: number; readonly trips: number }
  | { readonly state: 'half-open'; readonly probeDeadlineMs: number; readonly trips: number };

export interface BreakerSettings {
  /** How many recent calls the failure rate is taken over. */
  readonly windowSize: number;
  /** Calls needed in the window before the rate may open the breaker. */
  readonly minimumCalls: number;
  /** Share of failures (0..1) that opens the breaker. */
  readonly failureRateThreshold: number;
  readonly cooldownMs: number;
  readonly cooldownMsMax: number;
}

export const DEFAULT_BREAKER_SETTINGS: BreakerSettings = Object.freeze({
  windowSize: 20,
  minimumCalls: 5,
  failureRateThreshold: 0.5,
  cooldownMs: 30_000,
  cooldownMsMax: 300_000,
});

export const CLOSED_BREAKER: BreakerState = Object.freeze({ state: 'closed', outcomes: Object.freeze([]) });

/** Whether a call may go to the deployment at `nowMs`. */
export function breakerAdmits(breaker: BreakerState, nowMs: number): boolean {
  if (breaker.state === 'closed') return true;
  return nowMs >= (breaker.state === 'open' ? breaker.retryAtMs : breaker.probeDeadlineMs);
}

/** When the deployment will admit a call again; `undefined` when it does now. */
export function breakerRetryAtMs(breaker: BreakerState, nowMs: number): number | undefined {
  if (breakerAdmits(breaker, nowMs) || breaker.state === 'closed') return undefined;
  return breaker.state === 'open' ? breaker.retryAtMs : breaker.probeDeadlineMs;
}

function cooldownMs(trips: number, settings: BreakerSettings): number {
  return Math.min(settings.cooldownMs * 2 ** Math.max(0, trips - 1), settings.cooldownMsMax);
}

/** The state once a call is sent: a call through an open breaker (or past a lost probe's deadline) is the probe. */
export function breakerOnCall(breaker: BreakerState, nowMs: number, settings: BreakerSettings): BreakerState {
  if (breaker.state === 'closed' || !breakerAdmits(breaker, nowMs)) return breaker;
  return { state: 'half-open', probeDeadlineMs: nowMs + cooldownMs(breaker.trips, settings), trips: breaker.trips };
}

function remember(outcomes: readonly boolean[], failed: boolean, settings: BreakerSettings): boolean[] {
  return [...outcomes, failed].slice(-settings.windowSize);
}

export function breakerOnSuccess(breaker: BreakerState, settings: BreakerSettings): BreakerState {
  if (breaker.state !== 'closed') return CLOSED_BREAKER;
  return { state: 'closed', outcomes: remember(breaker.outcomes, false, settings) };
}

/** The state after a failure; `retryAfterMs` is the vendor's own request to wait (a 429's header). */
export function breakerOnFailure(breaker: BreakerState, nowMs: number, settings: BreakerSettings, retryAfterMs?: number): BreakerState {
  const trips = breaker.state === 'closed' ? 1 : breaker.trips + 1;
  if (retryAfterMs !== undefined && retryAfterMs > 0) return { state: 'open', retryAtMs: nowMs + retryAfterMs, trips };
  if (breaker.state !== 'closed') return { state: 'open', retryAtMs: nowMs + cooldownMs(trips, settings), trips };
  const outcomes = remember(breaker.outcomes, true, settings);
  const failures = outcomes.filter(Boolean).length;
  if (outcomes.length >= settings.minimumCalls && failures / outcomes.length >= settings.failureRateThreshold) {
    return { state: 'open', retryAtMs: nowMs + cooldownMs(1, settings), trips: 1 };
  }
  return { state: 'closed', outcomes };
}
