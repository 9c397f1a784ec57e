import { withTenant } from '@erp/kit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { toCredentialTransaction } from '../../src/db/credential-schema.js';
import { API_KEY_GRANT, createCredential, tokenRequest } from '../credential-helpers.js';
import { auditEntries, bearer, buildTestApp, createUserAs, loginAs, registerTenant, type TestAuth } from '../helpers.js';

let auth: TestAuth;
let tenantId: string;
let adminToken: string;
beforeAll(async () => {
  auth = await buildTestApp(inject('adminUrl'));
  const admin = await registerTenant(auth.app);
  tenantId = admin.tenantId;
  adminToken = (await loginAs(auth.app, admin)).access_token;
});
afterAll(() => auth.close());

const call = (method: 'GET' | 'POST' | 'DELETE', url: string, token = adminToken, payload?: unknown) =>
  auth.app.inject({ method, url: `/api/v1/auth${url}`, headers: bearer(token), ...(payload === undefined ? {} : { payload: payload as object }) });

describe('POST /api/v1/auth/api-keys', () => {
  it('should answer the key once, with its permissions sorted, and store only a hash of it', async () => {
    const created = await createCredential(auth.app, adminToken, '/api-keys', { permissions: ['core.orders:read', 'core.customers:read'] });

    expect(created.key).toMatch(new RegExp(`^erp_ak_${tenantId}\\.[A-Za-z0-9_-]{43}$`));
    expect(created.permissions).toEqual(['core.customers:read', 'core.orders:read']);
    const stored = await withTenant(auth.db.kysely, tenantId, (trx) =>
      toCredentialTransaction(trx).selectFrom('api_credential').select('secret_hash').where('id', '=', created.id).executeTakeFirstOrThrow(),
    );
    expect(created.key).not.toContain(stored.secret_hash);
    expect(await auditEntries(auth, tenantId, 'api_key.created')).toContainEqual(
      expect.objectContaining({ details: expect.objectContaining({ id: created.id }) }),
    );
  });

  it('should answer 403 naming the permission when the caller asks for more than it holds', async () => {
    const role = { name: 'integrator', permissions: ['auth.api-keys:manage', 'core.orders:read'] };
    await call('POST', '/roles', adminToken, role);
    const integrator = await createUserAs(auth.app, adminToken, ['integrator']);
    const integratorToken = (await loginAs(auth.app, integrator)).access_token;

    const response = await call('POST', '/api-keys', integratorToken, { name: 'Too much', permissions: ['core.orders:read', 'finance.payments:write'] });

    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ code: 'AUTH_PERMISSION_DENIED', detail: expect.stringContaining('finance.payments:write') });
  });

  it('should answer 403 for a caller without auth.api-keys:manage', async () => {
    const viewer = await createUserAs(auth.app, adminToken, ['viewer']);

    const response = await call('POST', '/api-keys', (await loginAs(auth.app, viewer)).access_token, { name: 'Mine', permissions: ['core.orders:read'] });

    expect(response.json()).toMatchObject({ status: 403, code: 'AUTH_PERMISSION_DENIED' });
  });

  it('should answer 422 for a permission outside the catalogue and for an expiry in the past', async () => {
    const unknown = await call('POST', '/api-keys', adminToken, { name: 'Odd', permissions: ['core.everything:do'] });
    const past = await call('POST', '/api-keys', adminToken, { name: 'Old', permissions: ['core.orders:read'], expires_at: '2020-01-01T00:00:00Z' });

    expect([unknown.json().code, past.json().code]).toEqual(['AUTH_UNKNOWN_PERMISSION', 'AUTH_EXPIRY_INVALID']);
  });

  it('should answer 400 problems for an empty name, no permissions, a bad date or a body that is not JSON', async () => {
    const bodies = [
      { name: '', permissions: ['core.orders:read'] },
      { name: 'x', permissions: [] },
      { name: 'x', permissions: ['core.orders:read'], expires_at: 'tomorrow' },
      { name: 'x'.repeat(101), permissions: ['core.orders:read'] },
    ];

    const responses = await Promise.all(bodies.map((body) => call('POST', '/api-keys', adminToken, body)));
    const malformed = await auth.app.inject({
      method: 'POST',
      url: '/api/v1/auth/api-keys',
      headers: { ...bearer(adminToken), 'content-type': 'application/json' },
      payload: '{"name":',
    });

    expect(responses.map((response) => response.statusCode)).toEqual([400, 400, 400, 400]);
    expect(malformed.json()).toMatchObject({ status: 400, code: 'KIT_MALFORMED_JSON' });
  });
});

describe('GET and DELETE /api/v1/auth/api-keys', () => {
  it('should list the keys of the tenant without any secret', async () => {
    const created = await createCredential(auth.app, adminToken, '/api-keys', { name: 'Listed', permissions: ['core.orders:read'] });

    const response = await call('GET', '/api-keys');

    expect(response.statusCode).toBe(200);
    const listed = response.json().items.find((item: { id: string }) => item.id === created.id);
    expect(listed).toMatchObject({ name: 'Listed', permissions: ['core.orders:read'], revoked_at: null, last_used_at: null });
    expect(response.body).not.toContain(created.key);
    expect(response.body).not.toContain('secret_hash');
  });

  it('should revoke a key so that it can no longer be exchanged, and audit it', async () => {
    const created = await createCredential(auth.app, adminToken, '/api-keys', { permissions: ['core.orders:read'] });

    const revoked = await call('DELETE', `/api-keys/${created.id}`);
    const exchange = await tokenRequest(auth.app, { grant_type: API_KEY_GRANT, api_key: created.key ?? '' });

    expect(revoked.statusCode).toBe(204);
    expect(exchange.statusCode).toBe(400);
    expect(exchange.json()).toMatchObject({ error: 'invalid_grant' });
    expect(await auditEntries(auth, tenantId, 'api_key.revoked')).toContainEqual(
      expect.objectContaining({ details: expect.objectContaining({ id: created.id }) }),
    );
  });

  it('should not let tenant B list or revoke the keys of tenant A', async () => {
    const created = await createCredential(auth.app, adminToken, '/api-keys', { permissions: ['core.orders:read'] });
    const otherToken = (await loginAs(auth.app, await registerTenant(auth.app))).access_token;

    const listed = await call('GET', '/api-keys', otherToken);
    const revoked = await call('DELETE', `/api-keys/${created.id}`, otherToken);

    expect(listed.json().items).toEqual([]);
    expect(revoked.statusCode).toBe(404);
    expect(revoked.json().code).toBe('AUTH_API_CREDENTIAL_NOT_FOUND');
    expect((await tokenRequest(auth.app, { grant_type: API_KEY_GRANT, api_key: created.key ?? '' })).statusCode).toBe(200);
  });

  it('should answer 400 for an id that is not a UUID and 404 for an OAuth client id', async () => {
    const client = await createCredential(auth.app, adminToken, '/clients', { permissions: ['core.orders:read'] });

    const malformed = await call('DELETE', '/api-keys/not-a-uuid');
    const wrongKind = await call('DELETE', `/api-keys/${client.id}`);

    expect([malformed.statusCode, wrongKind.statusCode]).toEqual([400, 404]);
  });
});

describe('tokens of API keys on the auth service', () => {
  it('should refuse them with 403 AUTH_USER_TOKEN_REQUIRED even where the key holds the permission', async () => {
    const created = await createCredential(auth.app, adminToken, '/api-keys', { permissions: ['auth.api-keys:manage', 'auth.users:read'] });
    const token = (await tokenRequest(auth.app, { grant_type: API_KEY_GRANT, api_key: created.key ?? '' })).json().access_token;

    const responses = await Promise.all(['/me', '/users', '/api-keys'].map((url) => call('GET', url, token)));

    expect(responses.map((response) => response.json().code)).toEqual(Array(3).fill('AUTH_USER_TOKEN_REQUIRED'));
  });
});

describe('GET /docs/json', () => {
  it('should describe the API key, client, MFA and token endpoints', async () => {
    const response = await auth.app.inject({ method: 'GET', url: '/docs/json' });

    expect(response.statusCode).toBe(200);
    const paths = Object.keys(response.json().paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/v1/auth/api-keys',
        '/api/v1/auth/clients',
        '/api/v1/auth/mfa/totp',
        '/api/v1/auth/login/mfa',
        '/api/v1/auth/oauth/token',
        '/oauth/token',
      ]),
    );
  });
});
