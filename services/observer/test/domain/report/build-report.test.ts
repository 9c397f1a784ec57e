import { describe, expect, it } from 'vitest';
import { buildOptimizationReport } from '../../../src/domain/report/build-report.js';
import type { InstanceSummary, ServiceReportInput } from '../../../src/domain/report/report-types.js';
import type { ServicePoint } from '../../../src/domain/service-point.js';

const FROM = new Date('2026-06-01T12:00:00.000Z');
const TO = new Date('2026-06-01T12:15:00.000Z');
const THRESHOLDS = { latency_p95_ms: 300, cpu_percent: 70, memory_growth_mb_per_hour: 10, error_rate: 0.01, event_loop_lag_ms: 100 };

function windowPoint(overrides: Partial<ServicePoint> = {}): ServicePoint {
  // 900 s of traffic at 100 req/s, all under 10 ms.
  return {
    samples: 180,
    intervalS: 900,
    requests: 90_000,
    errors: 0,
    buckets: { '0.01': 90_000 },
    instancesUp: 2,
    cpuPercent: 90,
    rssMb: 120,
    heapUsedMb: 60,
    eventLoopLagMs: 20,
    eventLoopUtilization: 0.5,
    dbLatencyMs: 2,
    poolWaiting: 0,
    poolSaturation: 0.3,
    ...overrides,
  };
}

function instance(url: string, overrides: Partial<InstanceSummary> = {}): InstanceSummary {
  return {
    url,
    reachableShare: 1,
    reachableNow: true,
    cpuPercent: 90,
    eventLoopUtilization: 0.5,
    eventLoopLagMsMax: 20,
    rssMb: 120,
    heapUsedMb: 60,
    dbLatencyMs: 2,
    poolTotal: 10,
    poolWaitingMax: 0,
    poolSaturationMax: 0.3,
    leak: { verdict: 'no_leak', growthMbPerH: 0.5, r2: 0.1, hoursToLimit: null },
    ...overrides,
  };
}

function input(overrides: Partial<ServiceReportInput> = {}): ServiceReportInput {
  return {
    service: 'core',
    policy: { thresholds: THRESHOLDS, criticalEndpoints: ['GET /orders'], scaling: { minInstances: 1, maxInstances: 4 } },
    window: windowPoint(),
    instances: [instance('http://a:1'), instance('http://a:2')],
    routes: [
      { route: 'GET /orders', requests: 80_000, errors: 0, buckets: { '0.01': 80_000 } },
      { route: 'GET /health', requests: 300, errors: 0, buckets: { '0.001': 300 } },
    ],
    openIncidents: 0,
    memoryLimitMb: 512,
    ...overrides,
  };
}

const report = (inputs: ServiceReportInput[], previous: Parameters<typeof buildOptimizationReport>[1]['previous'] = null) =>
  buildOptimizationReport(inputs, { generatedAt: TO, from: FROM, to: TO, previous });

describe('buildOptimizationReport', () => {
  it('should recommend scaling out with the capacity arithmetic when instances run hot', () => {
    const [service] = report([input()]).services;

    expect(service?.status).toBe('warn');
    expect(service?.request_rate).toBe(100);
    expect(service?.recommendations).toEqual([
      expect.objectContaining({
        kind: 'scale_out',
        action: 'Scale out from 2 to 3 instance(s)',
        justification: expect.stringContaining('about 38.9 req/s at the 70 % target'),
      }),
    ]);
  });

  it('should keep the recommendation within the scaling bounds of the service', () => {
    const policy = { thresholds: THRESHOLDS, criticalEndpoints: ['GET /orders'], scaling: { minInstances: 2, maxInstances: 2 } };
    const [hot] = report([input({ policy })]).services;
    const cool = instance('http://a:1', { cpuPercent: 5, eventLoopUtilization: 0.05 });
    const [idle] = report([input({ policy, instances: [cool, { ...cool, url: 'http://a:2' }, { ...cool, url: 'http://a:3' }] })]).services;

    // Hot: 3 would be needed, the maximum is 2. Idle: 1 would do, the minimum is 2.
    expect(hot?.scaling).toMatchObject({ action: 'hold', recommendedInstances: 2 });
    expect(idle?.scaling).toMatchObject({ action: 'scale_in', currentInstances: 3, recommendedInstances: 2 });
  });

  it('should recommend scaling in when a lightly loaded service runs several instances', () => {
    const cool = instance('http://a:1', { cpuPercent: 5, eventLoopUtilization: 0.05 });
    const [service] = report([input({ instances: [cool, { ...cool, url: 'http://a:2' }, { ...cool, url: 'http://a:3' }] })]).services;

    expect(service?.recommendations.map((item) => [item.kind, item.action])).toEqual([['scale_in', 'Scale in from 3 to 1 instance(s)']]);
    expect(service?.status).toBe('pass');
  });

  it('should name a slow critical endpoint and say that more instances would not help when CPU is low', () => {
    const cool = instance('http://a:1', { cpuPercent: 20, eventLoopUtilization: 0.2 });
    const slow = { route: 'GET /orders', requests: 500, errors: 0, buckets: { '0.25': 10, '0.5': 490 } };
    const [service] = report([input({ instances: [cool], routes: [slow], window: windowPoint({ cpuPercent: 20 }) })]).services;

    expect(service?.critical_endpoints[0]).toMatchObject({ route: 'GET /orders', threshold_ms: 300, requests: 500 });
    expect(service?.bottlenecks.map((item) => item.kind)).toEqual(['latency']);
    expect(service?.recommendations).toEqual([
      expect.objectContaining({
        kind: 'optimise_route',
        action: 'Optimise GET /orders',
        justification: expect.stringContaining('more instances would not help'),
      }),
    ]);
  });

  it('should recommend a larger pool from the waiting requests, and report a leak with its projection', () => {
    const busy = instance('http://a:1', {
      cpuPercent: 20,
      eventLoopUtilization: 0.2,
      poolWaitingMax: 8,
      poolSaturationMax: 1,
      leak: { verdict: 'leak', growthMbPerH: 24, r2: 0.93, hoursToLimit: 16.3 },
    });
    const [service] = report([input({ instances: [busy], window: windowPoint({ cpuPercent: 20 }) })]).services;

    expect(service?.recommendations.map((item) => item.kind)).toEqual(['larger_pool', 'investigate_leak']);
    expect(service?.recommendations[0]?.action).toBe('Raise DB_POOL_MAX from 10 to 18');
    expect(service?.recommendations[1]?.justification).toContain('24.0 MB/h (R² 0.93); at this rate the RSS reaches the memory limit in 16.3 h');
    expect(service?.memory).toMatchObject({ verdict: 'leak', growth_mb_per_hour: 24, hours_to_limit: 16.3 });
  });

  it('should report failing 5xx answers with the route they come from', () => {
    const routes = [{ route: 'POST /orders', requests: 1000, errors: 50, buckets: { '0.01': 1000 } }];
    const [service] = report([
      input({ instances: [instance('http://a:1', { cpuPercent: 20 })], routes, window: windowPoint({ requests: 1000, errors: 50, cpuPercent: 20 }) }),
    ]).services;

    expect(service?.recommendations).toEqual([
      expect.objectContaining({ kind: 'fix_errors', justification: expect.stringContaining('most come from POST /orders (50 of 1000)') }),
    ]);
  });

  it('should mark a service failing with an open incident or without an answering instance, unknown without polls', () => {
    const services = report([
      input({ service: 'a', openIncidents: 1 }),
      input({ service: 'b', instances: [instance('http://b:1', { reachableNow: false, reachableShare: 0.2 })] }),
      input({ service: 'c', window: null, instances: [] }),
    ]).services;

    expect(services.map((service) => service.status)).toEqual(['fail', 'fail', 'unknown']);
    expect(services[1]?.recommendations[0]).toMatchObject({ kind: 'restore_instance', action: 'Restart or remove http://b:1' });
  });

  it('should show what changed since the previous report', () => {
    const before = report([input()]);

    const after = report([input({ window: windowPoint({ cpuPercent: 45 }) })], { id: '00000000-0000-4000-8000-000000000009', report: before });

    expect(after.previous).toEqual({ id: '00000000-0000-4000-8000-000000000009', generated_at: TO.toISOString() });
    expect(after.services[0]?.changes).toContainEqual({ figure: 'cpu_percent', before: 90, after: 45, change_percent: -50 });
  });
});
