import { createLocalJWKSet, decodeJwt, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { API_KEY_GRANT, basicAuthorization, type CreatedCredential, createCredential, tokenRequest } from '../credential-helpers.js';
import { bearer, buildTestApp, loginAs, registerTenant, type TestAuth } from '../helpers.js';

let auth: TestAuth;
let tenantId: string;
let adminToken: string;
let client: CreatedCredential;
const clientPermissions = ['core.customers:read', 'core.orders:read'];
beforeAll(async () => {
  auth = await buildTestApp(inject('adminUrl'), { ACCESS_TOKEN_TTL_S: '300' });
  const admin = await registerTenant(auth.app);
  tenantId = admin.tenantId;
  adminToken = (await loginAs(auth.app, admin)).access_token;
  client = await createCredential(auth.app, adminToken, '/clients', { name: 'Webshop', permissions: clientPermissions });
});
afterAll(() => auth.close());

const clientSecret = () => client.client_secret ?? '';

describe('POST /api/v1/auth/oauth/token with grant_type=client_credentials', () => {
  it('should answer an RFC 6749 token response for HTTP Basic client authentication', async () => {
    const response = await tokenRequest(auth.app, { grant_type: 'client_credentials' }, basicAuthorization(client.client_id ?? '', clientSecret()));

    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers.pragma).toBe('no-cache');
    const body = response.json();
    expect(body).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 300, scope: clientPermissions.join(' ') });
    expect(body).not.toHaveProperty('refresh_token');
    expect(decodeJwt(body.access_token)).toMatchObject({ sub: `client:${client.id}`, tid: tenantId, roles: [], perms: clientPermissions });
  });

  it('should issue a token that verifies against the published keys', async () => {
    const body = (await tokenRequest(auth.app, { grant_type: 'client_credentials', client_id: client.client_id ?? '', client_secret: clientSecret() })).json();
    const jwks = (await auth.app.inject({ method: 'GET', url: '/.well-known/jwks.json' })).json();

    const { payload } = await jwtVerify(body.access_token, createLocalJWKSet(jwks), { issuer: 'http://127.0.0.1:8001', audience: 'erp' });

    expect(payload.sub).toBe(`client:${client.id}`);
  });

  it('should accept JSON and answer the same at /oauth/token', async () => {
    const response = await auth.app.inject({
      method: 'POST',
      url: '/oauth/token',
      payload: { grant_type: 'client_credentials', client_id: client.client_id, client_secret: clientSecret(), scope: 'core.orders:read' },
    });

    expect(response.statusCode).toBe(200);
    expect(response.json().scope).toBe('core.orders:read');
    expect(decodeJwt(response.json().access_token).perms).toEqual(['core.orders:read']);
  });

  it('should answer 401 invalid_client with a Basic challenge for a wrong secret or another client id', async () => {
    const other = await createCredential(auth.app, adminToken, '/clients', { permissions: ['core.orders:read'] });

    const wrongSecret = await tokenRequest(auth.app, { grant_type: 'client_credentials' }, basicAuthorization(client.client_id ?? '', `${clientSecret()}x`));
    const swapped = await tokenRequest(auth.app, { grant_type: 'client_credentials' }, basicAuthorization(other.client_id ?? '', clientSecret()));
    const none = await tokenRequest(auth.app, { grant_type: 'client_credentials' });

    for (const response of [wrongSecret, swapped, none]) {
      expect(response.statusCode).toBe(401);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.json()).toEqual({ error: 'invalid_client', error_description: expect.any(String) });
    }
    expect(wrongSecret.headers['www-authenticate']).toBe('Basic realm="erp"');
  });

  it('should answer 400 invalid_scope for a permission the client does not hold', async () => {
    const response = await tokenRequest(auth.app, {
      grant_type: 'client_credentials',
      client_id: client.client_id ?? '',
      client_secret: clientSecret(),
      scope: 'finance.payments:write',
    });

    expect(response.statusCode).toBe(400);
    expect(response.json().error).toBe('invalid_scope');
  });

  it('should refuse a revoked client and an expired one', async () => {
    const revoked = await createCredential(auth.app, adminToken, '/clients', { permissions: ['core.orders:read'] });
    await auth.app.inject({ method: 'DELETE', url: `/api/v1/auth/clients/${revoked.id}`, headers: bearer(adminToken) });
    const expiring = await createCredential(auth.app, adminToken, '/clients', {
      permissions: ['core.orders:read'],
      expires_at: new Date(Date.now() + 1500).toISOString(),
    });
    await new Promise((resolve) => setTimeout(resolve, 1600));

    const responses = await Promise.all(
      [revoked, expiring].map((credential) =>
        tokenRequest(auth.app, { grant_type: 'client_credentials' }, basicAuthorization(credential.id, credential.client_secret ?? '')),
      ),
    );

    expect(responses.map((response) => [response.statusCode, response.json().error])).toEqual([
      [401, 'invalid_client'],
      [401, 'invalid_client'],
    ]);
  });
});

describe('POST /api/v1/auth/oauth/token with the API key grant', () => {
  it('should exchange a key for a token with sub apikey:<id>, no roles and the key permissions, and record the use', async () => {
    const key = await createCredential(auth.app, adminToken, '/api-keys', { permissions: ['core.products:read'] });

    const response = await tokenRequest(auth.app, { grant_type: API_KEY_GRANT, api_key: key.key ?? '' });

    expect(response.statusCode).toBe(200);
    expect(decodeJwt(response.json().access_token)).toMatchObject({ sub: `apikey:${key.id}`, tid: tenantId, roles: [], perms: ['core.products:read'] });
    const listed = (await auth.app.inject({ method: 'GET', url: '/api/v1/auth/api-keys', headers: bearer(adminToken) })).json();
    expect(listed.items.find((item: { id: string }) => item.id === key.id).last_used_at).toEqual(expect.any(String));
  });

  it('should answer 400 invalid_grant for an unknown, a malformed, an expired key and a client secret', async () => {
    const expiring = await createCredential(auth.app, adminToken, '/api-keys', {
      permissions: ['core.orders:read'],
      expires_at: new Date(Date.now() + 1500).toISOString(),
    });
    await new Promise((resolve) => setTimeout(resolve, 1600));
    const keys = [`erp_ak_${tenantId}.${'A'.repeat(43)}`, 'not-a-key', expiring.key ?? '', clientSecret()];

    const responses = await Promise.all(keys.map((apiKey) => tokenRequest(auth.app, { grant_type: API_KEY_GRANT, api_key: apiKey })));

    expect(responses.map((response) => [response.statusCode, response.json().error])).toEqual(Array(4).fill([400, 'invalid_grant']));
  });
});

describe('POST /api/v1/auth/oauth/token with a bad request', () => {
  it('should answer 400 unsupported_grant_type for a grant it does not offer', async () => {
    const response = await tokenRequest(auth.app, { grant_type: 'password', username: 'a', password: 'b' });

    expect(response.statusCode).toBe(400);
    expect(response.json().error).toBe('unsupported_grant_type');
  });

  it('should answer 400 invalid_request for a missing grant type, a repeated parameter or both client authentication methods', async () => {
    const missing = await tokenRequest(auth.app, { client_id: 'x' });
    const repeated = await auth.app.inject({
      method: 'POST',
      url: '/api/v1/auth/oauth/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'grant_type=client_credentials&grant_type=client_credentials',
    });
    const both = await tokenRequest(
      auth.app,
      { grant_type: 'client_credentials', client_secret: clientSecret() },
      basicAuthorization(client.id, clientSecret()),
    );

    expect([missing, repeated, both].map((response) => [response.statusCode, response.json().error])).toEqual(Array(3).fill([400, 'invalid_request']));
  });

  it('should answer OAuth errors, not problem documents, for malformed JSON, an unsupported type and an oversized body', async () => {
    const malformed = await auth.app.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: { 'content-type': 'application/json' },
      payload: '{"grant_type":',
    });
    const xml = await auth.app.inject({ method: 'POST', url: '/oauth/token', headers: { 'content-type': 'application/xml' }, payload: '<grant/>' });
    const huge = await tokenRequest(auth.app, { grant_type: 'client_credentials', padding: 'x'.repeat(20_000) });
    const nonString = await auth.app.inject({ method: 'POST', url: '/oauth/token', payload: { grant_type: ['client_credentials'] } });

    expect([malformed, xml, huge, nonString].map((response) => [response.statusCode, response.json().error])).toEqual(Array(4).fill([400, 'invalid_request']));
  });
});

describe('the OAuth clients of a tenant', () => {
  it('should not let tenant B list or revoke the clients of tenant A', async () => {
    const otherToken = (await loginAs(auth.app, await registerTenant(auth.app))).access_token;

    const listed = await auth.app.inject({ method: 'GET', url: '/api/v1/auth/clients', headers: bearer(otherToken) });
    const revoked = await auth.app.inject({ method: 'DELETE', url: `/api/v1/auth/clients/${client.id}`, headers: bearer(otherToken) });

    expect(listed.json().items).toEqual([]);
    expect(revoked.statusCode).toBe(404);
    expect((await tokenRequest(auth.app, { grant_type: 'client_credentials' }, basicAuthorization(client.id, clientSecret()))).statusCode).toBe(200);
  });

  it('should list the clients without their secrets', async () => {
    const response = await auth.app.inject({ method: 'GET', url: '/api/v1/auth/clients', headers: bearer(adminToken) });

    expect(response.json().items).toContainEqual(expect.objectContaining({ id: client.id, name: 'Webshop', permissions: clientPermissions }));
    expect(response.body).not.toContain(clientSecret());
  });
});
