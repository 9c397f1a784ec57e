import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RateLimitRule } from '../../src/domain/rate-limit-policy.js';
import { admitOne } from '../../src/domain/sliding-window.js';
import { createMemoryLimiter } from '../../src/rate-limit/memory-limiter.js';

const rule = (limit: number, windowS: number, by: RateLimitRule['by'] = 'ip'): RateLimitRule => ({ by, limit, windowS });

function fakeClock(start = 1_000_000) {
  let nowMs = start;
  return { now: () => nowMs, advance: (ms: number) => (nowMs += ms) };
}

describe('createMemoryLimiter', () => {
  it('should admit the limit, refuse the rest, and admit again after the window', async () => {
    const clock = fakeClock();
    const limiter = createMemoryLimiter({ now: clock.now });
    const counters = [{ key: '/:ip:1.2.3.4', rule: rule(3, 10) }];

    const burst = await Promise.all(Array.from({ length: 5 }, () => limiter.consume(counters)));
    clock.advance(10_000);
    const later = await limiter.consume(counters);

    expect(burst.map((decision) => decision.allowed)).toEqual([true, true, true, false, false]);
    expect(later).toMatchObject({ allowed: true, states: [{ count: 1 }] });
  });

  it('should keep separate counters per key, so one user does not use up another user quota', async () => {
    const limiter = createMemoryLimiter({ now: fakeClock().now });
    const alice = [{ key: '/:user:alice', rule: rule(1, 60, 'user') }];
    const bob = [{ key: '/:user:bob', rule: rule(1, 60, 'user') }];

    const results = [await limiter.consume(alice), await limiter.consume(alice), await limiter.consume(bob)];

    expect(results.map((decision) => decision.allowed)).toEqual([true, false, true]);
  });

  it('should forget counters whose window has passed when it sweeps', async () => {
    const clock = fakeClock();
    const limiter = createMemoryLimiter({ now: clock.now, sweepEvery: 3 });
    await limiter.consume([{ key: 'a', rule: rule(5, 1) }]);
    await limiter.consume([{ key: 'b', rule: rule(5, 1) }]);
    const before = limiter.size();

    clock.advance(1000);
    await limiter.consume([{ key: 'c', rule: rule(5, 1) }]);

    expect(before).toBe(2);
    expect(limiter.size()).toBe(1);
  });
});

describe('createMemoryLimiter against the sliding-window model', () => {
  it('should decide every request exactly as admitOne does, for any sequence of requests and clock steps', async () => {
    const step = fc.record({ key: fc.constantFrom('a', 'b'), advanceMs: fc.integer({ min: 0, max: 1500 }) });
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 200 }), fc.integer({ min: 1, max: 5 }), async (steps, limit) => {
        const clock = fakeClock();
        const limiter = createMemoryLimiter({ now: clock.now, sweepEvery: 7 });
        const modelLogs = new Map<string, number[]>();
        for (const { key, advanceMs } of steps) {
          clock.advance(advanceMs);
          const counters = [
            { key, rule: rule(limit, 1) },
            { key: 'shared', rule: rule(limit * 2, 2, 'tenant') },
          ];
          const expected = admitOne(
            counters.map((counter) => modelLogs.get(counter.key) ?? []),
            counters,
            clock.now(),
          );
          for (const [index, counter] of counters.entries()) modelLogs.set(counter.key, expected.logs[index] ?? []);
          expect(await limiter.consume(counters)).toEqual(expected.decision);
        }
      }),
    );
  });
});
