import { Writable } from 'node:stream';
import { assertTenant, createService, createTokenVerifier, getPrincipal, installAuthentication, type ServiceApp, type TokenVerifier } from '@erp/kit';
import { freePort } from '@erp/kit/testing';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../helpers.js';
import {
  claims,
  createTestKey,
  ISSUER,
  type JwksServer,
  sign,
  startJwksServer,
  TENANT_A,
  TENANT_B,
  type TestKey,
  withBrokenSignature,
} from './token-issuer.js';

let key: TestKey;
let jwks: JwksServer;
let app: ServiceApp;
const logLines: string[] = [];

/** A service with one route of each kind, as a real service would declare them. */
async function buildAuthApp(verifier: TokenVerifier): Promise<ServiceApp> {
  const sink = new Writable({
    write: (chunk, _encoding, done) => {
      logLines.push(String(chunk));
      done();
    },
  });
  const logger = pino({ level: 'debug' }, sink);
  const service = await createService({ name: 'auth-test', version: '0.0.1', config: testConfig, logger, auth: { verifier } });
  service.get('/public', async () => ({ open: true }));
  service.get('/me', { config: { authenticated: true } }, async (request) => getPrincipal(request));
  service.post('/entries', { config: { permission: 'finance.entries:post' } }, async (_request, reply) => reply.code(201).send({ posted: true }));
  service.get<{ Params: { tenantId: string } }>('/tenants/:tenantId/settings', { config: { authenticated: true } }, async (request) => {
    assertTenant(request, request.params.tenantId);
    return { tenantId: request.params.tenantId };
  });
  service.get('/forgot-to-declare', async (request) => getPrincipal(request));
  return service;
}

beforeAll(async () => {
  key = await createTestKey('ed-1');
  jwks = await startJwksServer([key]);
  app = await buildAuthApp(createTokenVerifier({ jwksUrl: jwks.url, issuer: ISSUER }));
});
afterAll(async () => {
  await app.close();
  await jwks.close();
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('installAuthentication', () => {
  it.each(['/public', '/alive', '/metrics', '/docs/json'])('should keep %s public when the request has no token', async (url) => {
    const response = await app.inject({ url });

    expect(response.statusCode).toBe(200);
  });

  it('should set the principal from a valid token', async () => {
    const token = await sign(key, claims({ sub: 'user-9', jti: 'jti-9' }));

    const response = await app.inject({ url: '/me', headers: bearer(token) });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ userId: 'user-9', tenantId: TENANT_A, tokenId: 'jti-9' });
  });

  it('should answer 401 with a Bearer challenge and a problem document when the token is missing', async () => {
    const response = await app.inject({ url: '/me' });

    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.headers['www-authenticate']).toBe('Bearer realm="erp"');
    expect(response.json()).toMatchObject({ status: 401, code: 'KIT_UNAUTHENTICATED', instance: '/me' });
  });

  it.each([
    ['another scheme', 'Basic dXNlcjpwYXNz', 'Bearer realm="erp"'],
    ['an empty bearer', 'Bearer ', 'Bearer realm="erp", error="invalid_token"'],
    ['two tokens', 'Bearer a.b.c d.e.f', 'Bearer realm="erp", error="invalid_token"'],
    ['a huge header', `Bearer ${'a'.repeat(9000)}`, 'Bearer realm="erp", error="invalid_token"'],
    ['control characters', 'Bearer a.b.c\u0001', 'Bearer realm="erp", error="invalid_token"'],
  ])('should answer 401 for %s in the Authorization header', async (_case, authorization, challenge) => {
    const response = await app.inject({ url: '/me', headers: { authorization } });

    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe(challenge);
    expect(response.json()).toMatchObject({ code: 'KIT_UNAUTHENTICATED' });
  });

  it('should answer 401 with error="invalid_token" for an expired token', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = await sign(key, claims({ iat: now - 900, exp: now - 300 }));

    const response = await app.inject({ url: '/me', headers: bearer(token) });

    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer realm="erp", error="invalid_token"');
    expect(response.json()).toMatchObject({ code: 'KIT_UNAUTHENTICATED', detail: expect.stringContaining('expired') });
  });

  it('should run the handler when the token grants the route permission', async () => {
    const token = await sign(key, claims({ perms: ['finance.entries:read', 'finance.entries:post'] }));

    const response = await app.inject({ method: 'POST', url: '/entries', headers: bearer(token) });

    expect(response.statusCode).toBe(201);
  });

  it('should answer 403 naming the permission when the token lacks it', async () => {
    const token = await sign(key, claims({ perms: ['finance.entries:read'] }));

    const response = await app.inject({ method: 'POST', url: '/entries', headers: bearer(token) });

    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ status: 403, code: 'KIT_FORBIDDEN', detail: expect.stringContaining('"finance.entries:post"') });
  });

  it('should check the token before the body is parsed, so an anonymous caller learns nothing from validation', async () => {
    const response = await app.inject({ method: 'POST', url: '/entries', headers: { 'content-type': 'application/json' }, payload: '{not json' });

    expect(response.statusCode).toBe(401);
  });

  it('should answer 403 when the token belongs to another tenant than the one the route names', async () => {
    const token = await sign(key, claims({ tid: TENANT_B }));

    const response = await app.inject({ url: `/tenants/${TENANT_A}/settings`, headers: bearer(token) });

    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ code: 'KIT_FORBIDDEN', detail: expect.stringContaining('another tenant') });
  });

  it('should answer the tenant route for a token of the same tenant', async () => {
    const token = await sign(key, claims({ tid: TENANT_B }));

    const response = await app.inject({ url: `/tenants/${TENANT_B}/settings`, headers: bearer(token) });

    expect(response.json()).toEqual({ tenantId: TENANT_B });
  });

  it('should answer 401 when a route reads the principal without declaring that it needs one', async () => {
    const token = await sign(key);

    const response = await app.inject({ url: '/forgot-to-declare', headers: bearer(token) });

    expect(response.statusCode).toBe(401);
  });

  it('should log refusals without the token or its signature', async () => {
    const token = withBrokenSignature(await sign(key));
    logLines.length = 0;

    await app.inject({ url: '/me', headers: bearer(token) });

    const [, , signature] = token.split('.');
    expect(logLines.join('')).toContain('KIT_UNAUTHENTICATED');
    expect(logLines.join('')).not.toContain(String(signature).slice(0, 20));
  });

  it('should answer 503 with a problem document when the JWKS cannot be fetched', async () => {
    const cutOff = await buildAuthApp(createTokenVerifier({ jwksUrl: `http://127.0.0.1:${await freePort()}/jwks.json`, issuer: ISSUER }));

    const response = await cutOff.inject({ url: '/me', headers: bearer(await sign(key)) });
    await cutOff.close();

    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ code: 'KIT_SERVICE_UNAVAILABLE' });
  });

  it('should apply a custom rule to undeclared routes and still honour a route permission', async () => {
    const service = await createService({ name: 'rule', version: '0.0.1', config: testConfig });
    installAuthentication(service, { verifier: createTokenVerifier({ jwksUrl: jwks.url, issuer: ISSUER }), requirementOf: () => ({}) });
    service.get('/undeclared', async () => ({ ok: true }));
    service.get('/audit', { config: { permission: 'finance.audit:read' } }, async () => ({ ok: true }));
    const token = await sign(key);

    const anonymous = await service.inject({ url: '/undeclared' });
    const withToken = await service.inject({ url: '/undeclared', headers: bearer(token) });
    const withoutPermission = await service.inject({ url: '/audit', headers: bearer(token) });
    await service.close();

    expect([anonymous.statusCode, withToken.statusCode, withoutPermission.statusCode]).toEqual([401, 200, 403]);
  });

  it('should keep every route public when the service has no verifier', async () => {
    const open = await createService({ name: 'open', version: '0.0.1', config: testConfig });
    open.get('/items', async () => ({ items: [] }));

    const response = await open.inject({ url: '/items' });
    await open.close();

    expect(response.statusCode).toBe(200);
  });

  it('should refuse to register a route that needs a token when the service has no verifier', async () => {
    const open = await createService({ name: 'open', version: '0.0.1', config: testConfig });

    const register = () => open.get('/me', { config: { permission: 'auth.users:read' } }, async () => ({}));

    expect(register).toThrow(/requires an access token/);
    await open.close();
  });
});
