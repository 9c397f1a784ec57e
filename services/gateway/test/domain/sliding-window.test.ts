import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RateLimitRule } from '../../src/domain/rate-limit-policy.js';
import { admitOne, type Counter, retryAfterSeconds, toCounterReports, toRateLimitHeaders } from '../../src/domain/sliding-window.js';

const rule = (limit: number, windowS: number, by: RateLimitRule['by'] = 'ip'): RateLimitRule => ({ by, limit, windowS });

/** Feeds requests at the given times through one set of counters; returns the decisions. */
function replay(counters: Counter[], times: number[]) {
  let logs: number[][] = counters.map(() => []);
  return times.map((time) => {
    const result = admitOne(logs, counters, time);
    logs = result.logs;
    return result.decision;
  });
}

/** Turns gaps between requests into their times. */
function toTimes(gaps: number[]): number[] {
  let time = 0;
  return gaps.map((gap) => {
    time += gap;
    return time;
  });
}

describe('admitOne', () => {
  it('should admit up to the limit within a window and refuse the next', () => {
    const counters = [{ key: 'a', rule: rule(3, 10) }];

    const decisions = replay(counters, [0, 1000, 2000, 3000]);

    expect(decisions.map((decision) => decision.allowed)).toEqual([true, true, true, false]);
  });

  it('should admit again once the oldest request has left the window, and not a millisecond before', () => {
    const counters = [{ key: 'a', rule: rule(2, 10) }];

    const decisions = replay(counters, [0, 5000, 9999, 10_000, 10_001]);

    expect(decisions.map((decision) => decision.allowed)).toEqual([true, true, false, true, false]);
  });

  it('should record a request in no counter when any counter refuses it', () => {
    const counters = [
      { key: 'ip', rule: rule(10, 60) },
      { key: 'user', rule: rule(1, 60, 'user') },
    ];

    const [first, second] = replay(counters, [0, 1]);

    expect(first?.allowed).toBe(true);
    expect(second).toMatchObject({ allowed: false, states: [{ count: 1 }, { count: 1 }] });
  });

  it('should never admit more than the limit in any window of its length', () => {
    const scenario = fc.record({
      limit: fc.integer({ min: 1, max: 8 }),
      windowS: fc.integer({ min: 1, max: 5 }),
      gaps: fc.array(fc.integer({ min: 0, max: 1500 }), { minLength: 1, maxLength: 120 }),
    });
    fc.assert(
      fc.property(scenario, ({ limit, windowS, gaps }) => {
        const times = toTimes(gaps);
        const decisions = replay([{ key: 'a', rule: rule(limit, windowS) }], times);
        const admitted = times.filter((_time, index) => decisions[index]?.allowed);

        return admitted.every((start) => admitted.filter((time) => time >= start && time < start + windowS * 1000).length <= limit);
      }),
    );
  });

  it('should admit every request that finds room, so the limiter never refuses below its limit', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 3000 }), { minLength: 1, maxLength: 60 }), (gaps) => {
        const times = toTimes(gaps);
        const decisions = replay([{ key: 'a', rule: rule(4, 2) }], times);

        return times.every((time, index) => {
          const before = times.slice(0, index).filter((earlier, j) => decisions[j]?.allowed && earlier > time - 2000).length;
          return decisions[index]?.allowed === before < 4;
        });
      }),
    );
  });
});

describe('rate-limit headers', () => {
  it('should report remaining quota and seconds to the next free slot in the draft-10 syntax', () => {
    const counters = [
      { key: 'ip', rule: rule(3, 60) },
      { key: 'tenant', rule: rule(100, 3600, 'tenant') },
    ];
    const decisions = replay(counters, [0, 20_500]);

    const headers = toRateLimitHeaders(toCounterReports(counters, decisions[1] ?? { allowed: false, nowMs: 0, states: [] }));

    expect(headers).toEqual({
      'ratelimit-policy': '"ip";q=3;w=60, "tenant";q=100;w=3600',
      ratelimit: '"ip";r=1;t=40, "tenant";r=98;t=3580',
    });
  });

  it('should ask a refused client to retry when the fullest counter frees a slot', () => {
    const counters = [
      { key: 'ip', rule: rule(2, 10) },
      { key: 'user', rule: rule(5, 60, 'user') },
    ];
    const decisions = replay(counters, [0, 3000, 4000]);
    const refused = decisions[2] ?? { allowed: true, nowMs: 0, states: [] };

    expect(refused.allowed).toBe(false);
    expect(retryAfterSeconds(counters, refused)).toBe(6);
  });
});
