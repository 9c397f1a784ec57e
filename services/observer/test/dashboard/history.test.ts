import { describe, expect, it } from 'vitest';
import { compactNumber, dashboardSeries } from '../../src/dashboard/history.js';
import { toRoundMessages, toServerSentEvent } from '../../src/dashboard/round-message.js';
import type { IncidentRow } from '../../src/db/incidents.js';
import type { ServicePoint } from '../../src/domain/service-point.js';

function point(overrides: Partial<ServicePoint> = {}): ServicePoint {
  return {
    samples: 1,
    intervalS: 5,
    requests: 10,
    errors: 0,
    buckets: { '0.01': 10 },
    instancesUp: 1,
    cpuPercent: 10,
    rssMb: 100,
    heapUsedMb: 50,
    eventLoopLagMs: 1,
    eventLoopUtilization: 0.1,
    dbLatencyMs: 1,
    poolWaiting: 0,
    poolSaturation: 0,
    ...overrides,
  };
}

const plan = { resolution: 'raw' as const, fromMs: 0, toMs: 60_000, stepMs: 20_000 };

describe('compactNumber', () => {
  it('should keep four significant digits and turn non-finite values into null', () => {
    expect(compactNumber(123.456789)).toBe(123.5);
    expect(compactNumber(0.000123456)).toBe(0.0001235);
    expect(compactNumber(98765432)).toBe(98770000);
    expect(compactNumber(Number.NaN)).toBeNull();
    expect(compactNumber(null)).toBeNull();
  });
});

describe('dashboardSeries', () => {
  it('should merge the points of a step, taking latency from the merged histogram and leaving empty steps out', () => {
    const points = [
      { atMs: 1000, point: point({ buckets: { '0.01': 19 }, cpuPercent: 10 }) },
      { atMs: 6000, point: point({ buckets: { '1': 1 }, cpuPercent: 30 }) },
      { atMs: 45_000, point: point({ requests: 0, buckets: {}, cpuPercent: null }) },
    ];

    const series = dashboardSeries(points, plan);

    expect(series.t).toEqual([0, 40]);
    expect(series.cpu_percent).toEqual([20, null]);
    expect(series.request_rate).toEqual([2, 0]);
    // 20 requests, 19 under 10 ms and one in (0.01, 1]: the p95 lies at the top of the first bucket.
    expect(series.latency_p95_ms).toEqual([10, null]);
    expect(series.error_rate).toEqual([0, null]);
  });

  it('should put a point at the end of the range into the last step, never one step more', () => {
    const series = dashboardSeries([{ atMs: 60_000, point: point() }], plan);

    expect(series.t).toEqual([40]);
  });

  it('should never give more rows than the range has steps', () => {
    const points = Array.from({ length: 1000 }, (_, index) => ({ atMs: index * 60, point: point() }));

    expect(dashboardSeries(points, plan).t).toHaveLength(3);
  });
});

describe('toRoundMessages', () => {
  const incident = (fields: Partial<IncidentRow>): IncidentRow => ({
    id: 'i-1',
    subject_key: 'core|unreachable',
    service: 'core',
    instance_url: 'http://127.0.0.1:1',
    metric: 'unreachable',
    route: null,
    opened_at: new Date(5000),
    resolved_at: null,
    consecutive_intervals: 3,
    threshold: null,
    value_at_open: null,
    last_value: null,
    peak_value: null,
    detail: 'down',
    resolution_detail: null,
    event_id: null,
    ...fields,
  });

  it('should make one message per round, each with the incidents opened or resolved since the round before', () => {
    const points = [
      { service: 'core', atMs: 5000, point: point(), breaches: [] },
      {
        service: 'auth',
        atMs: 5000,
        point: point(),
        breaches: [{ metric: 'cpu_percent', instance_url: null, route: null, value: 99, threshold: 70, detail: '' }],
      },
      { service: 'core', atMs: 10_000, point: point(), breaches: [] },
    ];
    const incidents = [incident({}), incident({ id: 'i-0', opened_at: new Date(1000), resolved_at: new Date(10_000) })];

    const rounds = toRoundMessages(points, incidents, new Map([['core', 1]]), 2000);

    expect(rounds.map((round) => round.atMs)).toEqual([5000, 10_000]);
    expect(rounds[0]?.message.services.map((service) => [service.name, service.status])).toEqual([
      ['core', 'fail'],
      ['auth', 'warn'],
    ]);
    expect(rounds[0]?.message.incidents.opened.map((item) => item.id)).toEqual(['i-1']);
    expect(rounds[0]?.message.incidents.opened[0]).not.toHaveProperty('subject_key');
    expect(rounds[1]?.message.incidents).toEqual({ opened: [], resolved: [expect.objectContaining({ id: 'i-0', status: 'resolved' })] });
    expect(rounds[1]?.message.services[0]).toMatchObject({ t: 10, values: { request_rate: 2, cpu_percent: 10 } });
  });

  it('should write a server-sent event whose data stays on one line', () => {
    expect(toServerSentEvent('round', { text: 'a\nb' }, 42)).toBe('id: 42\nevent: round\ndata: {"text":"a\\nb"}\n\n');
  });
});
