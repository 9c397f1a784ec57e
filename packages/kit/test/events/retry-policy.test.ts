import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertRetryPolicy, DEFAULT_RETRY_POLICY, type RetryPolicy, retryDelayMs, retryDelaysMs } from '../../src/events/retry-policy.js';

const policy = (overrides: Partial<RetryPolicy> = {}): RetryPolicy => ({ attempts: 5, retryDelayMs: 1_000, retryDelayMsMax: 3_000, ...overrides });

const arbitraryPolicy = fc
  .record({ attempts: fc.integer({ min: 1, max: 100 }), retryDelayMs: fc.integer({ min: 1, max: 60_000 }), extraMs: fc.integer({ min: 0, max: 600_000 }) })
  .map(({ attempts, retryDelayMs, extraMs }) => ({ attempts, retryDelayMs, retryDelayMsMax: retryDelayMs + extraMs }));

describe('retryDelayMs', () => {
  it('should double the delay after each failed attempt up to the maximum', () => {
    const delays = [1, 2, 3, 4].map((failed) => retryDelayMs(policy(), failed));

    expect(delays).toEqual([1_000, 2_000, 3_000, 3_000]);
  });

  it('should never exceed the maximum nor shrink from one attempt to the next, for any valid policy', () => {
    fc.assert(
      fc.property(arbitraryPolicy, fc.integer({ min: 1, max: 200 }), (anyPolicy, failed) => {
        const delay = retryDelayMs(anyPolicy, failed);
        return delay >= anyPolicy.retryDelayMs && delay <= anyPolicy.retryDelayMsMax && retryDelayMs(anyPolicy, failed + 1) >= delay;
      }),
    );
  });
});

describe('retryDelaysMs', () => {
  it('should list each distinct delay once, shortest first', () => {
    expect(retryDelaysMs(policy())).toEqual([1_000, 2_000, 3_000]);
  });

  it('should list no delay when the policy allows a single attempt', () => {
    expect(retryDelaysMs(policy({ attempts: 1 }))).toEqual([]);
  });
});

describe('assertRetryPolicy', () => {
  it('should accept the default policy', () => {
    expect(() => assertRetryPolicy(DEFAULT_RETRY_POLICY)).not.toThrow();
  });

  it.each([
    ['no attempt at all', policy({ attempts: 0 })],
    ['a fractional attempt count', policy({ attempts: 2.5 })],
    ['a zero delay', policy({ retryDelayMs: 0 })],
    ['a maximum below the first delay', policy({ retryDelayMs: 5_000, retryDelayMsMax: 1_000 })],
  ])('should reject %s', (_case, invalid) => {
    expect(() => assertRetryPolicy(invalid)).toThrow(RangeError);
  });
});
