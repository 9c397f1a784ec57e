import { createTestDatabase, freePort, type TestDatabase } from '@erp/kit/testing';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { buildTestObserver, observerFile, startTestService, type TestObserver, type TestService } from '../helpers.js';
import { type FakeInflux, startFakeInflux } from './influx-fake.js';

const INFLUX_TIMEOUT_MS = 3000;

let serviceDatabase: TestDatabase;
let service: TestService;
let influx: FakeInflux;
let observer: TestObserver;
let downObserver: TestObserver;

const file = () => observerFile({ services: { slowpoke: { url: service.url, critical_endpoints: ['GET /slow'] } } });
const influxEnv = (url: string) => ({
  INFLUX_URL: url,
  INFLUX_ORG: 'acme',
  INFLUX_BUCKET: 'erp_metrics',
  INFLUX_TOKEN: 'token-for-tests',
  INFLUX_TIMEOUT_MS: String(INFLUX_TIMEOUT_MS),
});

beforeAll(async () => {
  serviceDatabase = await createTestDatabase(inject('adminUrl'));
  service = await startTestService(serviceDatabase.adminUrl);
  influx = await startFakeInflux();
  observer = await buildTestObserver(inject('adminUrl'), { file: file(), env: influxEnv(influx.url) });
  // Nothing listens at this port: InfluxDB is down.
  downObserver = await buildTestObserver(inject('adminUrl'), { file: file(), env: influxEnv(`http://127.0.0.1:${await freePort()}`) });
});

afterAll(async () => {
  await observer?.close();
  await downObserver?.close();
  await influx?.close();
  await service?.close();
  await serviceDatabase?.drop();
});

async function storedPollTimes(target: TestObserver): Promise<number[]> {
  const rows = await target.db.kysely
    .selectFrom('service_point')
    .select('at')
    .where('service', '=', 'slowpoke')
    .where('resolution', '=', 'raw')
    .orderBy('at')
    .execute();
  return rows.map((row) => row.at.getTime());
}

async function influxCheck(target: TestObserver): Promise<{ status: string; detail?: string }> {
  const response = await target.app.inject({ method: 'GET', url: '/health' });
  return response.json().checks.influx;
}

describe('the observer with INFLUX_URL', () => {
  it('should write each poll’s service figures and instance sample as line protocol, stamped with the poll’s time', async () => {
    await observer.monitor.poll();
    for (let request = 0; request < 3; request += 1) await fetch(`${service.url}/slow`).then((response) => response.arrayBuffer());
    await observer.monitor.poll();

    const writes = await influx.waitForWrites(2);
    const [, second] = writes;
    const [, pollTime] = await storedPollTimes(observer);
    expect(second).toMatchObject({ method: 'POST', path: '/api/v2/write', authorization: 'Token token-for-tests' });
    expect(second?.contentType).toBe('text/plain; charset=utf-8');
    expect(Object.fromEntries(second?.query ?? [])).toEqual({ org: 'acme', bucket: 'erp_metrics', precision: 'ms' });
    const [serviceLine, instanceLine, ...rest] = second?.lines ?? [];
    expect(rest).toEqual([]);
    // breaches is a count: a loaded test machine can push the event-loop lag over its threshold for a poll.
    expect(serviceLine).toMatch(
      new RegExp(
        `^erp_service,service=slowpoke instances=1i,instances_up=1i,breaches=\\d+i,requests=3,errors=0,request_rate=[\\d.e-]+,error_rate=0,.* ${pollTime}$`,
      ),
    );
    expect(serviceLine).toMatch(/,latency_p95_ms=[\d.e-]+,.*,cpu_percent=[\d.e-]+,rss_mb=[\d.e-]+,heap_used_mb=[\d.e-]+,event_loop_lag_ms=[\d.e-]+,/);
    expect(serviceLine).toMatch(/,db_latency_ms=[\d.e-]+/);
    expect(instanceLine).toMatch(
      new RegExp(
        `^erp_instance,instance=${service.url},service=slowpoke reachable=true,status="(pass|warn)",instance_id="slowpoke@[^"]+",scrape_ms=.* ${pollTime}$`,
      ),
    );
  });

  it('should show the writes in the influx check of its /health', async () => {
    // The fake counts a write when it arrives; the writer when the answer is back.
    await vi.waitFor(async () =>
      expect(await influxCheck(observer)).toMatchObject({ status: 'pass', detail: '4 lines in 2 writes, 0 failed writes, 0 lines dropped, 0 pending' }),
    );
  });

  it('should not make a poll wait for an InfluxDB that does not answer, and catch up when it answers again', async () => {
    influx.setMode({ answer: 'hang' });
    const before = influx.writes.length;

    const durations: number[] = [];
    for (let poll = 0; poll < 3; poll += 1) {
      const started = performance.now();
      await observer.monitor.poll();
      durations.push(performance.now() - started);
    }

    // A poll that waited for the write would take the whole INFLUX_TIMEOUT_MS.
    expect(Math.max(...durations)).toBeLessThan(INFLUX_TIMEOUT_MS / 2);
    expect(await storedPollTimes(observer)).toHaveLength(5);
    await vi.waitFor(async () => expect((await influxCheck(observer)).status).toBe('warn'), { timeout: INFLUX_TIMEOUT_MS * 2, interval: 100 });
    expect((await influxCheck(observer)).detail).toContain(`failing: timed out after ${INFLUX_TIMEOUT_MS} ms`);

    influx.setMode({ answer: 'ok' });
    await observer.monitor.poll();
    await vi.waitFor(async () => expect((await influxCheck(observer)).status).toBe('pass'), { timeout: 5000, interval: 50 });
    // One request was under way while InfluxDB hung; the next carries the four polls since then.
    expect(influx.writes.length - before).toBe(2);
    expect(influx.writes.at(-1)?.lines).toHaveLength(4 * 2);
  });

  it('should poll and store as usual when InfluxDB is down, and report it in /health', async () => {
    const durations: number[] = [];
    for (let poll = 0; poll < 2; poll += 1) {
      const started = performance.now();
      await downObserver.monitor.poll();
      durations.push(performance.now() - started);
    }

    expect(Math.max(...durations)).toBeLessThan(INFLUX_TIMEOUT_MS / 2);
    expect(await storedPollTimes(downObserver)).toHaveLength(2);
    await vi.waitFor(async () => expect((await influxCheck(downObserver)).status).toBe('warn'), { timeout: 5000, interval: 50 });
    expect((await influxCheck(downObserver)).detail).toContain('failing: ECONNREFUSED');
  });
});
