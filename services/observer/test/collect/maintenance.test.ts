import type { Insertable } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createMaintenance } from '../../src/collect/maintenance.js';
import type { ServicePointTable } from '../../src/db/schema.js';
import { servicePointRowToPoint } from '../../src/db/service-points.js';
import { metricValue } from '../../src/domain/service-point.js';
import { buildTestObserver, type TestObserver } from '../helpers.js';

const NOW = new Date('2026-06-01T12:00:30.000Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let observer: TestObserver;

function point(
  service: string,
  resolution: 'raw' | '1m' | '1h',
  at: string,
  overrides: Partial<Insertable<ServicePointTable>> = {},
): Insertable<ServicePointTable> {
  return {
    service,
    resolution,
    at: new Date(at),
    samples: 1,
    interval_s: 30,
    requests: 10,
    errors: 0,
    buckets: JSON.stringify({ '0.1': 10 }),
    cpu_percent: 10,
    rss_mb: 80,
    ...overrides,
  };
}

function instanceSample(at: string) {
  return { service: 'core', instance_url: 'http://a:1', at: new Date(at), reachable: true, scrape_ms: 3 };
}

function routePoint(at: string) {
  return { service: 'core', route: 'GET /orders', at: new Date(at), interval_s: 30, requests: 3, errors: 0, buckets: JSON.stringify({ '0.1': 3 }) };
}

beforeAll(async () => {
  observer = await buildTestObserver(inject('adminUrl'));
  const db = observer.db.kysely;
  await db
    .insertInto('service_point')
    .values([
      point('core', 'raw', '2026-06-01T11:58:10Z', { buckets: JSON.stringify({ '0.1': 10 }), cpu_percent: 10, errors: 1 }),
      point('core', 'raw', '2026-06-01T11:58:40Z', { buckets: JSON.stringify({ '1': 10 }), cpu_percent: 30 }),
      point('core', 'raw', '2026-06-01T11:59:20Z'),
      point('core', 'raw', '2026-06-01T09:00:00Z'),
      point('core', '1m', new Date(NOW.getTime() - 15 * DAY).toISOString()),
      point('core', '1h', new Date(NOW.getTime() - 300 * DAY).toISOString()),
    ])
    .execute();
  await db
    .insertInto('instance_sample')
    .values([instanceSample('2026-06-01T09:00:00Z'), instanceSample('2026-06-01T11:59:00Z')])
    .execute();
  await db
    .insertInto('route_point')
    .values([routePoint('2026-06-01T09:00:00Z'), routePoint('2026-06-01T11:59:00Z')])
    .execute();
});

afterAll(() => observer?.close());

const maintenance = () =>
  createMaintenance({
    db: observer.db.kysely,
    retention: { rawMs: 2 * HOUR, minuteRollupMs: 14 * DAY, hourRollupMs: 400 * DAY, reportMs: 90 * DAY },
    intervalMs: 60_000,
    isLeader: () => true,
    logger: { info: () => {}, warn: () => {} },
    now: () => NOW,
  });

const rollups = (resolution: '1m' | '1h') =>
  observer.db.kysely
    .selectFrom('service_point')
    .selectAll()
    .where('resolution', '=', resolution)
    .where('at', '>', new Date(NOW.getTime() - DAY))
    .orderBy('at')
    .execute();

describe('maintenance', () => {
  it('should roll raw polls up into minutes and minutes into hours, merging the latency histograms exactly', async () => {
    const result = await maintenance().run();

    expect(result).toMatchObject({ minuteBuckets: 2, hourBuckets: 1 });
    expect(result.pruned).toEqual({ instanceSamples: 1, servicePoints: 2, routePoints: 1, reports: 0 });
    const minutes = await rollups('1m');
    expect(minutes.map((row) => [row.at.toISOString(), row.samples, Number(row.requests), Number(row.errors)])).toEqual([
      ['2026-06-01T11:58:00.000Z', 2, 20, 1],
      ['2026-06-01T11:59:00.000Z', 1, 10, 0],
    ]);
    const minute = servicePointRowToPoint(minutes[0] as (typeof minutes)[number]);
    // 10 requests under 0.1 s and 10 in (0.1, 1]: p95 is 0.1 + 0.9 × 9/10 s, not an average of two p95s.
    expect(metricValue(minute, 'latency_p95_ms')).toBeCloseTo(910);
    expect(minute.cpuPercent).toBe(20);
    expect(metricValue(minute, 'request_rate')).toBeCloseTo(20 / 60);
    const [hour] = await rollups('1h');
    expect(hour).toMatchObject({ samples: 3, requests: '30', at: new Date('2026-06-01T11:00:00.000Z') });
  });

  it('should be idempotent: a second run rewrites the same buckets', async () => {
    await maintenance().run();

    expect((await rollups('1m')).map((row) => row.samples)).toEqual([2, 1]);
    expect((await rollups('1h')).map((row) => row.samples)).toEqual([3]);
  });

  it('should have deleted raw samples past the retention and rollups past theirs, and nothing else', async () => {
    const db = observer.db.kysely;

    const raw = await db.selectFrom('service_point').select('at').where('resolution', '=', 'raw').orderBy('at').execute();
    const samples = await db.selectFrom('instance_sample').select('at').execute();
    const routes = await db.selectFrom('route_point').select('at').execute();
    const oldRollups = await db
      .selectFrom('service_point')
      .select(['resolution'])
      .where('at', '<', new Date(NOW.getTime() - DAY))
      .execute();

    expect(raw.map((row) => row.at.toISOString())).toEqual(['2026-06-01T11:58:10.000Z', '2026-06-01T11:58:40.000Z', '2026-06-01T11:59:20.000Z']);
    expect(samples).toHaveLength(1);
    expect(routes).toHaveLength(1);
    expect(oldRollups.map((row) => row.resolution)).toEqual(['1h']);
  });
});
