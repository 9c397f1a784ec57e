import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accountThrottleKey, retryAfterSeconds, type ThrottlePolicy, throttleDelayMs } from '../../src/domain/login-throttle.js';

const policy: ThrottlePolicy = { freeAttempts: 3, delayBaseMs: 1000, delayMaxMs: 8000, lockoutAfter: 10, lockoutMs: 900_000 };

describe('throttleDelayMs', () => {
  it('should not delay the free attempts', () => {
    expect([0, 1, 2].map((failures) => throttleDelayMs(failures, policy))).toEqual([0, 0, 0]);
  });

  it('should double the delay per failure after the free attempts up to the maximum', () => {
    expect([3, 4, 5, 6, 7, 9].map((failures) => throttleDelayMs(failures, policy))).toEqual([1000, 2000, 4000, 8000, 8000, 8000]);
  });

  it('should lock out from the lockout threshold on', () => {
    expect(throttleDelayMs(10, policy)).toBe(900_000);
    expect(throttleDelayMs(1000, policy)).toBe(900_000);
  });

  it('should never shrink as failures grow while the lockout is the longest delay', () => {
    fc.assert(
      fc.property(fc.nat(200), (failures) => {
        expect(throttleDelayMs(failures + 1, policy)).toBeGreaterThanOrEqual(throttleDelayMs(failures, policy));
      }),
    );
  });
});

describe('retryAfterSeconds', () => {
  it('should round up to whole seconds and never answer less than one', () => {
    const now = new Date('2026-01-01T00:00:00.000Z');

    expect(retryAfterSeconds(new Date('2026-01-01T00:00:01.200Z'), now)).toBe(2);
    expect(retryAfterSeconds(new Date('2026-01-01T00:00:00.000Z'), now)).toBe(1);
  });
});

describe('accountThrottleKey', () => {
  it('should share one counter between case variants of an address', () => {
    expect(accountThrottleKey(' Ann@Example.com')).toBe(accountThrottleKey('ann@example.com'));
  });
});
