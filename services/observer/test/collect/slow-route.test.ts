import { ObserverThresholdBreachedV1 } from '@erp/contracts';
import { createTestDatabase, type TestDatabase } from '@erp/kit/testing';
import { sql } from 'kysely';
import { Value } from 'typebox/value';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { buildTestObserver, driveLoad, observerFile, startTestService, type TestObserver, type TestService } from '../helpers.js';

let serviceDatabase: TestDatabase;
let service: TestService;
let observer: TestObserver;

beforeAll(async () => {
  serviceDatabase = await createTestDatabase(inject('adminUrl'));
  service = await startTestService(serviceDatabase.adminUrl);
  const file = observerFile({
    interval_ms: 1000,
    services: { slowpoke: { url: service.url, critical_endpoints: ['GET /slow'], thresholds: { latency_p95_ms: 50 } } },
    alerts: { critical_after: 2, notify: { channel: 'email', to: 'ops@example.com' } },
  });
  observer = await buildTestObserver(inject('adminUrl'), { file, collect: true });
});

afterAll(async () => {
  await observer?.close();
  await service?.close();
  await serviceDatabase?.drop();
});

const incidents = () =>
  observer.db.kysely.selectFrom('incident').selectAll().where('service', '=', 'slowpoke').where('metric', '=', 'latency_p95_ms').execute();
const breachedEvents = async () =>
  (
    await sql<{ subject: string; data: unknown }>`select subject, data from outbox where type = 'erp.observer.threshold.breached.v1'`.execute(
      observer.db.kysely,
    )
  ).rows;

describe('the collector watching a service with a deliberately slow route', () => {
  it('should open an incident after critical_after slow intervals, write its event once, and resolve it after recovery', async () => {
    // 1. The route answers in 150 ms against a 50 ms threshold while three clients keep calling it.
    service.setDelayMs(150);
    const stopLoad = driveLoad(`${service.url}/slow`, 3);
    try {
      await vi.waitFor(async () => expect(await incidents()).toHaveLength(1), { timeout: 15_000, interval: 100 });
      const [opened] = await incidents();
      expect(opened).toMatchObject({
        metric: 'latency_p95_ms',
        route: 'GET /slow',
        instance_url: null,
        threshold: 50,
        consecutive_intervals: 2,
        resolved_at: null,
      });
      expect(opened?.value_at_open).toBeGreaterThan(100);

      // 2. It opened on the second consecutive breach, not before.
      const breachingPolls = await sql<{ polls: string }>`
        select count(*) as polls from service_point
        where service = 'slowpoke' and resolution = 'raw' and at <= ${opened?.opened_at} and breaches @> '[{"metric": "latency_p95_ms"}]'`.execute(
        observer.db.kysely,
      );
      expect(Number(breachingPolls.rows[0]?.polls)).toBe(2);

      // 3. The route recovers; two clear intervals later the incident is resolved.
      service.setDelayMs(0);
      await vi.waitFor(async () => expect((await incidents())[0]?.resolved_at).toBeInstanceOf(Date), { timeout: 15_000, interval: 100 });
    } finally {
      await stopLoad();
    }

    // 4. Exactly one event was written for the incident, and it matches the contract.
    const events = await breachedEvents();
    const [incident] = await incidents();
    expect(events).toHaveLength(1);
    expect(events[0]?.subject).toBe(incident?.id);
    expect([...Value.Errors(ObserverThresholdBreachedV1, events[0]?.data)]).toEqual([]);
    expect(events[0]?.data).toMatchObject({
      incident_id: incident?.id,
      service: 'slowpoke',
      metric: 'latency_p95_ms',
      route: 'GET /slow',
      notify: { to: 'ops@example.com' },
    });
  });

  it('should show the service, its instance and its figures in the API while it is watched', async () => {
    const response = await observer.app.inject({ method: 'GET', url: '/api/v1/observer/services', headers: { authorization: await observer.bearer() } });

    expect(response.statusCode).toBe(200);
    const slowpoke = response.json().services.find((entry: { name: string }) => entry.name === 'slowpoke');
    expect(slowpoke).toMatchObject({ status: 'pass', critical_endpoints: ['GET /slow'], thresholds: { latency_p95_ms: 50, cpu_percent: 95 } });
    expect(slowpoke.instances).toEqual([
      expect.objectContaining({ url: service.url, status: 'pass', pool: expect.objectContaining({ total: expect.any(Number) }) }),
    ]);
    expect(slowpoke.instances[0].rss_mb).toBeGreaterThan(0);
  });
});
