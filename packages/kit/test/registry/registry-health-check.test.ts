import { HealthDocument } from '@erp/contracts';
import { createPostgresRegistry, createService, registryHealthCheck, type ServiceRegistry } from '@erp/kit';
import { createTestDatabase, type TestDatabase } from '@erp/kit/testing';
import pg from 'pg';
import { Value } from 'typebox/value';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { testConfig } from '../helpers.js';

let database: TestDatabase;
let registry: ServiceRegistry;

beforeAll(async () => {
  database = await createTestDatabase(inject('adminUrl'));
});
afterEach(async () => {
  await registry.deregister();
  await registry.close();
});
afterAll(() => database.drop());

async function openRegistry(): Promise<ServiceRegistry> {
  registry = await createPostgresRegistry({ service: 'core', adminUrl: database.adminUrl, heartbeatIntervalMs: 60_000, ttlMs: 120_000 });
  return registry;
}

describe('registryHealthCheck', () => {
  it('should pass with a latency when this instance is listed', async () => {
    await (await openRegistry()).register({ instanceId: 'core-health', url: 'http://health:1' });

    const result = await registryHealthCheck(registry).run();

    expect(result.status).toBe('pass');
    expect(result.latency_ms).toBeGreaterThan(0);
  });

  it('should warn when this instance is not registered', async () => {
    await openRegistry();

    const result = await registryHealthCheck(registry).run();

    expect(result).toMatchObject({ status: 'warn', detail: expect.stringMatching(/not registered/) });
  });

  it('should warn when the entry of this instance is missing from the registry', async () => {
    await (await openRegistry()).register({ instanceId: 'core-missing', url: 'http://missing:1' });
    const admin = new pg.Client({ connectionString: database.adminUrl });
    await admin.connect();
    await admin.query('delete from erp_registry.instance');
    await admin.end();

    const result = await registryHealthCheck(registry).run();

    expect(result).toMatchObject({ status: 'warn', detail: expect.stringMatching(/core-missing is missing/) });
  });

  it('should put a failing registry into /health as a failed check and the document stays valid', async () => {
    const closed = await openRegistry();
    await closed.close();
    const critical = registryHealthCheck(closed, { critical: true });
    const app = await createService({ name: 'core', version: '0.0.1', config: testConfig, checks: { registry: critical } });

    const response = await app.inject({ method: 'GET', url: '/health' });

    expect(response.statusCode).toBe(503);
    expect([...Value.Errors(HealthDocument, response.json())]).toEqual([]);
    expect(response.json().checks.registry).toMatchObject({ status: 'fail', detail: expect.any(String) });
    await app.close();
  });
});
