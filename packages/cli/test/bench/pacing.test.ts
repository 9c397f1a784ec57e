import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dueCount } from '../../dist/bench/pacing.js';

describe('dueCount', () => {
  it('should make one item due per millisecond at 1,000 per second', () => {
    const counts = [0, 1, 2.5, 999, 1_000].map((elapsedMs) => dueCount(elapsedMs, 1_000, 10_000));

    expect(counts).toEqual([0, 1, 2, 999, 1_000]);
  });

  it('should never make more than the total due when the schedule is over', () => {
    const count = dueCount(60_000, 1_000, 10_000);

    expect(count).toBe(10_000);
  });

  it('should make nothing due before the start', () => {
    const count = dueCount(-5, 1_000, 10);

    expect(count).toBe(0);
  });

  it('should reject a rate that is not positive', () => {
    const act = () => dueCount(10, 0, 10);

    expect(act).toThrow(RangeError);
  });

  it('should never decrease as time passes, for any rate', () => {
    const property = fc.property(
      fc.double({ min: 0, max: 1e6, noNaN: true }),
      fc.double({ min: 0, max: 1e6, noNaN: true }),
      fc.integer({ min: 1, max: 100_000 }),
      (a, b, rate) => {
        const [earlier, later] = a <= b ? [a, b] : [b, a];

        expect(dueCount(earlier, rate, 1e9)).toBeLessThanOrEqual(dueCount(later, rate, 1e9));
      },
    );

    fc.assert(property);
  });
});
