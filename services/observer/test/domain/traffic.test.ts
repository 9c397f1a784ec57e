import { describe, expect, it } from 'vitest';
import type { HistogramSeries } from '../../src/domain/histogram.js';
import { figuresByRoute, requestFigures, serviceTraffic, trafficBetween } from '../../src/domain/traffic.js';

function series(route: string, status: string, cumulative: Record<string, number>): [string, HistogramSeries] {
  const labels = { method: 'GET', route, status_code: status };
  return [JSON.stringify(labels), { labels, cumulative, count: cumulative['+Inf'] ?? 0 }];
}

describe('trafficBetween and requestFigures', () => {
  it('should compute rate, 5xx share and quantiles from the deltas between two scrapes', () => {
    const before = new Map([series('/orders', '200', { '0.1': 10, '1': 10, '+Inf': 10 }), series('/orders', '500', { '0.1': 0, '1': 1, '+Inf': 1 })]);
    const after = new Map([series('/orders', '200', { '0.1': 28, '1': 28, '+Inf': 28 }), series('/orders', '500', { '0.1': 0, '1': 3, '+Inf': 3 })]);

    const figures = requestFigures(trafficBetween(after, before), 5);

    expect(figures.requests).toBe(20);
    expect(figures.errors).toBe(2);
    expect(figures.requestRatePerS).toBe(4);
    expect(figures.errorRate).toBeCloseTo(0.1);
    // 18 of 20 in (0, 0.1] s, 2 in (0.1, 1] s: the 95th is the first of those two, halfway into its bucket.
    expect(figures.latencyMsP95).toBeCloseTo(100 + 900 * 0.5);
    expect(figures.latencyMsP50).toBeCloseTo((10 / 18) * 100);
  });

  it('should leave the observer’s own /health and /metrics calls out of the service figures but keep them per route', () => {
    const before = new Map([series('/health', '200', { '0.1': 0, '+Inf': 0 }), series('/slow', '200', { '0.1': 0, '+Inf': 0 })]);
    const after = new Map([series('/health', '200', { '0.1': 5, '+Inf': 5 }), series('/slow', '200', { '0.1': 0, '+Inf': 2 })]);
    const entries = trafficBetween(after, before);

    expect(requestFigures(serviceTraffic(entries), 1).requests).toBe(2);
    expect([...figuresByRoute(entries, 1).keys()].sort()).toEqual(['GET /health', 'GET /slow']);
  });

  it('should answer null figures without requests', () => {
    const figures = requestFigures([], 5);

    expect(figures).toMatchObject({ requests: 0, requestRatePerS: 0, errorRate: null, latencyMsP95: null });
  });
});
