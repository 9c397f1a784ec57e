import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { buildTestObserver, observerFile, type TestObserver } from '../helpers.js';

let observer: TestObserver;

beforeAll(async () => {
  observer = await buildTestObserver(inject('adminUrl'), { file: observerFile({ interval_ms: 1000 }) });
});

afterAll(() => observer?.close());

const getConfig = async () => observer.app.inject({ method: 'GET', url: '/api/v1/observer/config', headers: { authorization: await observer.bearer() } });

describe('GET /api/v1/observer/config', () => {
  it('should answer the configuration in force and its path', async () => {
    const response = await getConfig();

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ path: observer.configFile.path, config: { interval_ms: 1000 }, last_rejected: null });
  });

  it('should show a rejected change of the watched file with the field named, while the old configuration stays', async () => {
    await observer.configFile.write({
      ...observerFile({ interval_ms: 1000 }),
      alerts: { critical_after: 0, notify: { channel: 'email', to: 'ops@example.com' } },
    });

    await vi.waitFor(async () => expect((await getConfig()).json().last_rejected).not.toBeNull(), { timeout: 5000, interval: 50 });
    const body = (await getConfig()).json();
    expect(body.config.alerts.critical_after).toBe(2);
    expect(body.last_rejected.errors).toEqual([{ path: '/alerts/critical_after', message: 'must be >= 1' }]);
  });

  it('should take a valid change of the watched file into force', async () => {
    await observer.configFile.write(observerFile({ interval_ms: 750 }));

    await vi.waitFor(async () => expect((await getConfig()).json().config.interval_ms).toBe(750), { timeout: 5000, interval: 50 });
    expect((await getConfig()).json().last_rejected).toBeNull();
  });
});
