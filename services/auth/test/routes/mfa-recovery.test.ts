import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { auditEntries, bearer, buildTestApp, createUserAs, loginAs, registerTenant, type TestAuth } from '../helpers.js';
import { codeAt, enableMfa, passwordStep } from '../mfa-helpers.js';

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

const call = (method: 'POST' | 'DELETE', url: string, token: string, payload?: object) =>
  auth.app.inject({ method, url: `/api/v1/auth${url}`, headers: bearer(token), ...(payload ? { payload } : {}) });

async function enrolledUser(roles: string[]) {
  const user = await createUserAs(auth.app, adminToken, roles);
  const token = (await loginAs(auth.app, user)).access_token;
  return { user, token, ...(await enableMfa(auth.app, token)) };
}

describe('POST /api/v1/auth/mfa/recovery-codes', () => {
  it('should replace every recovery code after a current code, so the old ones stop working', async () => {
    const { user, token, secret, recoveryCodes } = await enrolledUser(['viewer']);

    const response = await call('POST', '/mfa/recovery-codes', token, { code: codeAt(secret, 1) });

    expect(response.statusCode).toBe(200);
    const fresh: string[] = response.json().recovery_codes;
    expect(fresh).toHaveLength(10);
    expect(fresh).not.toEqual(expect.arrayContaining([recoveryCodes[0]]));
    const old = await auth.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login/mfa',
      payload: { mfa_token: await passwordStep(auth.app, user), code: recoveryCodes[0] },
    });
    expect(old.statusCode).toBe(403);
  });

  it('should answer 403 for a wrong code and keep the old recovery codes', async () => {
    const { user, token, recoveryCodes } = await enrolledUser(['viewer']);

    const response = await call('POST', '/mfa/recovery-codes', token, { code: 'zzzz-zzzz-zzzz-zzzz' });

    expect(response.json().code).toBe('AUTH_MFA_CODE_INVALID');
    const login = await auth.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login/mfa',
      payload: { mfa_token: await passwordStep(auth.app, user), code: recoveryCodes[0] },
    });
    expect(login.statusCode).toBe(200);
  });
});

describe('DELETE /api/v1/auth/users/:id/mfa', () => {
  it('should let an administrator remove the authenticator of a user, who then logs in with the password alone', async () => {
    const { user } = await enrolledUser(['viewer']);

    const response = await call('DELETE', `/users/${user.id}/mfa`, adminToken);

    expect(response.statusCode).toBe(204);
    expect((await loginAs(auth.app, user)).access_token).toEqual(expect.any(String));
    expect(await auditEntries(auth, tenantId, 'mfa.reset')).toContainEqual(expect.objectContaining({ details: { user_id: user.id } }));
  });

  it('should end a login waiting for the second factor of that user with 401', async () => {
    const { user, secret } = await enrolledUser(['viewer']);
    const mfaToken = await passwordStep(auth.app, user);
    await call('DELETE', `/users/${user.id}/mfa`, adminToken);

    const response = await auth.app.inject({ method: 'POST', url: '/api/v1/auth/login/mfa', payload: { mfa_token: mfaToken, code: codeAt(secret, 1) } });

    expect(response.statusCode).toBe(401);
    expect(response.json().code).toBe('AUTH_MFA_CHALLENGE_INVALID');
  });

  it('should answer 409 for the caller itself', async () => {
    const { user, token } = await enrolledUser(['admin']);

    const response = await call('DELETE', `/users/${user.id}/mfa`, token);

    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('AUTH_SELF_LOCKOUT');
  });

  it('should answer 403 when the target holds permissions the caller lacks', async () => {
    await call('POST', '/roles', adminToken, { name: 'mfa-helpdesk', permissions: ['auth.users:manage', 'auth.users:read'] });
    const helpdesk = await createUserAs(auth.app, adminToken, ['mfa-helpdesk']);
    const { user: accountant } = await enrolledUser(['accountant']);

    const response = await call('DELETE', `/users/${accountant.id}/mfa`, (await loginAs(auth.app, helpdesk)).access_token);

    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe('AUTH_PERMISSION_DENIED');
  });

  it('should answer 404 for a user of another tenant and 400 for an id that is not a UUID', async () => {
    const other = await registerTenant(auth.app);

    const foreign = await call('DELETE', `/users/${other.userId}/mfa`, adminToken);
    const malformed = await call('DELETE', '/users/42/mfa', adminToken);

    expect([foreign.statusCode, foreign.json().code]).toEqual([404, 'AUTH_USER_NOT_FOUND']);
    expect(malformed.statusCode).toBe(400);
  });
});
