import { withTenant } from '@erp/kit';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { auditEntries, bearer, buildTestApp, loginAs, registerTenant, type TestAuth } from '../helpers.js';

let auth: TestAuth;
beforeAll(async () => {
  auth = await buildTestApp(inject('adminUrl'));
});
afterAll(() => auth.close());

const refresh = (refreshToken: string) => auth.app.inject({ method: 'POST', url: '/api/v1/auth/token/refresh', payload: { refresh_token: refreshToken } });
const logout = (refreshToken: string) => auth.app.inject({ method: 'POST', url: '/api/v1/auth/logout', payload: { refresh_token: refreshToken } });

describe('POST /api/v1/auth/token/refresh', () => {
  it('should return new tokens and a new refresh token, storing only hashes', async () => {
    const account = await registerTenant(auth.app);
    const first = await loginAs(auth.app, account);

    const response = await refresh(first.refresh_token);

    expect(response.statusCode).toBe(200);
    const second = response.json();
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(decodeJwt(second.access_token)).toMatchObject({ sub: account.userId, tid: account.tenantId });
    const stored = await withTenant(auth.db.kysely, account.tenantId, (trx) => trx.selectFrom('refresh_token').select('token_hash').execute());
    expect(stored.map((row) => row.token_hash)).not.toContain(first.refresh_token);
    expect(stored).toHaveLength(2);
  });

  it('should revoke the whole family and audit it when a spent refresh token is used again', async () => {
    const account = await registerTenant(auth.app);
    const first = await loginAs(auth.app, account);
    const second = (await refresh(first.refresh_token)).json();

    // 1. The stolen first token is replayed. 2. The legitimate holder's current token is now dead as well.
    const replay = await refresh(first.refresh_token);
    const legitimate = await refresh(second.refresh_token);

    expect(replay.statusCode).toBe(401);
    expect(replay.json().code).toBe('AUTH_REFRESH_REUSED');
    expect(legitimate.statusCode).toBe(401);
    const entries = await auditEntries(auth, account.tenantId, 'token.reuse_detected');
    expect(entries).toHaveLength(1);
  });

  it('should keep other logins of the same user alive when one family is revoked', async () => {
    const account = await registerTenant(auth.app);
    const laptop = await loginAs(auth.app, account);
    const phone = await loginAs(auth.app, account);
    await refresh(laptop.refresh_token);

    await refresh(laptop.refresh_token);

    expect((await refresh(phone.refresh_token)).statusCode).toBe(200);
  });

  it('should answer 401 for an unknown, a forged-tenant or an expired refresh token', async () => {
    const account = await registerTenant(auth.app);
    const tokens = await loginAs(auth.app, account);
    const [, secret] = tokens.refresh_token.split('.');
    await withTenant(auth.db.kysely, account.tenantId, (trx) =>
      trx
        .updateTable('refresh_token')
        .set({ expires_at: new Date(Date.now() - 1000) })
        .execute(),
    );

    const statuses = await Promise.all(
      [`${account.tenantId}.${'A'.repeat(43)}`, `00000000-0000-4000-8000-000000000000.${secret}`, tokens.refresh_token, 'garbage'].map(
        async (token) => (await refresh(token)).statusCode,
      ),
    );

    expect(statuses).toEqual([401, 401, 401, 401]);
  });

  it('should answer 400 for an oversized or missing refresh token', async () => {
    const oversized = await refresh('x'.repeat(201));
    const missing = await auth.app.inject({ method: 'POST', url: '/api/v1/auth/token/refresh', payload: {} });

    expect([oversized.statusCode, missing.statusCode]).toEqual([400, 400]);
    expect(missing.json().code).toBe('KIT_VALIDATION_FAILED');
  });

  it('should refuse to refresh for a user who was disabled meanwhile', async () => {
    const admin = await registerTenant(auth.app);
    const adminTokens = await loginAs(auth.app, admin);
    const created = await auth.app.inject({
      method: 'POST',
      url: '/api/v1/auth/users',
      headers: bearer(adminTokens.access_token),
      payload: { email: `leaver-${Date.now()}@example.com`, password: 'Correct-Horse-Battery-9', roles: ['viewer'] },
    });
    const leaver = created.json();
    const leaverTokens = await loginAs(auth.app, { email: leaver.email, password: 'Correct-Horse-Battery-9' });

    await auth.app.inject({ method: 'POST', url: `/api/v1/auth/users/${leaver.id}/disable`, headers: bearer(adminTokens.access_token) });

    expect((await refresh(leaverTokens.refresh_token)).statusCode).toBe(401);
  });
});

describe('POST /api/v1/auth/logout', () => {
  it('should revoke the family so that neither the current nor an earlier refresh token works', async () => {
    const account = await registerTenant(auth.app);
    const tokens = await loginAs(auth.app, account);
    const rotated = (await refresh(tokens.refresh_token)).json();

    const response = await logout(rotated.refresh_token);

    expect(response.statusCode).toBe(204);
    expect((await refresh(rotated.refresh_token)).json().code).toBe('AUTH_REFRESH_INVALID');
    expect((await refresh(tokens.refresh_token)).statusCode).toBe(401);
    const entries = await auditEntries(auth, account.tenantId, 'logout');
    expect(entries).toHaveLength(1);
  });

  it('should answer 204 for an unknown token, so logging out twice is harmless', async () => {
    const response = await logout('not-a-token');

    expect(response.statusCode).toBe(204);
  });
});
