import { freePort } from '@erp/kit/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openStream, type SseConnection } from '../dashboard/sse.js';
import { buildTestObserver, observerFile, startTestService, type TestObserver, type TestService } from '../helpers.js';

let observer: TestObserver;
let service: TestService;
let baseUrl: string;
let ghostUrl: string;
const streams: SseConnection[] = [];

async function connect(headers: Record<string, string> = {}): Promise<SseConnection> {
  const stream = await openStream(`${baseUrl}/api/v1/observer/stream`, { authorization: await observer.bearer(), ...headers });
  streams.push(stream);
  return stream;
}

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

beforeAll(async () => {
  service = await startTestService(inject('adminUrl'), 'streamed');
  ghostUrl = `http://127.0.0.1:${await freePort()}`;
  const file = observerFile({
    services: {
      streamed: { url: service.url, critical_endpoints: ['GET /slow'] },
      ghost: { url: ghostUrl, critical_endpoints: ['GET /health'] },
    },
    alerts: { critical_after: 2, notify: { channel: 'email', to: 'ops@example.com' } },
  });
  observer = await buildTestObserver(inject('adminUrl'), {
    file,
    env: { OBSERVER_STREAMS_MAX: '3', OBSERVER_STREAM_HEARTBEAT_MS: '200', OBSERVER_TIMEOUT_MS: '500' },
  });
  baseUrl = await observer.app.listen({ port: await freePort(), host: '127.0.0.1' });
});

afterAll(async () => {
  for (const stream of streams) stream.close();
  await observer?.close();
  await service?.close();
});

describe('GET /api/v1/observer/stream', () => {
  it('should refuse a request without a token or without the permission, as a problem document', async () => {
    const anonymous = await observer.app.inject({ method: 'GET', url: '/api/v1/observer/stream' });
    const forbidden = await observer.app.inject({ method: 'GET', url: '/api/v1/observer/stream', headers: { authorization: await observer.bearer([]) } });

    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['content-type']).toContain('application/problem+json');
    expect(forbidden.statusCode).toBe(403);
  });

  it('should refuse a malformed Last-Event-ID with 400', async () => {
    const response = await observer.app.inject({
      method: 'GET',
      url: '/api/v1/observer/stream',
      headers: { authorization: await observer.bearer(), 'last-event-id': 'yesterday' },
    });

    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'KIT_VALIDATION_FAILED' });
  });

  it('should send one round event per collection round with the new points and the incidents opened', async () => {
    const stream = await connect();
    await stream.next((event) => event.event === 'ready');

    await service.app.inject({ method: 'GET', url: '/slow' });
    const first = await observer.monitor.poll();
    const second = await observer.monitor.poll();
    await until(() => stream.events.filter((event) => event.event === 'round').length >= 2);
    const rounds = stream.events.filter((event) => event.event === 'round');

    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(stream.headers.get('cache-control')).toContain('no-cache');
    expect(first.opened).toEqual([]);
    expect(second.opened.map((incident) => incident.service)).toEqual(['ghost']);
    const [firstRound, secondRound] = rounds.map((event) => ({ id: event.id, body: JSON.parse(event.data) }));
    expect(firstRound?.body.services.map((item: { name: string }) => item.name).sort()).toEqual(['ghost', 'streamed']);
    const streamed = firstRound?.body.services.find((item: { name: string }) => item.name === 'streamed');
    expect(streamed).toMatchObject({ status: 'pass', instances_up: 1, values: { cpu_percent: expect.any(Number), rss_mb: expect.any(Number) } });
    expect(Number(firstRound?.id)).toBe(Date.parse(firstRound?.body.at));
    expect(firstRound?.body.incidents).toEqual({ opened: [], resolved: [] });
    expect(secondRound?.body.incidents.opened).toEqual([
      expect.objectContaining({ service: 'ghost', metric: 'unreachable', status: 'open', instance_url: ghostUrl }),
    ]);
    expect(secondRound?.body.services.find((item: { name: string }) => item.name === 'ghost')).toMatchObject({ status: 'fail', open_incidents: 1 });
    expect(Number(secondRound?.id)).toBeGreaterThan(Number(firstRound?.id));
  });

  it('should send heartbeat comments while nothing happens', async () => {
    const stream = await connect();

    const heartbeat = await stream.next((event) => event.event === 'comment' && event.data.startsWith('heartbeat'));

    expect(heartbeat.data).toMatch(/^heartbeat \d{4}-/);
  });

  it('should replay the rounds after Last-Event-ID before it reports ready', async () => {
    const { rows } = await observer.db.pool.query<{ at: Date }>("select distinct at from service_point where resolution = 'raw' order by at");
    const firstAtMs = rows[0]?.at.getTime() ?? 0;

    const stream = await connect({ 'last-event-id': String(firstAtMs - 1) });
    await stream.next((event) => event.event === 'ready');

    const replayed = stream.events.filter((event) => event.event === 'round').map((event) => Number(event.id));
    expect(replayed).toEqual(rows.map((row) => row.at.getTime()));
  });

  it('should refuse a stream beyond OBSERVER_STREAMS_MAX with 503 and Retry-After, and free the slot when a client leaves', async () => {
    for (const stream of streams.splice(0)) stream.close();
    const open = [await connect(), await connect(), await connect()];
    await Promise.all(open.map((stream) => stream.next((event) => event.event === 'ready')));

    const refused = await fetch(`${baseUrl}/api/v1/observer/stream`, { headers: { authorization: await observer.bearer() } });
    const problem = await refused.json();
    open[0]?.close();
    let accepted: SseConnection | undefined;
    const started = Date.now();
    while (!accepted && Date.now() - started < 5000) {
      const attempt = await connect();
      if (attempt.status === 200) accepted = attempt;
      else await new Promise((resolve) => setTimeout(resolve, 50));
    }

    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(problem).toMatchObject({ status: 503, code: 'OBS_STREAM_LIMIT_REACHED' });
    expect(accepted?.status).toBe(200);
  });

  it('should end every open stream when the observer closes, without holding the close open', async () => {
    const stream = streams.find((item) => item.status === 200 && item.events.some((event) => event.event === 'ready'));

    const started = Date.now();
    await observer.app.close();

    await stream?.ended;
    expect(stream).toBeDefined();
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
