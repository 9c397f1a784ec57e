import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildTestObserver, observerFile, type TestObserver } from '../helpers.js';

const NOW = new Date('2026-06-01T12:00:00.000Z');
const MINUTE = 60_000;
let observer: TestObserver;

function point(resolution: 'raw' | '1m' | '1h', at: Date, requests: number, cpuPercent: number) {
  return {
    service: 'core',
    resolution,
    at,
    samples: 1,
    interval_s: 60,
    requests,
    errors: 0,
    buckets: JSON.stringify({ '0.05': requests }),
    cpu_percent: cpuPercent,
  };
}

beforeAll(async () => {
  observer = await buildTestObserver(inject('adminUrl'), {
    file: observerFile({ services: { core: { url: 'http://127.0.0.1:1', critical_endpoints: ['GET /health'] } } }),
    now: () => NOW,
  });
  const raw = Array.from({ length: 10 }, (_, index) => point('raw', new Date(NOW.getTime() - (10 - index) * MINUTE), 60 * (index + 1), index * 10));
  const minutes = Array.from({ length: 3 }, (_, index) => point('1m', new Date(NOW.getTime() - (3 + index) * 24 * 60 * MINUTE), 600, 50));
  await observer.db.kysely
    .insertInto('service_point')
    .values([...raw, ...minutes])
    .execute();
});

afterAll(() => observer?.close());

async function series(query: string) {
  const response = await observer.app.inject({
    method: 'GET',
    url: `/api/v1/observer/services/core/series?${query}`,
    headers: { authorization: await observer.bearer() },
  });
  expect(response.statusCode).toBe(200);
  return response.json();
}

describe('GET /api/v1/observer/services/:name/series', () => {
  it('should answer the last hour from the raw polls by default', async () => {
    const body = await series('metric=request_rate&step=60');

    expect(body).toMatchObject({ service: 'core', metric: 'request_rate', resolution: 'raw', step_s: 60, to: NOW.toISOString() });
    expect(body.points).toHaveLength(10);
    expect(body.points[0]).toEqual({ t: new Date(NOW.getTime() - 10 * MINUTE).toISOString(), value: 1 });
    expect(body.points[9].value).toBe(10);
  });

  it('should merge polls into coarser steps', async () => {
    const body = await series(`metric=cpu_percent&step=300&from=${new Date(NOW.getTime() - 10 * MINUTE).toISOString()}&to=${NOW.toISOString()}`);

    expect(body.points.map((item: { value: number }) => item.value)).toEqual([20, 70]);
  });

  it('should compute latency quantiles from the stored histograms', async () => {
    const body = await series('metric=latency_p95_ms&step=600');

    expect(body.points).toHaveLength(1);
    expect(body.points[0].value).toBeCloseTo(47.5);
  });

  it('should read the 1-minute rollups for a range of days', async () => {
    const body = await series(`metric=request_rate&from=${new Date(NOW.getTime() - 6 * 24 * 60 * MINUTE).toISOString()}&step=86400`);

    expect(body.resolution).toBe('1h');
    const minuteRange = await series(`metric=request_rate&from=${new Date(NOW.getTime() - 6 * 24 * 60 * MINUTE).toISOString()}&step=3000`);
    expect(minuteRange.resolution).toBe('1m');
    expect(minuteRange.points).toHaveLength(3);
    expect(minuteRange.points[0].value).toBe(10);
  });
});
