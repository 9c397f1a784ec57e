import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type BreakerState, breakerAdmits, breakerOnFailure, breakerOnSend, breakerOnSuccess, CLOSED_BREAKER } from '../../src/domain/circuit-breaker.js';

const settings = { failureThreshold: 3, cooldownMs: 1000 };

function failTimes(times: number, now = 0): BreakerState {
  let breaker = CLOSED_BREAKER;
  for (let i = 0; i < times; i += 1) breaker = breakerOnFailure(breaker, now, settings);
  return breaker;
}

describe('circuit breaker', () => {
  it('should stay closed and admit requests below the failure threshold', () => {
    const breaker = failTimes(2);

    expect(breaker).toEqual({ state: 'closed', failures: 2 });
    expect(breakerAdmits(breaker, 0)).toBe(true);
  });

  it('should open at the threshold and admit nothing until the cooldown has passed', () => {
    const breaker = failTimes(3, 500);

    expect(breaker).toEqual({ state: 'open', retryAt: 1500 });
    expect(breakerAdmits(breaker, 1499)).toBe(false);
    expect(breakerAdmits(breaker, 1500)).toBe(true);
  });

  it('should become half-open with the trial request and admit no second one meanwhile', () => {
    const trial = breakerOnSend(failTimes(3), 1000, settings);

    expect(trial).toEqual({ state: 'half-open', retryAt: 2000 });
    expect(breakerAdmits(trial, 1999)).toBe(false);
  });

  it('should close when the trial succeeds and open for another cooldown when it fails', () => {
    const trial = breakerOnSend(failTimes(3), 1000, settings);

    expect(breakerOnSuccess()).toEqual(CLOSED_BREAKER);
    expect(breakerOnFailure(trial, 1200, settings)).toEqual({ state: 'open', retryAt: 2200 });
  });

  it('should reset the count of failures on a success in between', () => {
    let breaker = failTimes(2);

    breaker = breakerOnSuccess();
    breaker = breakerOnFailure(breaker, 0, settings);

    expect(breaker).toEqual({ state: 'closed', failures: 1 });
  });

  it('should let a new trial through when a lost trial never reported back within the cooldown', () => {
    const trial = breakerOnSend(failTimes(3), 1000, settings);

    expect(breakerAdmits(trial, 2000)).toBe(true);
    expect(breakerOnSend(trial, 2000, settings)).toEqual({ state: 'half-open', retryAt: 3000 });
  });

  it('should never admit two sends within one cooldown once open, whatever the sequence of events', () => {
    const event = fc.record({ kind: fc.constantFrom('send', 'success', 'failure'), advanceMs: fc.integer({ min: 0, max: 400 }) });
    fc.assert(
      fc.property(fc.array(event, { maxLength: 60 }), (events) => {
        let breaker = CLOSED_BREAKER;
        let now = 0;
        for (const { kind, advanceMs } of events) {
          now += advanceMs;
          if (kind === 'success') breaker = breakerOnSuccess();
          if (kind === 'failure') breaker = breakerOnFailure(breaker, now, settings);
          if (kind !== 'send' || !breakerAdmits(breaker, now)) continue;
          breaker = breakerOnSend(breaker, now, settings);
          // A trial (any send that is not through a closed breaker) shuts the door for a whole cooldown.
          if (breaker.state !== 'closed') {
            expect(breaker.state).toBe('half-open');
            expect(breakerAdmits(breaker, now + settings.cooldownMs - 1)).toBe(false);
          }
        }
      }),
    );
  });

  it('should be open after the threshold of consecutive failures from any closed count', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 1e9 }), (before, now) => {
        let breaker: BreakerState = { state: 'closed', failures: before };
        for (let i = before; i < settings.failureThreshold; i += 1) breaker = breakerOnFailure(breaker, now, settings);

        expect(breaker).toEqual({ state: 'open', retryAt: now + settings.cooldownMs });
        expect(breakerAdmits(breaker, now)).toBe(false);
      }),
    );
  });
});
