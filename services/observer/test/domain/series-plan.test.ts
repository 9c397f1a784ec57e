import { describe, expect, it } from 'vitest';
import { planSeries, seriesValues } from '../../src/domain/series-plan.js';
import type { ServicePoint } from '../../src/domain/service-point.js';

const NOW = Date.UTC(2026, 5, 1, 12);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const request = (fromMs: number, toMs: number, stepS?: number) => ({ fromMs, toMs, stepS, rawSinceMs: NOW - 48 * HOUR, intervalMs: 5000 });

function point(overrides: Partial<ServicePoint> = {}): ServicePoint {
  return {
    samples: 1,
    intervalS: 5,
    requests: 10,
    errors: 0,
    buckets: { '0.1': 10 },
    instancesUp: 1,
    cpuPercent: 10,
    rssMb: 80,
    heapUsedMb: 30,
    eventLoopLagMs: 2,
    eventLoopUtilization: 0.1,
    dbLatencyMs: 1,
    poolWaiting: 0,
    poolSaturation: 0.1,
    ...overrides,
  };
}

describe('planSeries', () => {
  it('should read raw polls for the last hours, 1-minute rollups up to a week and hourly ones beyond', () => {
    expect(planSeries(request(NOW - HOUR, NOW)).resolution).toBe('raw');
    expect(planSeries(request(NOW - 3 * DAY, NOW)).resolution).toBe('1m');
    expect(planSeries(request(NOW - 30 * DAY, NOW)).resolution).toBe('1h');
  });

  it('should read rollups for a short range older than the raw retention, and hourly ones for an hourly step', () => {
    expect(planSeries(request(NOW - 5 * DAY, NOW - 5 * DAY + HOUR)).resolution).toBe('1m');
    expect(planSeries(request(NOW - 2 * DAY, NOW, 3600)).resolution).toBe('1h');
  });

  it('should cut a range into about 300 points when no step is given, never finer than the source', () => {
    expect(planSeries(request(NOW - HOUR, NOW)).stepMs).toBe(12_000);
    expect(planSeries(request(NOW - 10 * 60_000, NOW)).stepMs).toBe(5000);
  });

  it('should refuse from after to, and an empty range', () => {
    expect(() => planSeries(request(NOW, NOW - HOUR))).toThrow(expect.objectContaining({ code: 'OBS_RANGE_INVALID' }));
    expect(() => planSeries(request(NOW, NOW))).toThrow(expect.objectContaining({ code: 'OBS_RANGE_INVALID' }));
    expect(() => planSeries(request(Number.NaN, NOW))).toThrow(expect.objectContaining({ code: 'OBS_RANGE_INVALID' }));
  });

  it('should refuse a range over 400 days and a step that gives more than 2000 points', () => {
    expect(() => planSeries(request(NOW - 500 * DAY, NOW))).toThrow(expect.objectContaining({ code: 'OBS_RANGE_TOO_LARGE' }));
    expect(() => planSeries(request(NOW - DAY, NOW, 10))).toThrow(/at least 44 s/);
  });
});

describe('seriesValues', () => {
  it('should merge the points of each step: rates over time, latency from the merged histogram, gauges averaged', () => {
    const plan = planSeries(request(NOW - 60_000, NOW, 30));
    const points = [
      { atMs: NOW - 55_000, point: point({ requests: 10, buckets: { '0.1': 10 }, cpuPercent: 10 }) },
      { atMs: NOW - 40_000, point: point({ requests: 30, buckets: { '1': 30 }, cpuPercent: 30 }) },
      { atMs: NOW - 10_000, point: point({ requests: 5, buckets: { '0.1': 5 } }) },
    ];

    expect(seriesValues(points, plan, 'request_rate')).toEqual([
      { t: new Date(NOW - 60_000).toISOString(), value: 4 },
      { t: new Date(NOW - 30_000).toISOString(), value: 1 },
    ]);
    expect(seriesValues(points, plan, 'cpu_percent')[0]?.value).toBe(20);
    // 40 requests, 10 under 0.1 s and 30 in (0.1, 1]: the 95th percentile is at 0.1 + 0.9 × 28/30 s.
    expect(seriesValues(points, plan, 'latency_p95_ms')[0]?.value).toBeCloseTo((0.1 + 0.9 * (28 / 30)) * 1000);
  });

  it('should leave out steps without a value', () => {
    const plan = planSeries(request(NOW - 60_000, NOW, 30));

    expect(seriesValues([{ atMs: NOW - 50_000, point: point({ requests: 0, buckets: {} }) }], plan, 'latency_p95_ms')).toEqual([]);
  });
});
