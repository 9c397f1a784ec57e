import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { auditEntries, bearer, createUserAs, loginAs } from '../helpers.js';
import { type SsoFixture, ssoSettings, startSsoFixture } from './setup.js';

let fixture: SsoFixture;
let tenantA: SsoFixture['tenants'][number];
let tenantB: SsoFixture['tenants'][number];
beforeAll(async () => {
  fixture = await startSsoFixture(inject('adminUrl'), 2);
  [tenantA, tenantB] = fixture.tenants as [typeof tenantA, typeof tenantB];
});
afterAll(() => fixture.close());

function request(method: 'GET' | 'PUT' | 'DELETE', token: string, payload?: Record<string, unknown>) {
  return fixture.auth.app.inject({ method, url: '/api/v1/auth/sso', headers: bearer(token), ...(payload ? { payload } : {}) });
}

async function asAdmin(query: string, parameters: unknown[] = []): Promise<Array<Record<string, unknown>>> {
  const client = new pg.Client({ connectionString: fixture.auth.database.adminUrl });
  await client.connect();
  try {
    return (await client.query(query, parameters)).rows;
  } finally {
    await client.end();
  }
}

async function storedSecret(tenantId: string): Promise<string> {
  const [row] = await asAdmin('select client_secret_sealed from auth.sso_connection where tenant_id = $1', [tenantId]);
  return String(row?.client_secret_sealed);
}

describe('PUT and GET /api/v1/auth/sso', () => {
  it('should store the settings, show them without the secret and keep the secret only sealed', async () => {
    const settings = ssoSettings(fixture, tenantA.tenantId);

    const put = await request('PUT', tenantA.adminToken, settings);
    const get = await request('GET', tenantA.adminToken);

    const { client_secret: secret, ...visible } = settings;
    expect(put.statusCode).toBe(200);
    expect(get.json()).toEqual({ ...visible, updated_at: expect.any(String) });
    expect(get.body).not.toContain(secret);
    expect(await storedSecret(tenantA.tenantId)).toMatch(/^v1\./);
    expect(await storedSecret(tenantA.tenantId)).not.toContain(secret);
    expect(await auditEntries(fixture.auth, tenantA.tenantId, 'sso.configured')).toHaveLength(1);
  });

  it("should keep tenant A's settings out of reach of tenant B's admin", async () => {
    await request('PUT', tenantA.adminToken, ssoSettings(fixture, tenantA.tenantId));

    const read = await request('GET', tenantB.adminToken);
    const removed = await request('DELETE', tenantB.adminToken);
    await request('PUT', tenantB.adminToken, ssoSettings(fixture, tenantB.tenantId, { client_id: 'tenant-b-client' }));

    expect(read.statusCode).toBe(404);
    expect(read.json()).toMatchObject({ code: 'AUTH_SSO_NOT_CONFIGURED' });
    expect(removed.statusCode).toBe(404);
    expect((await request('GET', tenantA.adminToken)).json()).toMatchObject({ client_id: fixture.provider.clientId });
    expect((await request('GET', tenantB.adminToken)).json()).toMatchObject({ client_id: 'tenant-b-client' });
  });

  it('should refuse a caller without auth.users:manage with a 403 problem', async () => {
    const viewer = await createUserAs(fixture.auth.app, tenantA.adminToken, ['viewer']);
    const token = (await loginAs(fixture.auth.app, viewer)).access_token;

    const response = await request('GET', token);

    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ code: 'AUTH_PERMISSION_DENIED' });
  });

  it.each([
    ['a missing field', { client_secret: undefined }],
    ['an issuer that is not an http URL', { issuer: 'javascript:alert(1)' }],
    ['no allowed domain', { allowed_domains: [] }],
    ['a domain that is not a host name', { allowed_domains: ['exa mple.com'] }],
    ['a flag that is not a boolean', { auto_provision: 'maybe' }],
    ['an oversized secret', { client_secret: 'x'.repeat(1001) }],
    ['a role claim with odd characters', { role_claim: 'groups; drop' }],
  ])('should answer %s with a 400 problem', async (_case, overrides) => {
    const response = await request('PUT', tenantA.adminToken, ssoSettings(fixture, tenantA.tenantId, overrides));

    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('should refuse a mapping to a role the tenant does not have with AUTH_UNKNOWN_ROLE', async () => {
    const settings = ssoSettings(fixture, tenantA.tenantId, { role_mappings: [{ value: 'x', role: 'no-such-role' }] });

    const response = await request('PUT', tenantA.adminToken, settings);

    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ code: 'AUTH_UNKNOWN_ROLE' });
  });
});

describe('DELETE /api/v1/auth/sso', () => {
  it('should remove the settings, after which a login cannot start', async () => {
    await request('PUT', tenantB.adminToken, ssoSettings(fixture, tenantB.tenantId));

    const removed = await request('DELETE', tenantB.adminToken);
    const start = await fixture.auth.app.inject({ method: 'GET', url: `/api/v1/auth/sso/${tenantB.tenantId}/start` });

    expect(removed.statusCode).toBe(204);
    expect(start.statusCode).toBe(404);
    expect(start.json()).toMatchObject({ code: 'AUTH_SSO_NOT_CONFIGURED' });
  });
});

describe('the public SSO endpoints with bad input', () => {
  it.each([
    ['a start for a tenant id that is not a uuid', 'GET', '/api/v1/auth/sso/not-a-tenant/start', 400],
    ['a start for a tenant without SSO', 'GET', '/api/v1/auth/sso/00000000-0000-4000-8000-000000000000/start', 404],
    ['a callback without state', 'GET', `/api/v1/auth/sso/00000000-0000-4000-8000-000000000000/callback?code=x`, 400],
    ['a callback with an oversized parameter', 'GET', `/api/v1/auth/sso/00000000-0000-4000-8000-000000000000/callback?code=${'x'.repeat(5000)}`, 400],
  ] as const)('should answer %s with a problem', async (_case, method, url, status) => {
    const response = await fixture.auth.app.inject({ method, url });

    expect(response.statusCode).toBe(status);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it.each([
    ['a garbage code', { code: 'garbage' }, 'AUTH_SSO_CODE_INVALID'],
    ['a well-formed but unknown code', { code: `${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}.${'a'.repeat(43)}` }, 'AUTH_SSO_CODE_INVALID'],
    ['no code', {}, 'KIT_VALIDATION_FAILED'],
    ['an oversized code', { code: 'x'.repeat(201) }, 'KIT_VALIDATION_FAILED'],
  ])('should answer an exchange with %s with a 400 problem', async (_case, payload, code) => {
    const response = await fixture.auth.app.inject({ method: 'POST', url: '/api/v1/auth/sso/exchange', payload });

    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code });
  });

  it('should answer 502 when the configured provider cannot be reached', async () => {
    await request('PUT', tenantB.adminToken, ssoSettings(fixture, tenantB.tenantId, { issuer: 'http://127.0.0.1:9/unreachable' }));

    const start = await fixture.auth.app.inject({ method: 'GET', url: `/api/v1/auth/sso/${tenantB.tenantId}/start` });

    expect(start.statusCode).toBe(502);
    expect(start.json()).toMatchObject({ code: 'AUTH_SSO_PROVIDER_DOWN' });
  });
});

describe('row-level security on the SSO tables', () => {
  it('should show the runtime role no SSO settings or started logins outside a tenant transaction', async () => {
    await request('PUT', tenantA.adminToken, ssoSettings(fixture, tenantA.tenantId));
    await fixture.auth.app.inject({ method: 'GET', url: `/api/v1/auth/sso/${tenantA.tenantId}/start` });

    const counts = await Promise.all(
      (['sso_connection', 'sso_flow'] as const).map(
        async (table) => (await sql<{ count: string }>`select count(*) from ${sql.table(table)}`.execute(fixture.auth.db.kysely)).rows[0]?.count,
      ),
    );

    expect(counts).toEqual(['0', '0']);
    const [flows] = await asAdmin('select count(*)::int as count from auth.sso_flow');
    expect(Number(flows?.count)).toBeGreaterThan(0);
  });
});
