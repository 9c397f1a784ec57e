import { createServer, type Server, type Socket } from 'node:net';
import { freePort } from '@erp/kit/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildTestObserver, observerFile, type TestObserver } from '../helpers.js';

let observer: TestObserver;
let blackHole: Server;
const sockets = new Set<Socket>();
let ghostUrl: string;
let blackHoleUrl: string;

beforeAll(async () => {
  // Accepts connections and never answers: the kind of instance that hangs a naive poller.
  blackHole = createServer((socket) => sockets.add(socket));
  const blackHolePort = await freePort();
  await new Promise<void>((resolve) => blackHole.listen(blackHolePort, '127.0.0.1', resolve));
  blackHoleUrl = `http://127.0.0.1:${blackHolePort}`;
  ghostUrl = `http://127.0.0.1:${await freePort()}`;
  const file = observerFile({
    services: {
      ghost: { url: ghostUrl, critical_endpoints: ['GET /health'] },
      hanging: { url: blackHoleUrl, critical_endpoints: ['GET /health'] },
    },
    alerts: { critical_after: 2, notify: { channel: 'email', to: 'ops@example.com' } },
  });
  observer = await buildTestObserver(inject('adminUrl'), { file, env: { OBSERVER_TIMEOUT_MS: '300' } });
});

afterAll(async () => {
  await observer?.close();
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => blackHole?.close(resolve));
});

describe('an instance that does not answer', () => {
  it('should become an incident after critical_after polls, each poll ending within the timeout', async () => {
    const started = performance.now();
    const first = await observer.monitor.poll();
    const second = await observer.monitor.poll();
    const elapsedMs = performance.now() - started;

    expect(first).toMatchObject({ leader: true, targets: 2, opened: [] });
    expect(second.opened.map((incident) => [incident.service, incident.metric, incident.instance_url]).sort()).toEqual([
      ['ghost', 'unreachable', ghostUrl],
      ['hanging', 'unreachable', blackHoleUrl],
    ]);
    expect(second.opened.find((incident) => incident.service === 'hanging')?.detail).toContain('timed out after 300 ms');
    expect(elapsedMs).toBeLessThan(2000);
  });

  it('should write one event per incident and not open the incidents again while they last', async () => {
    await observer.monitor.poll();
    await observer.monitor.poll();

    const { rows } = await sql<{ events: string }>`select count(*) as events from outbox where type = 'erp.observer.threshold.breached.v1'`.execute(
      observer.db.kysely,
    );
    expect(Number(rows[0]?.events)).toBe(2);
    const open = await observer.db.kysely.selectFrom('incident').select('id').where('resolved_at', 'is', null).execute();
    expect(open).toHaveLength(2);
  });

  it('should show the service as failing and the instance as unreachable', async () => {
    const response = await observer.app.inject({ method: 'GET', url: '/api/v1/observer/services', headers: { authorization: await observer.bearer() } });

    const ghost = response.json().services.find((service: { name: string }) => service.name === 'ghost');
    expect(ghost).toMatchObject({ status: 'fail', open_incidents: 1, figures: expect.objectContaining({ request_rate: null }) });
    expect(ghost.instances).toEqual([expect.objectContaining({ url: ghostUrl, status: 'unreachable', error: expect.stringContaining('ECONNREFUSED') })]);
  });

  it('should list the open incidents, and page through them', async () => {
    const authorization = await observer.bearer();
    const first = await observer.app.inject({ method: 'GET', url: '/api/v1/observer/incidents?status=open&limit=1', headers: { authorization } });
    const second = await observer.app.inject({
      method: 'GET',
      url: `/api/v1/observer/incidents?status=open&limit=1&cursor=${first.json().next_cursor}`,
      headers: { authorization },
    });
    const resolved = await observer.app.inject({ method: 'GET', url: '/api/v1/observer/incidents?status=resolved', headers: { authorization } });

    expect(first.json().items).toHaveLength(1);
    expect(second.json().items).toHaveLength(1);
    expect(second.json().items[0].id).not.toBe(first.json().items[0].id);
    expect(first.json().items[0]).toMatchObject({ status: 'open', metric: 'unreachable', resolved_at: null, event_id: expect.any(String) });
    expect(resolved.json()).toEqual({ items: [], next_cursor: null });
  });
});
