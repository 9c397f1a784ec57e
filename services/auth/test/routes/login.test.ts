import { ACCESS_TOKEN_AUDIENCE, BUILT_IN_ROLES } from '@erp/contracts';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { auditEntries, buildTestApp, loginAs, PASSWORD, registerTenant, type TestAuth } from '../helpers.js';

let auth: TestAuth;
beforeAll(async () => {
  // Two free attempts, then a growing delay, and a lockout at the fourth failure.
  auth = await buildTestApp(inject('adminUrl'), { LOGIN_FREE_ATTEMPTS: '2', LOGIN_DELAY_BASE_MS: '60000', LOGIN_LOCKOUT_AFTER: '4', LOGIN_LOCKOUT_S: '600' });
});
afterAll(() => auth.close());

const login = (payload: object, ip = '127.0.0.1') => auth.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload, remoteAddress: ip });

describe('POST /api/v1/auth/login', () => {
  it('should return Bearer tokens whose access token carries exactly the contract claims', async () => {
    const account = await registerTenant(auth.app);

    const response = await login({ email: account.email, password: account.password });

    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 900, refresh_token: expect.stringMatching(new RegExp(`^${account.tenantId}\\.`)) });
    expect(decodeProtectedHeader(body.access_token)).toMatchObject({ alg: 'EdDSA', kid: expect.any(String) });
    const claims = decodeJwt(body.access_token);
    expect(Object.keys(claims).sort()).toEqual(['aud', 'exp', 'iat', 'iss', 'jti', 'perms', 'roles', 'sub', 'tid']);
    expect(claims).toMatchObject({ iss: 'http://127.0.0.1:8001', aud: ACCESS_TOKEN_AUDIENCE, sub: account.userId, tid: account.tenantId, roles: ['admin'] });
    expect(claims.perms).toEqual([...BUILT_IN_ROLES.admin].sort());
    expect(Number(claims.exp) - Number(claims.iat)).toBe(900);
  });

  it('should imply the tenant from the address ignoring case and audit the success', async () => {
    const account = await registerTenant(auth.app);

    const response = await login({ email: account.email.toUpperCase(), password: account.password });

    expect(response.statusCode).toBe(200);
    const entries = await auditEntries(auth, account.tenantId, 'login.succeeded');
    expect(entries).toHaveLength(1);
  });

  it('should require the tenant when the credentials match accounts in two companies, and accept it when given', async () => {
    const email = `shared-${Date.now()}@example.com`;
    const first = await registerTenant(auth.app, { email });
    await registerTenant(auth.app, { email });

    const ambiguous = await login({ email, password: PASSWORD });
    const chosen = await loginAs(auth.app, { email, password: PASSWORD, tenantId: first.tenantId });

    expect(ambiguous.statusCode).toBe(422);
    expect(ambiguous.json().code).toBe('AUTH_TENANT_REQUIRED');
    expect(decodeJwt(chosen.access_token).tid).toBe(first.tenantId);
  });

  it('should answer 401 for a wrong password and for an unknown address, and audit the failure', async () => {
    const account = await registerTenant(auth.app);

    const wrong = await login({ email: account.email, password: 'Wrong-Password-1' }, '10.0.0.1');
    const unknown = await login({ email: 'nobody@example.com', password: 'Wrong-Password-1' }, '10.0.0.1');

    expect([wrong.statusCode, unknown.statusCode]).toEqual([401, 401]);
    expect(wrong.json()).toMatchObject({ code: 'AUTH_INVALID_CREDENTIALS' });
    expect(unknown.json().detail).toBe(wrong.json().detail);
    const entries = await auditEntries(auth, account.tenantId, 'login.failed');
    expect(entries.map((entry) => entry.details)).toEqual([{ email: account.email }]);
  });

  it('should answer 429 with Retry-After once the failures exceed the free attempts, even with the right password', async () => {
    const account = await registerTenant(auth.app);
    const fail = () => login({ email: account.email, password: 'Wrong-Password-1' }, '10.0.0.2');
    // 1. Two failures are free. 2. The second one starts a 60 s delay. 3. Every attempt in the delay is refused.
    const statuses = [(await fail()).statusCode, (await fail()).statusCode];

    const blocked = await login({ email: account.email, password: account.password }, '10.0.0.2');

    expect(statuses).toEqual([401, 401]);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.headers['content-type']).toContain('application/problem+json');
    expect(blocked.json()).toMatchObject({ code: 'AUTH_LOGIN_THROTTLED', status: 429 });
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(55);
    expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(60);
  });

  it('should not let a parallel burst of guesses pass the throttle before the first failure is counted', async () => {
    const account = await registerTenant(auth.app);

    const responses = await Promise.all(Array.from({ length: 8 }, () => login({ email: account.email, password: 'Wrong-Password-1' }, '10.0.0.7')));

    const statuses = responses.map((response) => response.statusCode);
    expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(2);
    expect(statuses.filter((status) => status !== 401).every((status) => status === 429)).toBe(true);
    expect(responses.find((response) => response.statusCode === 429)?.headers['retry-after']).toBeDefined();
  });

  it('should lock the account for the lockout time after the lockout threshold', async () => {
    const account = await registerTenant(auth.app);
    for (let failure = 0; failure < 4; failure += 1) {
      // Clearing the delay between attempts isolates the lockout from the growing delay.
      await auth.db.kysely.updateTable('login_throttle').set({ blocked_until: null }).execute();
      await login({ email: account.email, password: 'Wrong-Password-1' }, '10.0.0.3');
    }

    const blocked = await login({ email: account.email, password: account.password }, '10.0.0.4');

    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(590);
  });

  it('should reset the account counter after a successful login', async () => {
    const account = await registerTenant(auth.app);
    await login({ email: account.email, password: 'Wrong-Password-1' }, '10.0.0.5');

    await loginAs(auth.app, account);

    const rows = await auth.db.kysely.selectFrom('login_throttle').selectAll().where('key', '=', `account:${account.email}`).execute();
    expect(rows).toEqual([]);
  });

  it('should count failures per forwarded client address behind the gateway, and per peer otherwise', async () => {
    const payload = { email: `proxy-${Date.now()}@example.com`, password: 'Wrong-Password-1' };

    await auth.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload, remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': '203.0.113.7' } });
    await auth.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { ...payload, email: `peer-${payload.email}` },
      remoteAddress: '192.0.2.9',
      headers: { 'x-forwarded-for': '203.0.113.8' },
    });

    const keys = (await auth.db.kysely.selectFrom('login_throttle').select('key').where('key', 'like', 'ip:%').execute()).map((row) => row.key);
    expect(keys).toEqual(expect.arrayContaining(['ip:203.0.113.7', 'ip:192.0.2.9']));
    expect(keys).not.toContain('ip:203.0.113.8');
  });

  it('should answer 401 for a tenant without that account, and 400 for a malformed tenant or an oversized password', async () => {
    const account = await registerTenant(auth.app);

    const other = await login({ email: account.email, password: account.password, tenant: '00000000-0000-4000-8000-000000000000' }, '10.0.0.6');
    const malformed = await login({ email: account.email, password: account.password, tenant: 'acme' }, '10.0.0.6');
    const oversized = await login({ email: account.email, password: 'x'.repeat(257) }, '10.0.0.6');

    expect(other.statusCode).toBe(401);
    expect([malformed.statusCode, oversized.statusCode]).toEqual([400, 400]);
    expect(malformed.json().code).toBe('KIT_VALIDATION_FAILED');
  });
});
