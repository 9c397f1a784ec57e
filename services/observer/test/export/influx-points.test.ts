import type { HealthDocument, ObserverConfig } from '@erp/contracts';
import { describe, expect, it } from 'vitest';
import { assemblePoll, type PollLeakOptions, type PollOutcome } from '../../src/collect/assemble.js';
import type { Scrape } from '../../src/collect/scrape.js';
import { parseExposition } from '../../src/domain/exposition.js';
import { histogramSeries } from '../../src/domain/histogram.js';
import { LEAK_DEFAULTS } from '../../src/domain/leak-detection.js';
import { pollLines, pollPoints } from '../../src/export/influx-points.js';

const T0 = Date.UTC(2026, 10, 25, 12, 0, 0);
const FINANCE_URL = 'http://127.0.0.1:8006';
const GHOST_URL = 'http://127.0.0.1:8099';

const CONFIG: ObserverConfig = {
  interval_ms: 5000,
  defaults: { latency_p95_ms: 500, cpu_percent: 50, memory_growth_mb_per_hour: 10, error_rate: 0.01, event_loop_lag_ms: 100 },
  services: {
    finance: { url: FINANCE_URL, critical_endpoints: ['GET /api/v1/finance/accounts'] },
    ghost: { url: GHOST_URL, critical_endpoints: ['GET /health'] },
  },
  alerts: { critical_after: 3, notify: { channel: 'email', to: 'ops@example.com' } },
};
const LEAK: PollLeakOptions = { ...LEAK_DEFAULTS, windowMs: 3_600_000, minDurationMs: 1_800_000, warmupMs: 300_000, memoryLimitMb: 512 };

function health(cpuPercent: number): HealthDocument {
  return {
    status: 'pass',
    service: 'finance',
    version: '0.1.0',
    instance: 'finance@host:8006#41',
    time: '2026-11-25T12:00:00.000Z',
    uptime_s: 600,
    cpu: { percent: cpuPercent, cores: 2 },
    memory: { rss_mb: 84.5, heap_used_mb: 31, heap_total_mb: 44 },
    event_loop: { lag_p99_ms: 1.5, utilization: 0.02 },
    db: { status: 'pass', latency_ms: 0.7, pool: { total: 10, idle: 9, waiting: 0 }, connections: null, size_mb: null },
    checks: {},
  };
}

/** `/metrics` with `ok` answers of 5 ms and `failed` 500s of 50 ms to GET /api/v1/finance/accounts so far. */
function metrics(ok: number, failed: number) {
  const series = (status: string, le5ms: number, le50ms: number) =>
    [
      `http_request_duration_seconds_bucket{le="0.005",method="GET",route="/api/v1/finance/accounts",status_code="${status}"} ${le5ms}`,
      `http_request_duration_seconds_bucket{le="0.05",method="GET",route="/api/v1/finance/accounts",status_code="${status}"} ${le50ms}`,
      `http_request_duration_seconds_bucket{le="+Inf",method="GET",route="/api/v1/finance/accounts",status_code="${status}"} ${le50ms}`,
      `http_request_duration_seconds_count{method="GET",route="/api/v1/finance/accounts",status_code="${status}"} ${le50ms}`,
    ].join('\n');
  const text = `# TYPE http_request_duration_seconds histogram\n${series('200', ok, ok)}\n${series('500', 0, failed)}\n`;
  return histogramSeries(parseExposition(text).get('http_request_duration_seconds'));
}

function financeScrape(atMs: number, ok: number, failed: number, cpuPercent: number): Scrape {
  return {
    target: { service: 'finance', url: FINANCE_URL, source: 'config' },
    atMs,
    durationMs: 4.25,
    reachable: true,
    error: null,
    health: health(cpuPercent),
    histograms: metrics(ok, failed),
    metricsError: null,
  };
}

function ghostScrape(atMs: number): Scrape {
  return {
    target: { service: 'ghost', url: GHOST_URL, source: 'config' },
    atMs,
    durationMs: 1,
    reachable: false,
    error: 'connect ECONNREFUSED 127.0.0.1:8099, "twice"',
    health: null,
    histograms: null,
    metricsError: 'connect ECONNREFUSED 127.0.0.1:8099',
  };
}

/** Two polls 5 s apart; between them finance served 90 requests in 5 ms and 10 500s, at 80 % CPU. */
function secondPoll(): PollOutcome {
  const first = assemblePoll([financeScrape(T0, 100, 0, 5), ghostScrape(T0)], new Map(), CONFIG, T0, LEAK);
  return assemblePoll([financeScrape(T0 + 5000, 190, 10, 80), ghostScrape(T0 + 5000)], first.memory, CONFIG, T0 + 5000, LEAK);
}

describe('pollPoints', () => {
  it('should write each service’s figures as erp_service at the poll’s time', () => {
    const points = pollPoints(secondPoll());

    const finance = points.find((point) => point.measurement === 'erp_service' && point.tags.service === 'finance');
    expect(finance?.timeMs).toBe(T0 + 5000);
    expect(finance?.fields).toMatchObject({
      instances: { integer: 1 },
      instances_up: { integer: 1 },
      requests: 100,
      errors: 10,
      request_rate: 20,
      error_rate: 0.1,
      cpu_percent: 80,
      rss_mb: 84.5,
      heap_used_mb: 31,
      event_loop_lag_ms: 1.5,
      db_latency_ms: 0.7,
    });
    // 90 of 100 answers within 5 ms: p50 inside the first bucket, p99 inside the 5..50 ms one.
    expect(finance?.fields.latency_p50_ms).toBeLessThanOrEqual(5);
    expect(finance?.fields.latency_p99_ms).toBeGreaterThan(5);
    // CPU 80 % > 50 % and error rate 0.1 > 0.01.
    expect(finance?.fields.breaches).toEqual({ integer: 2 });
  });

  it('should write each instance as erp_instance with its health figures and its own traffic', () => {
    const points = pollPoints(secondPoll());

    const instance = points.find((point) => point.measurement === 'erp_instance' && point.tags.service === 'finance');
    expect(instance?.tags).toEqual({ service: 'finance', instance: FINANCE_URL });
    expect(instance?.fields).toMatchObject({
      reachable: true,
      status: 'pass',
      instance_id: 'finance@host:8006#41',
      error: null,
      request_rate: 20,
      error_rate: 0.1,
      cpu_percent: 80,
      pool_total: { integer: 10 },
    });
  });

  it('should write an unreachable instance with its error and without figures it did not report', () => {
    const lines = pollLines(secondPoll());

    const ghost = lines.filter((line) => line.includes('service=ghost'));
    expect(ghost).toEqual([
      `erp_service,service=ghost instances=1i,instances_up=0i,breaches=1i ${T0 + 5000}`,
      `erp_instance,instance=${GHOST_URL},service=ghost reachable=false,error="connect ECONNREFUSED 127.0.0.1:8099, \\"twice\\"",scrape_ms=1 ${T0 + 5000}`,
    ]);
  });

  it('should leave out the traffic figures on the first poll, when there is nothing to compare with', () => {
    const first = assemblePoll([financeScrape(T0, 100, 0, 5)], new Map(), CONFIG, T0, LEAK);

    const [service] = pollLines(first);
    expect(service).toMatch(/^erp_service,service=finance instances=1i,instances_up=1i,breaches=0i,cpu_percent=5,/);
    expect(service).not.toMatch(/request_rate|latency_p95_ms|requests=/);
  });
});
