import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelayMs, DEFAULT_BACKOFF } from '../dist/index.js';

describe('backoffDelayMs', () => {
  it('should double the delay with every attempt until it reaches the maximum', () => {
    const options = { delayMsInitial: 500, delayMsMax: 8_000 };

    const delays = [1, 2, 3, 4, 5, 6, 7].map((attempt) => backoffDelayMs(attempt, options));

    expect(delays).toEqual([500, 1_000, 2_000, 4_000, 8_000, 8_000, 8_000]);
  });

  it('should stay finite and capped for a huge attempt number', () => {
    const delay = backoffDelayMs(10_000, DEFAULT_BACKOFF);

    expect(delay).toBe(DEFAULT_BACKOFF.delayMsMax);
  });

  it('should reject an attempt number below one or not whole', () => {
    expect(() => backoffDelayMs(0)).toThrow(RangeError);
    expect(() => backoffDelayMs(1.5)).toThrow(RangeError);
  });

  it('should never shrink from one attempt to the next and never exceed the maximum', () => {
    const settings = fc.record({ delayMsInitial: fc.integer({ min: 1, max: 10_000 }), delayMsMax: fc.integer({ min: 1, max: 120_000 }) });

    fc.assert(
      fc.property(settings, fc.integer({ min: 1, max: 200 }), (options, attempt) => {
        const current = backoffDelayMs(attempt, options);
        const next = backoffDelayMs(attempt + 1, options);
        return next >= current && next <= options.delayMsMax && current > 0;
      }),
    );
  });
});
