import { Writable } from 'node:stream';
import type { ServiceApp } from '@erp/kit';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RateLimiter } from '../../src/rate-limit/limiter.js';
import { type EdgeGateway, startEdgeGateway } from '../edge-helpers.js';
import { startUpstream } from '../helpers.js';

let upstream: { app: ServiceApp; url: string };
let gateway: EdgeGateway;

beforeAll(async () => {
  upstream = await startUpstream('core-1');
  gateway = await startEdgeGateway({
    upstreamUrl: upstream.url,
    rateLimits: '/api/v1/auth/login=ip:3/1m; /api/v1/customers=ip:100/1m,user:2/1m,tenant:3/1m; /api/v1/orders=off',
  });
});
afterAll(async () => {
  await gateway.close();
  await upstream.app.close();
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${gateway.url}${path}`, { headers });

describe('rate limits at the gateway', () => {
  it('should refuse the request after the limit with a 429 problem, Retry-After and the RateLimit fields', async () => {
    const answers = [];
    for (let i = 0; i < 4; i += 1) answers.push(await fetch(`${gateway.url}/api/v1/auth/login`, { method: 'POST' }));

    const refused = answers[3];

    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 429]);
    expect(answers[0]?.headers.get('ratelimit-policy')).toBe('"ip";q=3;w=60');
    expect(answers[0]?.headers.get('ratelimit')).toBe('"ip";r=2;t=60');
    expect(refused?.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(refused?.headers.get('retry-after')).toMatch(/^(59|60)$/);
    expect(refused?.headers.get('ratelimit')).toMatch(/^"ip";r=0;t=(59|60)$/);
    expect(await refused?.json()).toMatchObject({ status: 429, code: 'GW_RATE_LIMITED', instance: '/api/v1/auth/login' });
  });

  it('should apply the login policy to a percent-encoded spelling of the login path', async () => {
    const response = await get('/api/v1/auth/%6Cogin');

    expect(response.status).toBe(429);
  });

  it('should count each user separately, not count refused requests, and report every counter that applies', async () => {
    const alice = { 'x-test-user': 'alice', 'x-test-tenant': 't-alice' };
    const bob = { 'x-test-user': 'bob', 'x-test-tenant': 't-bob' };

    const aliceAnswers = [await get('/api/v1/customers', alice), await get('/api/v1/customers', alice), await get('/api/v1/customers', alice)];
    const bobAnswer = await get('/api/v1/customers', bob);

    expect(aliceAnswers.map((answer) => answer.status)).toEqual([200, 200, 429]);
    expect(bobAnswer.status).toBe(200);
    expect(bobAnswer.headers.get('ratelimit-policy')).toBe('"ip";q=100;w=60, "user";q=2;w=60, "tenant";q=3;w=60');
    expect(bobAnswer.headers.get('ratelimit')).toBe('"ip";r=97;t=60, "user";r=1;t=60, "tenant";r=2;t=60');
  });

  it('should refuse a tenant whose users together exceed the tenant limit', async () => {
    const tenant = 't-shared';

    const statuses = [];
    for (const user of ['u1', 'u2', 'u3', 'u4']) statuses.push((await get('/api/v1/customers/1', { 'x-test-user': user, 'x-test-tenant': tenant })).status);

    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  it('should limit a request without identity per address only', async () => {
    const response = await get('/api/v1/customers');

    expect(response.headers.get('ratelimit-policy')).toBe('"ip";q=100;w=60');
  });

  it('should leave paths without a policy or with an off policy unlimited and without RateLimit fields', async () => {
    const [orders, health] = await Promise.all([get('/api/v1/orders'), get('/alive')]);

    expect(orders.status).toBe(200);
    expect(orders.headers.get('ratelimit')).toBeNull();
    expect(health.headers.get('ratelimit')).toBeNull();
  });
});

describe('rate limits when the limiter fails', () => {
  it('should admit requests without RateLimit fields and log one warning for the outage', async () => {
    const failing: RateLimiter = { consume: () => Promise.reject(new Error('store down')) };
    const lines: string[] = [];
    const sink = new Writable({
      write: (chunk, _encoding, done) => {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = pino({ level: 'warn' }, sink);
    const degraded = await startEdgeGateway({ upstreamUrl: upstream.url, rateLimits: '/=ip:1/1m', limiter: failing, logger });

    const answers = [await fetch(`${degraded.url}/api/v1/customers`), await fetch(`${degraded.url}/api/v1/customers`)];
    await degraded.close();

    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    expect(answers[0]?.headers.get('ratelimit')).toBeNull();
    expect(lines.filter((line) => line.includes('rate limiter unavailable'))).toHaveLength(1);
  });
});
