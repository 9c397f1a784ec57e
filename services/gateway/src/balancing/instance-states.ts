import {
  type BreakerSettings,
  type BreakerState,
  breakerAdmits,
  breakerOnFailure,
  breakerOnSend,
  breakerOnSuccess,
  CLOSED_BREAKER,
} from '../domain/circuit-breaker.js';

/**
 * How an attempt ended. `status-failure` is an upstream answer with one of the ejecting statuses; `cancelled`
 * means the client went away first and says nothing about the instance.
 */
export type AttemptOutcome = 'success' | 'status-failure' | 'connection-failure' | 'timeout' | 'cancelled';

interface InstanceState {
  outstanding: number;
  ejectedUntil: number;
  /** False after a failed active health check, until one passes. */
  healthy: boolean;
  breaker: BreakerState;
}

/** What `/health` and the tests see of one instance. */
export interface InstanceReport {
  readonly url: string;
  readonly outstanding: number;
  readonly healthy: boolean;
  readonly ejected: boolean;
  readonly breaker: BreakerState['state'];
}

export interface InstanceStatesOptions {
  breaker: BreakerSettings;
  ejectMs: number;
  now: () => number;
}

/** The mutable balancing state of every instance the gateway knows, keyed by base URL. */
export function createInstanceStates(options: InstanceStatesOptions) {
  const states = new Map<string, InstanceState>();
  const stateOf = (url: string): InstanceState => {
    let state = states.get(url);
    if (!state) {
      state = { outstanding: 0, ejectedUntil: 0, healthy: true, breaker: CLOSED_BREAKER };
      states.set(url, state);
    }
    return state;
  };

  return {
    outstanding: (url: string) => states.get(url)?.outstanding ?? 0,
    usable(url: string): boolean {
      const state = states.get(url);
      if (!state) return true;
      const now = options.now();
      return state.healthy && state.ejectedUntil <= now && breakerAdmits(state.breaker, now);
    },
    /** Counts a request sent to `url`; a send through an open breaker is its trial. */
    begin(url: string): void {
      const state = stateOf(url);
      state.outstanding += 1;
      state.breaker = breakerOnSend(state.breaker, options.now(), options.breaker);
    },
    /** Feeds an attempt's outcome to the breaker and to passive ejection. */
    record(url: string, outcome: AttemptOutcome): void {
      const state = stateOf(url);
      const now = options.now();
      if (outcome === 'success') state.breaker = breakerOnSuccess();
      if (outcome === 'status-failure' || outcome === 'connection-failure' || outcome === 'timeout') {
        state.breaker = breakerOnFailure(state.breaker, now, options.breaker);
      }
      // A slow answer says nothing about whether the instance is up; a refused connection or a 5xx does.
      if (outcome === 'status-failure' || outcome === 'connection-failure') state.ejectedUntil = now + options.ejectMs;
    },
    end(url: string): void {
      const state = stateOf(url);
      state.outstanding = Math.max(0, state.outstanding - 1);
    },
    setHealthy(url: string, healthy: boolean): void {
      stateOf(url).healthy = healthy;
    },
    /** Forgets instances that are gone and idle, so the map stays as small as the fleet. */
    retain(known: ReadonlySet<string>): void {
      for (const [url, state] of states) if (!known.has(url) && state.outstanding === 0) states.delete(url);
    },
    report(urls: readonly string[]): InstanceReport[] {
      const now = options.now();
      return urls.map((url) => {
        const state = states.get(url) ?? { outstanding: 0, ejectedUntil: 0, healthy: true, breaker: CLOSED_BREAKER };
        return { url, outstanding: state.outstanding, healthy: state.healthy, ejected: state.ejectedUntil > now, breaker: state.breaker.state };
      });
    },
  };
}

export type InstanceStates = ReturnType<typeof createInstanceStates>;
