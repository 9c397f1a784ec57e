import type { ServiceApp } from '@erp/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installGatewayAuthentication } from '../../src/routes/authenticate.js';
import { type EdgeGateway, startEdgeGateway } from '../edge-helpers.js';
import { startUpstream } from '../helpers.js';
import { startTestIssuer, TENANT_A, TEST_ISSUER, type TestIssuer } from '../token-issuer.js';

const UI_ORIGIN = 'http://127.0.0.1:3000';
let issuer: TestIssuer;
let upstream: { app: ServiceApp; url: string };
let gateway: EdgeGateway;

beforeAll(async () => {
  issuer = await startTestIssuer();
  upstream = await startUpstream('core-1');
  gateway = await startEdgeGateway({
    upstreamUrl: upstream.url,
    rateLimits: '/api/v1/customers=ip:100/1m,user:2/1m,tenant:10/1m',
    authenticate: (app) => installGatewayAuthentication(app, { authJwksUrl: issuer.jwksUrl, authIssuer: TEST_ISSUER }),
    identify: (request) => request.principal ?? {},
  });
});
afterAll(async () => {
  await gateway.close();
  await upstream.app.close();
  await issuer.close();
});

describe('transformation, authentication and rate limits together', () => {
  it('should answer a preflight to a protected route without asking for a token', async () => {
    const response = await fetch(`${gateway.url}/api/v1/customers`, {
      method: 'OPTIONS',
      headers: { origin: UI_ORIGIN, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    });

    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);
  });

  it('should let the UI read a 401 answer, with security headers and the gateway time', async () => {
    const response = await fetch(`${gateway.url}/api/v1/customers`, { headers: { origin: UI_ORIGIN } });

    expect(response.status).toBe(401);
    expect(response.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('server-timing')).toMatch(/^gw;dur=/);
  });

  it('should limit per user and tenant from the verified token', async () => {
    const token = await issuer.token({ sub: 'user-limited', tid: TENANT_A });
    const headers = { authorization: `Bearer ${token}` };

    const statuses = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await fetch(`${gateway.url}/api/v1/customers`, { headers })).status);
    const last = await fetch(`${gateway.url}/api/v1/customers`, { headers });

    expect(statuses).toEqual([200, 200, 429]);
    expect(last.headers.get('ratelimit-policy')).toBe('"ip";q=100;w=60, "user";q=2;w=60, "tenant";q=10;w=60');
  });
});
