import { assertTenant, createService, createTokenVerifier, getPrincipal, type ServiceApp } from '@erp/kit';
import { createTestDatabase, freePort, type TestDatabase } from '@erp/kit/testing';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { startGateway, type TestGateway } from '../helpers.js';
import { sharedIssuer, TENANT_A, TENANT_B, TEST_ISSUER, type TestIssuer } from '../token-issuer.js';

let database: TestDatabase;
let issuer: TestIssuer;
let upstream: { app: ServiceApp; url: string; seen: string[] };
let gateway: TestGateway;

/**
 * A real service behind the gateway that verifies the forwarded token again, as every service does: any
 * valid token for `/me`, a permission for posting entries, a tenant check, and a public auth area.
 */
async function startVerifyingUpstream(jwksUrl: string): Promise<{ app: ServiceApp; url: string; seen: string[] }> {
  const seen: string[] = [];
  const verifier = createTokenVerifier({ jwksUrl, issuer: TEST_ISSUER });
  const app = await createService({ name: 'upstream', version: '0.0.1', config: { port: 0, logLevel: 'silent', bodyLimitBytes: 65_536 }, auth: { verifier } });
  app.addHook('onRequest', async (request) => {
    // The gateway's active health checks call /health on their own schedule; only forwarded requests count here.
    if (request.url !== '/health') seen.push(request.url);
  });
  app.get('/api/v1/customers/me', { config: { authenticated: true } }, async (request) => getPrincipal(request));
  app.post('/api/v1/finance/entries', { config: { permission: 'finance.entries:post' } }, async (_request, reply) => reply.code(201).send({ posted: true }));
  app.get<{ Params: { tenantId: string } }>('/api/v1/customers/tenants/:tenantId', { config: { authenticated: true } }, async (request) => {
    assertTenant(request, request.params.tenantId);
    return { tenantId: request.params.tenantId };
  });
  app.all('/*', async (request) => ({ reached: request.url }));
  const url = await app.listen({ port: await freePort(), host: '127.0.0.1' });
  return { app, url, seen };
}

beforeAll(async () => {
  database = await createTestDatabase(inject('adminUrl'));
  issuer = await sharedIssuer();
  upstream = await startVerifyingUpstream(issuer.jwksUrl);
  const everyService = { auth: upstream.url, core: upstream.url, finance: upstream.url, ai: upstream.url };
  gateway = await startGateway(database.adminUrl, everyService);
});
beforeEach(() => {
  upstream.seen.length = 0;
});
afterAll(async () => {
  await gateway.close();
  await upstream.app.close();
  await issuer.close();
  await database.drop();
});

const call = (path: string, token?: string, init: RequestInit = {}) =>
  fetch(`${gateway.url}${path}`, { ...init, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(init.headers as Record<string, string>) } });

/** The refused tokens, each built the way an attacker or a stale client would send it. */
const badTokens: Array<[string, () => Promise<string>]> = [
  ['an expired token', () => issuer.token({ iat: Math.floor(Date.now() / 1000) - 900, exp: Math.floor(Date.now() / 1000) - 300 })],
  [
    'a tampered payload',
    async () => {
      const [header, , signature] = (await issuer.token()).split('.');
      const payload = Buffer.from(JSON.stringify({ sub: 'admin', tid: TENANT_A, perms: ['auth.users:manage'] })).toString('base64url');
      return `${header}.${payload}.${signature}`;
    },
  ],
  [
    'alg none',
    async () => {
      const [, payload] = (await issuer.token()).split('.');
      return `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${payload}.`;
    },
  ],
  [
    'HS256 keyed with the public key',
    async () => {
      const [, payload = ''] = (await issuer.token()).split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
      return new SignJWT(claims).setProtectedHeader({ alg: 'HS256', kid: 'gw-key-1' }).sign(new TextEncoder().encode(await issuer.publicKeyPem()));
    },
  ],
  ['an unknown key id', () => issuer.strangerToken()],
  ['another issuer', () => issuer.token({ iss: 'http://evil.test' })],
  ['no tenant claim', () => issuer.token({ tid: undefined })],
  ['garbage', async () => 'not-a-token'],
];

describe('authentication at the gateway', () => {
  it('should forward a request with a valid token and its Authorization header, which the service verifies again', async () => {
    const token = await issuer.token({ sub: 'user-42' });

    const response = await call('/api/v1/customers/me', token);

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ userId: 'user-42', tenantId: TENANT_A });
    expect(upstream.seen).toEqual(['/api/v1/customers/me']);
  });

  it('should answer 401 with a Bearer challenge without calling the service when the token is missing', async () => {
    const response = await call('/api/v1/customers/me');

    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="erp"');
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await response.json()).toMatchObject({ status: 401, code: 'KIT_UNAUTHENTICATED', instance: '/api/v1/customers/me' });
    expect(upstream.seen).toEqual([]);
  });

  it.each(badTokens)('should answer 401 without calling the service for %s', async (_case, makeToken) => {
    const token = await makeToken();

    const response = await call('/api/v1/finance/entries', token, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });

    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="erp", error="invalid_token"');
    expect(await response.json()).toMatchObject({ status: 401, code: 'KIT_UNAUTHENTICATED' });
    expect(upstream.seen).toEqual([]);
  });

  it('should pass a valid token without the permission on, and the service answers 403 naming it', async () => {
    const token = await issuer.token({ perms: ['finance.entries:read'] });

    const response = await call('/api/v1/finance/entries', token, { method: 'POST' });

    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ code: 'KIT_FORBIDDEN', detail: expect.stringContaining('finance.entries:post') });
  });

  it('should let the service refuse a token of another tenant with 403', async () => {
    const token = await issuer.token({ tid: TENANT_B });

    const response = await call(`/api/v1/customers/tenants/${TENANT_A}`, token);

    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ code: 'KIT_FORBIDDEN', detail: expect.stringContaining('another tenant') });
  });

  it('should have the service refuse a request that bypasses the gateway without a token', async () => {
    const response = await fetch(`${upstream.url}/api/v1/customers/me`);

    expect(response.status).toBe(401);
  });

  it.each([
    ['POST', '/api/v1/auth/register'],
    ['POST', '/api/v1/auth/login'],
    ['POST', '/api/v1/auth/token/refresh'],
    ['POST', '/api/v1/auth/logout'],
    ['POST', '/api/v1/auth/password/reset'],
    ['POST', '/api/v1/auth/password/reset-request'],
    ['GET', '/.well-known/jwks.json'],
    ['GET', '/.well-known/openid-configuration'],
    ['GET', '/api/v1/auth/sso/0b6f2a6e-4c1d-4f5e-9a3b-2c7d8e9f0a1b/start'],
    ['GET', '/api/v1/auth/sso/0b6f2a6e-4c1d-4f5e-9a3b-2c7d8e9f0a1b/callback'],
    ['POST', '/api/v1/auth/sso/exchange'],
    ['POST', '/api/v1/auth/login/mfa'],
    ['POST', '/api/v1/auth/oauth/token'],
    ['POST', '/v1/chat/completions'],
    ['POST', '/v1/embeddings'],
    ['GET', '/v1/models'],
    ['GET', '/v1/models/local.statistical'],
  ])('should forward %s %s without a token', async (method, path) => {
    const response = await call(path, undefined, { method });

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ reached: path });
  });

  it.each([
    '/api/v1/auth/users',
    '/api/v1/auth/login/',
    '/api/v1/auth/LOGIN',
    '/api/v1/auth/%6Cogin',
    '/api/v1/auth/password',
    '/api/v1/auth/token/revoke',
    '/api/v1/auth',
    '/api/v1/auth/sso',
    '/api/v1/auth/sso/not-a-tenant/start',
    '/v1/completions',
    '/v1/chat/completions/../../api/v1/ai/usage',
  ])('should require a token for %s, which only looks like a public path', async (path) => {
    const response = await call(path, undefined, { method: 'POST' });

    expect(response.status).toBe(401);
    expect(upstream.seen).toEqual([]);
  });

  it('should let a CORS preflight pass without a token, since browsers send none with it', async () => {
    const response = await call('/api/v1/customers/me', undefined, {
      method: 'OPTIONS',
      headers: { origin: 'http://127.0.0.1:3000', 'access-control-request-method': 'GET' },
    });

    expect(response.status).not.toBe(401);
  });

  it('should require a token for an OPTIONS request that is no preflight', async () => {
    const response = await call('/api/v1/customers/me', undefined, { method: 'OPTIONS' });

    expect(response.status).toBe(401);
  });

  it.each(['/alive', '/metrics', '/docs/json'])("should keep the gateway's own %s public", async (path) => {
    const response = await call(path);

    expect(response.status).toBe(200);
  });
});
