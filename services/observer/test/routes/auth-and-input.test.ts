import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildTestObserver, observerFile, type TestObserver } from '../helpers.js';

let observer: TestObserver;

beforeAll(async () => {
  const file = observerFile({ services: { core: { url: 'http://127.0.0.1:1', critical_endpoints: ['GET /health'] } } });
  observer = await buildTestObserver(inject('adminUrl'), { file });
});

afterAll(() => observer?.close());

const ROUTES = [
  ['GET', '/api/v1/observer/services'],
  ['GET', '/api/v1/observer/services/core/series?metric=cpu_percent'],
  ['GET', '/api/v1/observer/incidents'],
  ['GET', '/api/v1/observer/config'],
  ['GET', '/api/v1/observer/reports/optimization'],
  ['POST', '/api/v1/observer/reports/optimization'],
  ['GET', '/api/v1/observer/reports'],
  ['GET', '/api/v1/observer/reports/00000000-0000-4000-8000-000000000000'],
] as const;

async function get(url: string, authorization?: string) {
  return observer.app.inject({ method: 'GET', url, headers: { authorization: authorization ?? (await observer.bearer()) } });
}

describe('access to the observer API', () => {
  it.each(ROUTES)('should answer %s %s without a token with 401 and a challenge', async (method, url) => {
    const response = await observer.app.inject({ method, url });

    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(response.headers['content-type']).toContain('application/problem+json');
  });

  it.each(ROUTES)('should answer %s %s with 403 for a token without observer.monitoring:read', async (method, url) => {
    const authorization = await observer.bearer(['core.customers:read']);

    const response = await observer.app.inject({ method, url, headers: { authorization } });

    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ code: 'KIT_FORBIDDEN' });
  });

  it('should keep /health and /metrics public', async () => {
    expect((await observer.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(200);
    expect([200, 503]).toContain((await observer.app.inject({ method: 'GET', url: '/health' })).statusCode);
  });
});

describe('GET /api/v1/observer/services/:name/series with bad input', () => {
  it('should refuse an unknown metric name and a missing metric, naming the field', async () => {
    const unknown = await get('/api/v1/observer/services/core/series?metric=drop_tables');
    const missing = await get('/api/v1/observer/services/core/series');

    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ code: 'KIT_VALIDATION_FAILED', errors: [expect.objectContaining({ pointer: expect.stringContaining('metric') })] });
    expect(missing.statusCode).toBe(400);
  });

  it('should refuse from after to', async () => {
    const response = await get('/api/v1/observer/services/core/series?metric=cpu_percent&from=2026-06-02T00:00:00Z&to=2026-06-01T00:00:00Z');

    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'OBS_RANGE_INVALID' });
  });

  it('should refuse a huge range and a step too fine for the range', async () => {
    const huge = await get('/api/v1/observer/services/core/series?metric=cpu_percent&from=2000-01-01T00:00:00Z&to=2026-06-01T00:00:00Z');
    const fine = await get('/api/v1/observer/services/core/series?metric=cpu_percent&from=2026-05-01T00:00:00Z&to=2026-06-01T00:00:00Z&step=60');

    expect(huge.statusCode).toBe(400);
    expect(huge.json()).toMatchObject({ code: 'OBS_RANGE_TOO_LARGE' });
    expect(fine.json()).toMatchObject({ code: 'OBS_RANGE_TOO_LARGE', detail: expect.stringContaining('at most 2000') });
  });

  it('should refuse malformed dates, steps and service names', async () => {
    for (const url of [
      '/api/v1/observer/services/core/series?metric=cpu_percent&from=yesterday',
      '/api/v1/observer/services/core/series?metric=cpu_percent&step=0',
      '/api/v1/observer/services/core/series?metric=cpu_percent&step=abc',
      `/api/v1/observer/services/${'x'.repeat(100)}/series?metric=cpu_percent`,
      "/api/v1/observer/services/core';drop/series?metric=cpu_percent",
    ]) {
      const response = await get(url);
      expect({ url, status: response.statusCode, type: response.headers['content-type'] }).toMatchObject({
        status: 400,
        type: expect.stringContaining('problem+json'),
      });
    }
  });

  it('should answer 404 for a service nobody configured or polled', async () => {
    const response = await get('/api/v1/observer/services/nonesuch/series?metric=cpu_percent');

    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ code: 'OBS_SERVICE_NOT_OBSERVED' });
  });
});

describe('GET /api/v1/observer/incidents with bad input', () => {
  it('should refuse an unknown status, a too large limit and a forged cursor', async () => {
    const status = await get('/api/v1/observer/incidents?status=burning');
    const limit = await get('/api/v1/observer/incidents?limit=100000');
    const cursor = await get(`/api/v1/observer/incidents?cursor=${Buffer.from('2026-01-01T00:00:00Z|not-a-uuid').toString('base64url')}`);

    expect(status.statusCode).toBe(400);
    expect(limit.statusCode).toBe(400);
    expect(cursor.statusCode).toBe(400);
    expect(cursor.json()).toMatchObject({ code: 'OBS_CURSOR_INVALID' });
  });
});
