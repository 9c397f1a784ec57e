import { createPostgresRegistry, type ServiceRegistry } from '@erp/kit';
import { createTestDatabase, freePort, type TestDatabase } from '@erp/kit/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildTestObserver, observerFile, startTestService, type TestObserver, type TestService } from '../helpers.js';

let database: TestDatabase;
const services: TestService[] = [];
const registrations: ServiceRegistry[] = [];
let observerRegistry: ServiceRegistry;
let observer: TestObserver;

beforeAll(async () => {
  database = await createTestDatabase(inject('adminUrl'));
  for (let index = 0; index < 3; index += 1) {
    const service = await startTestService(database.adminUrl, 'scaled');
    services.push(service);
    const registration = await createPostgresRegistry({ service: 'scaled', adminUrl: database.adminUrl, heartbeatIntervalMs: 200, ttlMs: 5000 });
    await registration.register({ instanceId: `scaled#${index}`, url: service.url });
    registrations.push(registration);
  }
  observerRegistry = await createPostgresRegistry({ service: 'observer', adminUrl: database.adminUrl });
  // One configured URL the registry also lists, and a stale one that it does not: three instances, not four or five.
  const file = observerFile({
    services: {
      scaled: { url: `${services[0]?.url}/`, critical_endpoints: ['GET /slow'] },
      stale: { url: `http://127.0.0.1:${await freePort()}`, critical_endpoints: ['GET /health'] },
    },
  });
  observer = await buildTestObserver(inject('adminUrl'), { file, registry: observerRegistry });
});

afterAll(async () => {
  await observer?.close();
  await observerRegistry?.close();
  for (const registration of registrations) await registration.close();
  for (const service of services) await service.close();
  await database?.drop();
});

describe('instances from the registry', () => {
  it('should poll every live instance of a service scaled to three, once each', async () => {
    const report = await observer.monitor.poll();

    expect(report.targets).toBe(4);
    const response = await observer.app.inject({ method: 'GET', url: '/api/v1/observer/services', headers: { authorization: await observer.bearer() } });
    const scaled = response.json().services.find((service: { name: string }) => service.name === 'scaled');
    expect(scaled.instances.map((instance: { url: string }) => instance.url).sort()).toEqual(services.map((service) => service.url).sort());
    expect(scaled.instances.map((instance: { status: string }) => instance.status)).toEqual(['pass', 'pass', 'pass']);
  });

  it('should stop polling an instance once it leaves the registry', async () => {
    await registrations[2]?.deregister();

    const report = await observer.monitor.poll();

    expect(report.targets).toBe(3);
  });
});
