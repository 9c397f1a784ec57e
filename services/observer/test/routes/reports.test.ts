import { createTestDatabase, type TestDatabase } from '@erp/kit/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildTestObserver, driveLoad, observerFile, startTestService, type TestObserver, type TestService } from '../helpers.js';

let serviceDatabase: TestDatabase;
let service: TestService;
let observer: TestObserver;

beforeAll(async () => {
  serviceDatabase = await createTestDatabase(inject('adminUrl'));
  service = await startTestService(serviceDatabase.adminUrl);
  const file = observerFile({ services: { slowpoke: { url: service.url, critical_endpoints: ['GET /slow'], thresholds: { latency_p95_ms: 20 } } } });
  observer = await buildTestObserver(inject('adminUrl'), { file });
  // Three polls with slow traffic in between: two intervals of figures.
  service.setDelayMs(40);
  const stop = driveLoad(`${service.url}/slow`, 2);
  for (let poll = 0; poll < 3; poll += 1) {
    await observer.monitor.poll();
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  await stop();
});

afterAll(async () => {
  await observer?.close();
  await service?.close();
  await serviceDatabase?.drop();
});

async function request(method: 'GET' | 'POST', url: string, headers: Record<string, string> = {}) {
  return observer.app.inject({ method, url, headers: { authorization: await observer.bearer(), ...headers } });
}

describe('GET /api/v1/observer/reports/optimization', () => {
  it('should answer JSON with the slow endpoint as the bottleneck, the route to optimise and the incident it caused', async () => {
    const response = await request('GET', '/api/v1/observer/reports/optimization?window_min=5');

    expect(response.statusCode).toBe(200);
    const report = response.json();
    expect(report).toMatchObject({ id: null, previous: null, window: { minutes: 5 } });
    const slowpoke = report.services.find((entry: { name: string }) => entry.name === 'slowpoke');
    // Two slow intervals in a row (critical_after) also opened an incident, which makes the service fail.
    expect(slowpoke).toMatchObject({ status: 'fail', open_incidents: 1 });
    expect(slowpoke.bottlenecks).toContainEqual(expect.objectContaining({ kind: 'latency' }));
    expect(slowpoke.critical_endpoints[0]).toMatchObject({ route: 'GET /slow', threshold_ms: 20 });
    expect(slowpoke.critical_endpoints[0].p95_ms).toBeGreaterThan(20);
    expect(slowpoke.recommendations).toContainEqual(expect.objectContaining({ kind: 'optimise_route', action: 'Optimise GET /slow' }));
    expect(slowpoke.slowest_routes[0].route).toBe('GET /slow');
  });

  it('should answer Markdown and HTML by ?format= or by Accept', async () => {
    const markdown = await request('GET', '/api/v1/observer/reports/optimization?format=markdown');
    const html = await request('GET', '/api/v1/observer/reports/optimization', { accept: 'text/html,application/xhtml+xml;q=0.9' });

    expect(markdown.headers['content-type']).toContain('text/markdown');
    expect(markdown.body).toContain('## slowpoke: fail');
    expect(markdown.body).toContain('Optimise GET /slow');
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.body).toContain('<h2>slowpoke: fail</h2>');
  });

  it('should answer 406 when Accept rules out every format, and 400 for an unknown format', async () => {
    const accept = await request('GET', '/api/v1/observer/reports/optimization', { accept: 'image/png' });
    const format = await request('GET', '/api/v1/observer/reports/optimization?format=pdf');
    const window = await request('GET', '/api/v1/observer/reports/optimization?window_min=100000');

    expect(accept.statusCode).toBe(406);
    expect(accept.json()).toMatchObject({ code: 'OBS_FORMAT_NOT_ACCEPTABLE' });
    expect(format.statusCode).toBe(400);
    expect(window.statusCode).toBe(400);
  });
});

describe('stored optimisation reports', () => {
  it('should store a report, and show in the next one what changed since', async () => {
    const first = await request('POST', '/api/v1/observer/reports/optimization?window_min=5');
    const second = await request('POST', '/api/v1/observer/reports/optimization?window_min=5');

    expect(first.statusCode).toBe(201);
    expect(first.headers.location).toBe(`/api/v1/observer/reports/${first.json().id}`);
    expect(second.json().previous).toEqual({ id: first.json().id, generated_at: first.json().generated_at });
    const changes = second.json().services.find((entry: { name: string }) => entry.name === 'slowpoke').changes;
    expect(changes).toContainEqual(expect.objectContaining({ figure: 'GET /slow p95_ms', change_percent: 0 }));
  });

  it('should answer a repeated POST with the same Idempotency-Key with the stored report, not a new one', async () => {
    const headers = { 'idempotency-key': 'report-once' };
    const first = await request('POST', '/api/v1/observer/reports/optimization', headers);
    const again = await request('POST', '/api/v1/observer/reports/optimization', headers);

    expect(again.statusCode).toBe(201);
    expect(again.json().id).toBe(first.json().id);
    expect(again.headers['idempotent-replayed']).toBe('true');
  });

  it('should list the stored reports newest first and answer one in every format', async () => {
    const list = await request('GET', '/api/v1/observer/reports?limit=2');
    const [newest] = list.json().items;
    const json = await request('GET', `/api/v1/observer/reports/${newest.id}`);
    const html = await request('GET', `/api/v1/observer/reports/${newest.id}?format=html`);
    const next = await request('GET', `/api/v1/observer/reports?limit=2&cursor=${list.json().next_cursor}`);

    expect(list.json().items).toHaveLength(2);
    expect(json.json()).toMatchObject({ id: newest.id, services: expect.any(Array) });
    expect(html.body).toContain('<h1>Optimisation report</h1>');
    expect(next.json().items.map((item: { id: string }) => item.id)).not.toContain(newest.id);
  });

  it('should answer 404 for an unknown report and 400 for a malformed id', async () => {
    const unknown = await request('GET', '/api/v1/observer/reports/00000000-0000-4000-8000-000000000000');
    const malformed = await request('GET', "/api/v1/observer/reports/1'%20or%201=1");

    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 'OBS_REPORT_NOT_FOUND' });
    expect(malformed.statusCode).toBe(400);
  });
});
