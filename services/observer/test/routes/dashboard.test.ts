import { freePort } from '@erp/kit/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildTestObserver, observerFile, startTestService, type TestObserver, type TestService } from '../helpers.js';

let observer: TestObserver;
let service: TestService;
let ghostUrl: string;

beforeAll(async () => {
  service = await startTestService(inject('adminUrl'), 'charted');
  ghostUrl = `http://127.0.0.1:${await freePort()}`;
  const file = observerFile({
    services: {
      charted: { url: service.url, critical_endpoints: ['GET /slow'], thresholds: { latency_p95_ms: 250 } },
      ghost: { url: ghostUrl, critical_endpoints: ['GET /health'] },
    },
    alerts: { critical_after: 2, notify: { channel: 'email', to: 'ops@example.com' } },
  });
  // A clock that moves one interval per poll, so the three polls fall into three steps of the history.
  let clockMs = Date.now() - 60_000;
  observer = await buildTestObserver(inject('adminUrl'), { file, env: { OBSERVER_TIMEOUT_MS: '500' }, now: () => new Date(clockMs) });
  for (let round = 0; round < 3; round += 1) {
    await service.app.inject({ method: 'GET', url: '/slow' });
    await observer.monitor.poll();
    clockMs += 5000;
  }
});

afterAll(async () => {
  await observer?.close();
  await service?.close();
});

describe('GET /dashboard (the page)', () => {
  it('should serve the page without a token, with a content security policy that allows only its own scripts', async () => {
    const response = await observer.app.inject({ method: 'GET', url: '/dashboard' });

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
    expect(response.headers['content-security-policy']).toContain("connect-src 'self'");
    expect(response.body).toContain('<script type="module" src="dashboard/dashboard.js"></script>');
  });

  it.each([
    ['/dashboard/dashboard.js', 'text/javascript', 'api/v1/observer'],
    ['/dashboard/charts.js', 'text/javascript', 'uPlot'],
    ['/dashboard/dashboard.css', 'text/css', '.service'],
    ['/dashboard/vendor/uPlot.iife.min.js', 'text/javascript', 'uPlot'],
    ['/dashboard/vendor/uPlot.min.css', 'text/css', '.uplot'],
  ])('should serve %s as %s', async (url, type, content) => {
    const response = await observer.app.inject({ method: 'GET', url });

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain(type);
    expect(response.body).toContain(content);
  });

  it('should answer 304 to a request that names the current ETag', async () => {
    const first = await observer.app.inject({ method: 'GET', url: '/dashboard/dashboard.js' });

    const second = await observer.app.inject({ method: 'GET', url: '/dashboard/dashboard.js', headers: { 'if-none-match': String(first.headers.etag) } });

    expect(second.statusCode).toBe(304);
    expect(second.body).toBe('');
  });

  it.each(['/dashboard/../package.json', '/dashboard/%2e%2e%2fpackage.json', '/dashboard/vendor/uPlot.cjs.js', '/dashboard/missing.js'])(
    'should answer %s with a 404 problem document, never a file outside the list',
    async (url) => {
      const response = await observer.app.inject({ method: 'GET', url });

      expect(response.statusCode).toBe(404);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.body).not.toContain('@erp/observer');
    },
  );
});

describe('GET /api/v1/observer/dashboard', () => {
  it('should need observer.monitoring:read', async () => {
    const anonymous = await observer.app.inject({ method: 'GET', url: '/api/v1/observer/dashboard' });
    const forbidden = await observer.app.inject({ method: 'GET', url: '/api/v1/observer/dashboard', headers: { authorization: await observer.bearer([]) } });

    expect(anonymous.statusCode).toBe(401);
    expect(forbidden.statusCode).toBe(403);
  });

  it.each(['range_min=0', 'range_min=2881', 'range_min=abc', 'points=9', 'points=1001', `points=${'9'.repeat(400)}`])(
    'should answer ?%s with a 400 problem naming the field',
    async (query) => {
      const response = await observer.app.inject({
        method: 'GET',
        url: `/api/v1/observer/dashboard?${query}`,
        headers: { authorization: await observer.bearer() },
      });

      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({
        code: 'KIT_VALIDATION_FAILED',
        errors: [expect.objectContaining({ pointer: expect.stringContaining(query.split('=')[0] ?? '') })],
      });
    },
  );

  it('should answer every service with its status, thresholds, history columns, the open incidents and no report yet', async () => {
    const response = await observer.app.inject({
      method: 'GET',
      url: '/api/v1/observer/dashboard?range_min=15',
      headers: { authorization: await observer.bearer() },
    });

    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.range).toMatchObject({ resolution: 'raw' });
    expect(body.services.map((item: { name: string }) => item.name)).toEqual(['charted', 'ghost']);
    const charted = body.services[0];
    expect(charted).toMatchObject({ status: 'pass', thresholds: { latency_p95_ms: 250 }, open_incidents: 0 });
    expect(charted.series.t).toHaveLength(3);
    for (const metric of ['cpu_percent', 'rss_mb', 'latency_p95_ms', 'request_rate', 'error_rate']) expect(charted.series[metric]).toHaveLength(3);
    expect(charted.series.rss_mb.every((value: number) => value > 0)).toBe(true);
    expect(body.services[1]).toMatchObject({ status: 'fail', open_incidents: 1 });
    expect(body.incidents).toEqual([expect.objectContaining({ service: 'ghost', metric: 'unreachable', status: 'open' })]);
    expect(body.incidents[0]).not.toHaveProperty('subject_key');
    expect(body.latest_report).toBeNull();
  });

  it('should name the newest stored report', async () => {
    const authorization = await observer.bearer();
    const created = await observer.app.inject({ method: 'POST', url: '/api/v1/observer/reports/optimization', headers: { authorization } });

    const response = await observer.app.inject({ method: 'GET', url: '/api/v1/observer/dashboard', headers: { authorization } });

    expect(created.statusCode).toBe(201);
    expect(response.json().latest_report).toEqual({ id: created.json().id, created_at: expect.any(String) });
  });
});
