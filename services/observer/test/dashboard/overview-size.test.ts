import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { servicePointRow } from '../../src/db/polls.js';
import type { ServicePoint } from '../../src/domain/service-point.js';
import { buildTestObserver, observerFile, type TestObserver } from '../helpers.js';

// The load the dashboard must stay usable with: 20 services, 48 hours of 1-minute rollups, and the raw polls of
// the last minutes that maintenance has not rolled up yet.
const SERVICES = 20;
const HOURS = 48;
const RAW_TAIL_MIN = 14;
const INTERVAL_MS = 5000;
/** The stated bound of the whole first load at the page's 240 points per series. */
const PAYLOAD_BYTES_MAX = 300_000;
const POINTS = 240;

const names = Array.from({ length: SERVICES }, (_, index) => `service_${String(index).padStart(2, '0')}`);
let observer: TestObserver;
let nowMs: number;

function pointAt(index: number, samples: number, intervalS: number): ServicePoint {
  const wave = Math.sin(index / 30);
  return {
    samples,
    intervalS,
    requests: 600 * samples,
    errors: index % 17 === 0 ? samples : 0,
    buckets: { '0.005': 300 * samples, '0.01': 200 * samples, '0.05': 90 * samples, '0.25': 9 * samples, '1': samples, '+Inf': 0 },
    instancesUp: 2,
    cpuPercent: 20 + 15 * wave,
    rssMb: 120 + (index % 1440) / 60,
    heapUsedMb: 60 + 5 * wave,
    eventLoopLagMs: 2 + wave,
    eventLoopUtilization: 0.2,
    dbLatencyMs: 0.8,
    poolWaiting: 0,
    poolSaturation: 0.1,
  };
}

beforeAll(async () => {
  nowMs = Date.now();
  const services = Object.fromEntries(names.map((name, index) => [name, { url: `http://127.0.0.1:${9000 + index}`, critical_endpoints: ['GET /health'] }]));
  observer = await buildTestObserver(inject('adminUrl'), { file: observerFile({ interval_ms: INTERVAL_MS, services }), now: () => new Date(nowMs) });
  const minuteStartMs = Math.floor(nowMs / 60_000) * 60_000;
  const rows = [];
  for (const name of names) {
    // Rollups up to the minute before the raw tail, as maintenance leaves them.
    for (let minute = HOURS * 60; minute > RAW_TAIL_MIN; minute -= 1) {
      rows.push(servicePointRow(name, '1m', new Date(minuteStartMs - minute * 60_000), pointAt(minute, 12, 60)));
    }
    for (let atMs = minuteStartMs - RAW_TAIL_MIN * 60_000; atMs <= nowMs; atMs += INTERVAL_MS) {
      rows.push(servicePointRow(name, 'raw', new Date(atMs), pointAt(atMs / 60_000, 1, 5)));
    }
  }
  for (let start = 0; start < rows.length; start += 1000) {
    await observer.db.kysely
      .insertInto('service_point')
      .values(rows.slice(start, start + 1000))
      .execute();
  }
}, 120_000);

afterAll(async () => {
  await observer?.close();
});

describe('GET /api/v1/observer/dashboard with 20 services and 48 hours of data', () => {
  it(`should read the 1-minute rollups plus the newest raw polls, cap each series at ${POINTS} points and stay under ${PAYLOAD_BYTES_MAX} bytes`, async () => {
    const started = performance.now();
    const response = await observer.app.inject({
      method: 'GET',
      url: `/api/v1/observer/dashboard?range_min=${HOURS * 60}&points=${POINTS}`,
      headers: { authorization: await observer.bearer() },
    });
    const elapsedMs = performance.now() - started;

    expect(response.statusCode).toBe(200);
    const body = response.json();
    console.info(
      `dashboard payload for ${SERVICES} services x ${HOURS} h: ${response.rawPayload.length} bytes, ${elapsedMs.toFixed(0)} ms, step ${body.range.step_s} s, resolution ${body.range.resolution}`,
    );
    expect(response.rawPayload.length).toBeLessThan(PAYLOAD_BYTES_MAX);
    expect(body.range).toMatchObject({ resolution: '1m', step_s: (HOURS * 3600) / POINTS });
    expect(body.services).toHaveLength(SERVICES);
    for (const service of body.services) {
      expect(service.series.t.length).toBeLessThanOrEqual(POINTS);
      expect(service.series.t.length).toBeGreaterThanOrEqual(POINTS - 2);
      for (const metric of ['cpu_percent', 'rss_mb', 'latency_p95_ms', 'request_rate', 'error_rate']) {
        expect(service.series[metric]).toHaveLength(service.series.t.length);
      }
      // The raw polls fill the end of the range that the rollups do not cover yet.
      expect(nowMs / 1000 - service.series.t.at(-1)).toBeLessThan(body.range.step_s + 1);
    }
  });

  it('should serve a short range from the raw polls, under the same cap', async () => {
    const response = await observer.app.inject({
      method: 'GET',
      url: `/api/v1/observer/dashboard?range_min=8&points=${POINTS}`,
      headers: { authorization: await observer.bearer() },
    });

    const body = response.json();
    expect(body.range.resolution).toBe('raw');
    for (const service of body.services) expect(service.series.t.length).toBeLessThanOrEqual(POINTS);
    expect(body.services[0].series.t.length).toBeGreaterThanOrEqual(90);
  });
});
