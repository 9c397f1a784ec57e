import { createTestDatabase, type TestDatabase } from '@erp/kit/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildTestObserver, driveLoad, observerFile, startTestService, type TestObserver, type TestService } from '../helpers.js';

// The launcher's route: scaling recommendations bounded by observer_config.json, behind the launcher's secret.
const TOKEN = 'launcher-secret-0123456789abcdefghijklmnopqrstuvwxyz';

let serviceDatabase: TestDatabase;
let service: TestService;
let observer: TestObserver;
let closedRoute: TestObserver;

beforeAll(async () => {
  serviceDatabase = await createTestDatabase(inject('adminUrl'));
  service = await startTestService(serviceDatabase.adminUrl);
  // A CPU target of 0.5 % makes any real work too much for one instance: the arithmetic asks for more, and the
  // bounds (at most 3) cap it.
  const file = observerFile({
    services: {
      busy: { url: service.url, critical_endpoints: ['GET /slow'], thresholds: { cpu_percent: 0.5 }, scaling: { min_instances: 1, max_instances: 3 } },
    },
  });
  observer = await buildTestObserver(inject('adminUrl'), { file, env: { OBSERVER_CONTROL_TOKEN: TOKEN } });
  closedRoute = await buildTestObserver(inject('adminUrl'));
  const stop = driveLoad(`${service.url}/slow`, 20);
  for (let poll = 0; poll < 3; poll += 1) {
    await observer.monitor.poll();
    await new Promise((resolve) => setTimeout(resolve, 400));
  }
  await stop();
});

afterAll(async () => {
  await observer?.close();
  await closedRoute?.close();
  await service?.close();
  await serviceDatabase?.drop();
});

describe('GET /internal/v1/scaling', () => {
  it('should answer the launcher the recommendation of every service within its bounds', async () => {
    const response = await observer.app.inject({ method: 'GET', url: '/internal/v1/scaling', headers: { authorization: `Bearer ${TOKEN}` } });

    expect(response.statusCode).toBe(200);
    const busy = response.json().services.find((entry: { service: string }) => entry.service === 'busy');
    expect(busy).toMatchObject({ service: 'busy', currentInstances: 1, recommendedInstances: 3, action: 'scale_out', minInstances: 1, maxInstances: 3 });
    expect(busy.justification).toContain('req/s');
  });

  it('should refuse a missing or wrong secret and an access token with 401 problems', async () => {
    const answers = await Promise.all(
      [undefined, 'Bearer wrong', `Bearer ${TOKEN}x`, await observer.bearer()].map((authorization) =>
        observer.app.inject({ method: 'GET', url: '/internal/v1/scaling', headers: authorization ? { authorization } : {} }),
      ),
    );

    for (const answer of answers) {
      expect(answer.statusCode).toBe(401);
      expect(answer.headers['content-type']).toContain('application/problem+json');
      expect(answer.json().code).toBe('OBS_CONTROL_TOKEN_INVALID');
    }
  });

  it('should refuse a bad window and not exist at all without OBSERVER_CONTROL_TOKEN', async () => {
    const bad = await observer.app.inject({ method: 'GET', url: '/internal/v1/scaling?window_min=0', headers: { authorization: `Bearer ${TOKEN}` } });
    const absent = await closedRoute.app.inject({ method: 'GET', url: '/internal/v1/scaling', headers: { authorization: `Bearer ${TOKEN}` } });

    expect(bad.statusCode).toBe(400);
    expect(absent.statusCode).toBe(404);
  });
});
