import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type HistogramSeries, histogramQuantile, mergeBuckets, seriesDelta } from '../../src/domain/histogram.js';

function series(cumulative: Record<string, number>): HistogramSeries {
  return { labels: {}, cumulative, count: cumulative['+Inf'] ?? 0 };
}

describe('histogramQuantile', () => {
  it('should interpolate linearly inside the bucket that holds the rank, like histogram_quantile', () => {
    // 100 observations: 50 in (0, 0.1], 40 in (0.1, 0.5], 10 in (0.5, 1].
    const buckets = { '0.1': 50, '0.5': 40, '1': 10, '+Inf': 0 };

    expect(histogramQuantile(0.5, buckets)).toBeCloseTo(0.1);
    expect(histogramQuantile(0.7, buckets)).toBeCloseTo(0.1 + 0.4 * (20 / 40));
    expect(histogramQuantile(0.95, buckets)).toBeCloseTo(0.5 + 0.5 * (5 / 10));
    expect(histogramQuantile(0.25, buckets)).toBeCloseTo(0.05);
  });

  it('should answer the largest finite bound for a rank in the +Inf bucket', () => {
    expect(histogramQuantile(0.99, { '0.1': 1, '0.25': 0, '+Inf': 9 })).toBe(0.25);
  });

  it('should skip empty buckets and answer null for an empty histogram', () => {
    expect(histogramQuantile(0.5, { '0.1': 0, '0.2': 4, '+Inf': 0 })).toBeCloseTo(0.15);
    expect(histogramQuantile(0.5, { '0.1': 0, '+Inf': 0 })).toBeNull();
  });

  it('should never decrease as q grows, and stay within the finite bounds', () => {
    const bounds = ['0.001', '0.01', '0.1', '1', '10', '+Inf'];
    fc.assert(
      fc.property(
        fc.array(fc.nat(1000), { minLength: bounds.length, maxLength: bounds.length }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (counts, q1, q2) => {
          fc.pre(counts.some((count) => count > 0));
          const buckets = Object.fromEntries(bounds.map((bound, index) => [bound, counts[index] ?? 0]));
          const [low, high] = q1 <= q2 ? [q1, q2] : [q2, q1];
          const a = histogramQuantile(low, buckets) ?? Number.NaN;
          const b = histogramQuantile(high, buckets) ?? Number.NaN;
          expect(a).toBeLessThanOrEqual(b + 1e-12);
          expect(b).toBeLessThanOrEqual(10);
          expect(a).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });
});

describe('seriesDelta', () => {
  it('should turn the increase of cumulative buckets into per-bucket counts', () => {
    const before = series({ '0.1': 5, '0.5': 8, '+Inf': 9 });
    const after = series({ '0.1': 7, '0.5': 14, '+Inf': 16 });

    expect(seriesDelta(after, before)).toEqual({ buckets: { '0.1': 2, '0.5': 4, '+Inf': 1 }, count: 7 });
  });

  it('should count everything as new when a counter went down (the process restarted)', () => {
    const before = series({ '0.1': 50, '+Inf': 60 });
    const after = series({ '0.1': 3, '+Inf': 4 });

    expect(seriesDelta(after, before)).toEqual({ buckets: { '0.1': 3, '+Inf': 1 }, count: 4 });
  });

  it('should count a series first seen now entirely', () => {
    expect(seriesDelta(series({ '0.1': 2, '+Inf': 2 }), undefined)).toEqual({ buckets: { '0.1': 2, '+Inf': 0 }, count: 2 });
  });
});

describe('mergeBuckets', () => {
  it('should add counts bound by bound, over the union of bounds', () => {
    expect(mergeBuckets({ '0.1': 1, '+Inf': 2 }, { '0.1': 3, '0.5': 1 })).toEqual({ '0.1': 4, '+Inf': 2, '0.5': 1 });
  });
});
