import type { HealthDocument } from '@erp/contracts';
import { describe, expect, it } from 'vitest';
import { evaluateService, type InstanceReading } from '../../src/domain/judge.js';
import type { LeakAnalysis } from '../../src/domain/leak-detection.js';
import { requestFigures } from '../../src/domain/traffic.js';

const POLICY = {
  thresholds: { latency_p95_ms: 300, cpu_percent: 70, memory_growth_mb_per_hour: 10, error_rate: 0.01, event_loop_lag_ms: 100 },
  criticalEndpoints: ['GET /orders'],
  scaling: { minInstances: 1, maxInstances: 4 },
};

function health(overrides: Partial<HealthDocument> = {}): HealthDocument {
  return {
    status: 'pass',
    service: 'core',
    version: '0.1.0',
    instance: 'core@host:8002#1',
    time: '2026-01-01T00:00:00.000Z',
    uptime_s: 100,
    cpu: { percent: 10, cores: 2 },
    memory: { rss_mb: 80, heap_used_mb: 30, heap_total_mb: 40 },
    event_loop: { lag_p99_ms: 2, utilization: 0.1 },
    db: { status: 'pass', latency_ms: 1, pool: { total: 10, idle: 9, waiting: 0 }, connections: null, size_mb: null },
    checks: {},
    ...overrides,
  };
}

function instance(overrides: Partial<InstanceReading> = {}): InstanceReading {
  return { url: 'http://a:1', reachable: true, error: null, health: health(), leak: null, ...overrides };
}

function leak(verdict: LeakAnalysis['verdict'], growthMbPerH: number): LeakAnalysis {
  return { verdict, heap: null, rss: null, growthMbPerH, r2: 0.9, samples: 100, durationS: 3600, hoursToLimit: 20, reason: 'test' };
}

const routes = (p95Seconds: number) =>
  new Map([['GET /orders', requestFigures([{ route: 'GET /orders', statusCode: '200', buckets: { [String(p95Seconds)]: 10 }, count: 10 }], 5)]]);
const breached = (items: ReturnType<typeof evaluateService>) => items.filter((item) => item.breached).map((item) => item.metric);
const measured = (items: ReturnType<typeof evaluateService>) => items.filter((item) => item.measured).map((item) => item.metric);
const someTraffic = () => requestFigures([{ route: 'GET /orders', statusCode: '200', buckets: { '0.1': 10 }, count: 10 }], 5);

describe('evaluateService', () => {
  it('should find nothing wrong with a healthy, fast service', () => {
    const results = evaluateService({ service: 'core', policy: POLICY, instances: [instance()], figures: someTraffic(), routes: routes(0.1) });

    expect(breached(results)).toEqual([]);
    expect(measured(results).sort()).toEqual(['cpu_percent', 'error_rate', 'event_loop_lag_ms', 'latency_p95_ms', 'unhealthy', 'unreachable']);
  });

  it('should judge the p95 of each critical endpoint against the service threshold', () => {
    const [latency] = evaluateService({ service: 'core', policy: POLICY, instances: [], figures: someTraffic(), routes: routes(0.5) }).filter(
      (item) => item.metric === 'latency_p95_ms',
    );

    expect(latency).toMatchObject({ metric: 'latency_p95_ms', route: 'GET /orders', breached: true, threshold: 300, instanceUrl: null });
    expect(latency?.value).toBeGreaterThan(300);
    expect(latency?.detail).toMatch(/GET \/orders p95 \d+ ms exceeds 300 ms/);
  });

  it('should report an unreachable instance and hold its other figures as unmeasured', () => {
    const results = evaluateService({
      service: 'core',
      policy: POLICY,
      instances: [instance({ reachable: false, health: null, error: 'ECONNREFUSED' })],
      figures: null,
      routes: new Map(),
    });

    expect(measured(results)).toEqual(['unreachable']);
    expect(results[0]).toMatchObject({ metric: 'unreachable', breached: true, instanceUrl: 'http://a:1' });
    expect(results[0]?.detail).toContain('ECONNREFUSED');
    expect(
      results
        .filter((item) => !item.measured)
        .map((item) => item.metric)
        .sort(),
    ).toEqual(['cpu_percent', 'error_rate', 'event_loop_lag_ms', 'latency_p95_ms', 'memory_growth_mb_per_hour', 'unhealthy']);
  });

  it('should hold latency and error rate as unmeasured when there are no request figures, and not judge a route without requests', () => {
    const withoutFigures = evaluateService({ service: 'core', policy: POLICY, instances: [], figures: null, routes: new Map() });
    const withoutRequests = evaluateService({ service: 'core', policy: POLICY, instances: [], figures: someTraffic(), routes: new Map() });

    expect(withoutFigures.map((item) => [item.metric, item.measured])).toEqual([
      ['error_rate', false],
      ['latency_p95_ms', false],
    ]);
    expect(withoutRequests.map((item) => item.metric)).toEqual(['error_rate']);
  });

  it('should report CPU, event-loop lag and a failing health status per instance', () => {
    const sick = health({ status: 'fail', cpu: { percent: 95, cores: 2 }, event_loop: { lag_p99_ms: 250, utilization: 0.9 } });
    const results = evaluateService({ service: 'core', policy: POLICY, instances: [instance({ health: sick })], figures: someTraffic(), routes: new Map() });

    expect(breached(results).sort()).toEqual(['cpu_percent', 'event_loop_lag_ms', 'unhealthy']);
  });

  it('should breach memory growth only for a leak verdict above the threshold', () => {
    const judge = (analysis: LeakAnalysis) =>
      breached(evaluateService({ service: 'core', policy: POLICY, instances: [instance({ leak: analysis })], figures: null, routes: new Map() }));

    expect(judge(leak('leak', 25))).toEqual(['memory_growth_mb_per_hour']);
    expect(judge(leak('leak', 5))).toEqual([]);
    expect(judge(leak('no_leak', 25))).toEqual([]);
  });

  it('should judge the error rate of the whole service', () => {
    const figures = requestFigures(
      [
        { route: 'GET /orders', statusCode: '200', buckets: { '0.1': 97 }, count: 97 },
        { route: 'GET /orders', statusCode: '503', buckets: { '0.1': 3 }, count: 3 },
      ],
      5,
    );

    const results = evaluateService({ service: 'core', policy: POLICY, instances: [], figures, routes: new Map() });

    expect(results).toEqual([expect.objectContaining({ metric: 'error_rate', breached: true, value: 0.03, threshold: 0.01 })]);
  });
});
