import { describe, expect, it } from 'vitest';
import {
  type BreakerSettings,
  type BreakerState,
  breakerAdmits,
  breakerOnCall,
  breakerOnFailure,
  breakerOnSuccess,
  breakerRetryAtMs,
  CLOSED_BREAKER,
} from '../../src/domain/circuit-breaker.js';

const settings: BreakerSettings = { windowSize: 10, minimumCalls: 4, failureRateThreshold: 0.5, cooldownMs: 1000, cooldownMsMax: 3000 };

function run(outcomes: readonly ('ok' | 'fail')[], start: BreakerState = CLOSED_BREAKER, nowMs = 0): BreakerState {
  return outcomes.reduce((state, outcome) => (outcome === 'ok' ? breakerOnSuccess(state, settings) : breakerOnFailure(state, nowMs, settings)), start);
}

describe('the circuit breaker', () => {
  it('should stay closed below the minimum number of calls, however many of them failed', () => {
    expect(run(['fail', 'fail', 'fail']).state).toBe('closed');
  });

  it('should open when the failure rate reaches the threshold over at least the minimum calls', () => {
    expect(run(['ok', 'fail', 'ok', 'fail'])).toEqual({ state: 'open', retryAtMs: 1000, trips: 1 });
  });

  it('should stay closed while the failure rate is below the threshold', () => {
    expect(run(['ok', 'ok', 'fail', 'ok', 'ok', 'fail', 'ok']).state).toBe('closed');
  });

  it('should judge only the last windowSize calls', () => {
    const oldFailures = run(['fail', 'fail', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok']);

    expect(oldFailures.state).toBe('closed');
    expect(run(['fail', 'fail', 'fail'], oldFailures).state).toBe('closed');
  });

  it('should refuse calls while open and admit one probe after the cooldown, which makes it half-open', () => {
    const open = run(['fail', 'fail', 'fail', 'fail']);

    expect(breakerAdmits(open, 999)).toBe(false);
    expect(breakerRetryAtMs(open, 500)).toBe(1000);
    const probing = breakerOnCall(open, 1000, settings);
    expect(probing).toEqual({ state: 'half-open', probeDeadlineMs: 2000, trips: 1 });
    expect(breakerAdmits(probing, 1500)).toBe(false);
  });

  it('should close with a clean record after a successful probe', () => {
    const probing = breakerOnCall(run(['fail', 'fail', 'fail', 'fail']), 1000, settings);

    expect(breakerOnSuccess(probing, settings)).toEqual(CLOSED_BREAKER);
  });

  it('should open again for a doubled cooldown after a failed probe, up to the maximum', () => {
    let state = run(['fail', 'fail', 'fail', 'fail']);
    const cooldowns: number[] = [];
    let now = 0;
    for (let trip = 0; trip < 3; trip += 1) {
      now = (state as { retryAtMs: number }).retryAtMs;
      state = breakerOnFailure(breakerOnCall(state, now, settings), now, settings);
      cooldowns.push((state as { retryAtMs: number }).retryAtMs - now);
    }

    expect(cooldowns).toEqual([2000, 3000, 3000]);
  });

  it('should admit another probe when a probe never reports back', () => {
    const probing = breakerOnCall(run(['fail', 'fail', 'fail', 'fail']), 1000, settings);

    expect(breakerAdmits(probing, 2000)).toBe(true);
  });

  it('should open at once for the time a 429 asks, even on a first failure', () => {
    const state = breakerOnFailure(CLOSED_BREAKER, 100, settings, 2500);

    expect(state).toEqual({ state: 'open', retryAtMs: 2600, trips: 1 });
  });

  it('should count a success of a closed breaker without changing its state', () => {
    expect(run(['ok', 'ok'])).toEqual({ state: 'closed', outcomes: [false, false] });
  });
});
