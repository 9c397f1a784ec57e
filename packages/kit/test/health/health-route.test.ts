import { HealthDocument } from '@erp/contracts';
import { connectServiceDb, type ServiceApp } from '@erp/kit';
import { createTestDatabase, type TestDatabase } from '@erp/kit/testing';
import { Value } from 'typebox/value';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildKitApp } from '../helpers.js';

let database: TestDatabase;
let app: ServiceApp;

beforeAll(async () => {
  database = await createTestDatabase(inject('adminUrl'));
  const db = await connectServiceDb({ adminUrl: database.adminUrl, service: 'healthcheck' });
  app = await buildKitApp({ db, name: 'healthcheck' });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await database.drop();
});

describe('GET /health', () => {
  it('should answer 200 with a document that matches the contract schema', async () => {
    const response = await app.inject({ method: 'GET', url: '/health' });

    expect(response.statusCode).toBe(200);
    const document = response.json();
    expect([...Value.Errors(HealthDocument, document)]).toEqual([]);
    expect(document).toMatchObject({ status: 'pass', service: 'healthcheck', db: { status: 'pass' } });
    expect(document.db.latency_ms).toBeGreaterThan(0);
    expect(document.db.connections.max).toBeGreaterThan(0);
    expect(document.memory.rss_mb).toBeGreaterThan(10);
  });

  it('should answer 503 with status fail when the database is unreachable', async () => {
    const unreachable = await connectServiceDb({ adminUrl: database.adminUrl, service: 'healthcheck' });
    await unreachable.pool.end();
    const orphan = await buildKitApp({ db: unreachable, name: 'healthcheck' });

    const response = await orphan.inject({ method: 'GET', url: '/health' });

    expect(response.statusCode).toBe(503);
    const document = response.json();
    expect([...Value.Errors(HealthDocument, document)]).toEqual([]);
    expect(document).toMatchObject({ status: 'fail', db: { status: 'fail', latency_ms: null } });
    await orphan.close().catch(() => {});
  });

  it('should answer /alive without touching dependencies', async () => {
    const response = await app.inject({ method: 'GET', url: '/alive' });

    expect(response.statusCode).toBe(200);
  });

  it('should serve Prometheus metrics with the route template as label', async () => {
    await app.inject({ method: 'GET', url: '/health' });

    const response = await app.inject({ method: 'GET', url: '/metrics' });

    expect(response.statusCode).toBe(200);
    const bucket = response.body.split('\n').find((line) => line.startsWith('http_request_duration_seconds_count') && line.includes('route="/health"'));
    expect(bucket).toMatch(/method="GET"/);
    expect(bucket).toMatch(/status_code="200"/);
    expect(bucket).toMatch(/service="healthcheck"/);
  });

  it('should serve the OpenAPI document and its UI', async () => {
    const json = await app.inject({ method: 'GET', url: '/docs/json' });
    const ui = await app.inject({ method: 'GET', url: '/docs/' });

    expect(json.json()).toMatchObject({ openapi: '3.1.0', paths: { '/health': {} } });
    expect(ui.statusCode).toBe(200);
  });
});
