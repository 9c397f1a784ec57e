import { withTenant } from '@erp/kit';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { toCredentialTransaction } from '../../src/db/credential-schema.js';
import { auditEntries, bearer, buildTestApp, loginAs, registerTenant, type TestAuth } from '../helpers.js';
import { codeAt, enableMfa, passwordStep } from '../mfa-helpers.js';

let auth: TestAuth;
beforeAll(async () => {
  // Two free failures, then a minute's delay: the third wrong guess in a row is throttled.
  auth = await buildTestApp(inject('adminUrl'), { LOGIN_FREE_ATTEMPTS: '2', LOGIN_DELAY_BASE_MS: '60000' });
});
afterAll(() => auth.close());

let addressSequence = 0;
// Each test its own client address, so the per-address counter of one test never throttles another.
const nextAddress = () => `10.9.0.${++addressSequence}`;

async function enrolledUser() {
  const account = await registerTenant(auth.app);
  const enrolled = await enableMfa(auth.app, (await loginAs(auth.app, account)).access_token);
  return { account, ...enrolled };
}

const secondStep = (payload: object, remoteAddress = '127.0.0.1') => auth.app.inject({ method: 'POST', url: '/api/v1/auth/login/mfa', payload, remoteAddress });

describe('POST /api/v1/auth/login with an authenticator', () => {
  it('should answer an mfa challenge instead of tokens after the right password', async () => {
    const { account } = await enrolledUser();

    const response = await auth.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: account.email, password: account.password } });

    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.json()).toEqual({ mfa_required: true, mfa_token: expect.stringMatching(new RegExp(`^${account.tenantId}\\.`)), mfa_token_expires_in: 300 });
    expect(await auditEntries(auth, account.tenantId, 'login.mfa_challenged')).toHaveLength(1);
  });

  it('should still answer 401 for a wrong password, without a challenge', async () => {
    const { account } = await enrolledUser();

    const response = await auth.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: account.email, password: 'Wrong-Password-1' } });

    expect(response.statusCode).toBe(401);
    expect(response.json().code).toBe('AUTH_INVALID_CREDENTIALS');
  });
});

describe('POST /api/v1/auth/login/mfa', () => {
  it('should answer the tokens of the user for the challenge and a current code, and audit the second factor', async () => {
    const { account, secret } = await enrolledUser();
    const mfaToken = await passwordStep(auth.app, account);

    const response = await secondStep({ mfa_token: mfaToken, code: codeAt(secret, 1) });

    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(decodeJwt(body.access_token)).toMatchObject({ sub: account.userId, tid: account.tenantId, roles: ['admin'] });
    expect(body.refresh_token).toMatch(new RegExp(`^${account.tenantId}\\.`));
    const me = await auth.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer(body.access_token) });
    expect(me.statusCode).toBe(200);
    expect(await auditEntries(auth, account.tenantId, 'login.succeeded')).toContainEqual(expect.objectContaining({ details: { second_factor: 'totp' } }));
  });

  it('should refuse a replayed code with 403 even on a fresh challenge', async () => {
    const { account, secret } = await enrolledUser();
    const code = codeAt(secret, 1);
    await secondStep({ mfa_token: await passwordStep(auth.app, account), code });

    const replay = await secondStep({ mfa_token: await passwordStep(auth.app, account), code });

    expect(replay.statusCode).toBe(403);
    expect(replay.json().code).toBe('AUTH_MFA_CODE_INVALID');
  });

  it('should refuse a challenge a second time once it was spent', async () => {
    const { account, recoveryCodes } = await enrolledUser();
    const mfaToken = await passwordStep(auth.app, account);
    await secondStep({ mfa_token: mfaToken, code: recoveryCodes[0] });

    const again = await secondStep({ mfa_token: mfaToken, code: recoveryCodes[1] });

    expect(again.statusCode).toBe(401);
    expect(again.json().code).toBe('AUTH_MFA_CHALLENGE_INVALID');
  });

  it('should accept each recovery code once', async () => {
    const { account, recoveryCodes } = await enrolledUser();

    const first = await secondStep({ mfa_token: await passwordStep(auth.app, account), code: recoveryCodes[2] });
    const second = await secondStep({ mfa_token: await passwordStep(auth.app, account), code: recoveryCodes[2] });

    expect(first.statusCode).toBe(200);
    expect(second.statusCode).toBe(403);
    const status = await auth.app.inject({ method: 'GET', url: '/api/v1/auth/mfa', headers: bearer(first.json().access_token) });
    expect(status.json()).toEqual({ totp: 'enabled', recovery_codes_left: 9 });
  });

  it('should count wrong codes in the login throttle and answer 429 with Retry-After once the account is blocked', async () => {
    const { account, secret } = await enrolledUser();
    const address = nextAddress();
    const mfaToken = await passwordStep(auth.app, account, address);

    const wrong = [
      await secondStep({ mfa_token: mfaToken, code: '000000' }, address),
      await secondStep({ mfa_token: mfaToken, code: 'aaaa-bbbb-cccc-dddd' }, address),
    ];
    const blocked = await secondStep({ mfa_token: mfaToken, code: codeAt(secret, 1) }, address);
    const passwordAgain = await auth.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: account.email, password: account.password },
      remoteAddress: address,
    });

    expect(wrong.map((response) => response.statusCode)).toEqual([403, 403]);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.headers['retry-after']).toBeDefined();
    expect(passwordAgain.statusCode).toBe(429);
    expect(await auditEntries(auth, account.tenantId, 'mfa.code_failed')).toHaveLength(2);
  });

  it('should answer 401 for an expired challenge', async () => {
    const { account, secret } = await enrolledUser();
    const mfaToken = await passwordStep(auth.app, account);
    await withTenant(auth.db.kysely, account.tenantId, (trx) =>
      toCredentialTransaction(trx)
        .updateTable('mfa_challenge')
        .set({ expires_at: new Date(Date.now() - 1000) })
        .where('user_id', '=', account.userId)
        .execute(),
    );

    const response = await secondStep({ mfa_token: mfaToken, code: codeAt(secret, 1) });

    expect(response.statusCode).toBe(401);
    expect(response.json().code).toBe('AUTH_MFA_CHALLENGE_INVALID');
  });

  it('should answer 401 for an unknown, malformed or foreign-tenant challenge token', async () => {
    const { account, secret } = await enrolledUser();
    const other = await registerTenant(auth.app);
    const [, random] = (await passwordStep(auth.app, account)).split('.');
    const tokens = ['not-a-token', `${account.tenantId}.${'A'.repeat(43)}`, `${other.tenantId}.${random}`];

    const responses = await Promise.all(tokens.map((mfaToken) => secondStep({ mfa_token: mfaToken, code: codeAt(secret, 1) })));

    expect(responses.map((response) => response.json().code)).toEqual(Array(3).fill('AUTH_MFA_CHALLENGE_INVALID'));
  });

  it('should answer 400 problems for a missing code, an oversized token or a body that is not an object', async () => {
    const payloads = [{ mfa_token: 'x' }, { mfa_token: 'x'.repeat(201), code: '123456' }, ['123456']];

    const responses = await Promise.all(payloads.map((payload) => secondStep(payload as object)));

    expect(responses.map((response) => response.statusCode)).toEqual([400, 400, 400]);
    expect(responses.every((response) => String(response.headers['content-type']).startsWith('application/problem+json'))).toBe(true);
  });
});
