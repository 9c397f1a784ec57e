import { withTenant } from '@erp/kit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { toCredentialTransaction } from '../../src/db/credential-schema.js';
import { auditEntries, bearer, buildTestApp, loginAs, registerTenant, type TestAuth } from '../helpers.js';
import { codeAt, enableMfa } from '../mfa-helpers.js';

let auth: TestAuth;
beforeAll(async () => {
  auth = await buildTestApp(inject('adminUrl'));
});
afterAll(() => auth.close());

async function newUser() {
  const account = await registerTenant(auth.app);
  return { account, token: (await loginAs(auth.app, account)).access_token };
}

const post = (url: string, token: string, payload?: object) =>
  auth.app.inject({ method: 'POST', url: `/api/v1/auth${url}`, headers: bearer(token), ...(payload ? { payload } : {}) });

async function storedMfa(tenantId: string, userId: string) {
  return withTenant(auth.db.kysely, tenantId, async (trx) => ({
    mfa: await toCredentialTransaction(trx).selectFrom('user_mfa').selectAll().where('user_id', '=', userId).executeTakeFirst(),
    codes: await toCredentialTransaction(trx).selectFrom('mfa_recovery_code').selectAll().where('user_id', '=', userId).execute(),
  }));
}

describe('POST /api/v1/auth/mfa/totp', () => {
  it('should answer a base32 secret with its otpauth URI and keep the enrolment pending', async () => {
    const { account, token } = await newUser();

    const response = await post('/mfa/totp', token);

    expect(response.statusCode).toBe(201);
    const { secret, otpauth_uri: uri } = response.json();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(uri).toContain(`secret=${secret}`);
    expect(uri).toContain(encodeURIComponent(account.email));
    const status = await auth.app.inject({ method: 'GET', url: '/api/v1/auth/mfa', headers: bearer(token) });
    expect(status.json()).toEqual({ totp: 'pending', recovery_codes_left: 0 });
  });

  it('should store the secret only sealed', async () => {
    const { account, token } = await newUser();

    const { secret } = (await post('/mfa/totp', token)).json();

    const { mfa } = await storedMfa(account.tenantId, account.userId);
    expect(mfa?.secret_sealed).toMatch(/^v1\./);
    expect(mfa?.secret_sealed).not.toContain(secret);
  });

  it('should answer 409 when an authenticator is already enabled', async () => {
    const { token } = await newUser();
    await enableMfa(auth.app, token);

    const response = await post('/mfa/totp', token);

    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('AUTH_MFA_ALREADY_ENABLED');
  });

  it('should answer 401 without an access token', async () => {
    const response = await auth.app.inject({ method: 'POST', url: '/api/v1/auth/mfa/totp' });

    expect(response.statusCode).toBe(401);
  });
});

describe('POST /api/v1/auth/mfa/totp/confirm', () => {
  it('should enable TOTP, answer ten distinct recovery codes once and store only their hashes', async () => {
    const { account, token } = await newUser();

    const { recoveryCodes } = await enableMfa(auth.app, token);

    expect(new Set(recoveryCodes).size).toBe(10);
    expect(recoveryCodes.every((code) => /^[a-z2-7]{4}(-[a-z2-7]{4}){3}$/.test(code))).toBe(true);
    const { mfa, codes } = await storedMfa(account.tenantId, account.userId);
    expect(mfa?.confirmed_at).toBeInstanceOf(Date);
    expect(codes).toHaveLength(10);
    expect(codes.map((row) => row.code_hash)).not.toEqual(expect.arrayContaining([recoveryCodes[0]]));
    expect(await auditEntries(auth, account.tenantId, 'mfa.enabled')).toHaveLength(1);
  });

  it('should answer 403 for a wrong code, audit it and stay pending', async () => {
    const { account, token } = await newUser();
    const { secret } = (await post('/mfa/totp', token)).json();

    const response = await post('/mfa/totp/confirm', token, { code: codeAt(secret, 5) });

    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe('AUTH_MFA_CODE_INVALID');
    expect(await auditEntries(auth, account.tenantId, 'mfa.code_failed')).toHaveLength(1);
    expect((await storedMfa(account.tenantId, account.userId)).mfa?.confirmed_at).toBeNull();
  });

  it('should answer 409 when there is no pending enrolment', async () => {
    const { token } = await newUser();

    const response = await post('/mfa/totp/confirm', token, { code: '123456' });

    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('AUTH_MFA_NOT_ENROLLED');
  });

  it('should answer 400 problems for a missing, too short, too long or non-string code', async () => {
    const { token } = await newUser();

    const responses = await Promise.all(
      [{}, { code: '12' }, { code: 'x'.repeat(33) }, { code: { digits: '123456' } }].map((payload) => post('/mfa/totp/confirm', token, payload)),
    );

    expect(responses.map((response) => [response.statusCode, response.json().code])).toEqual([
      [400, 'KIT_VALIDATION_FAILED'],
      [400, 'KIT_VALIDATION_FAILED'],
      [400, 'KIT_VALIDATION_FAILED'],
      [400, 'KIT_VALIDATION_FAILED'],
    ]);
  });
});

describe('POST /api/v1/auth/mfa/totp/disable', () => {
  it('should remove the authenticator with a current code and audit it', async () => {
    const { account, token } = await newUser();
    const { secret } = await enableMfa(auth.app, token);

    const response = await post('/mfa/totp/disable', token, { code: codeAt(secret, 1) });

    expect(response.statusCode).toBe(204);
    expect(await storedMfa(account.tenantId, account.userId)).toEqual({ mfa: undefined, codes: [] });
    expect(await auditEntries(auth, account.tenantId, 'mfa.disabled')).toEqual([expect.objectContaining({ details: { proof: 'totp' } })]);
  });

  it('should accept a recovery code typed in capitals', async () => {
    const { token } = await newUser();
    const { recoveryCodes } = await enableMfa(auth.app, token);

    const response = await post('/mfa/totp/disable', token, { code: (recoveryCodes[3] ?? '').toUpperCase() });

    expect(response.statusCode).toBe(204);
  });

  it('should refuse the code that confirmed the enrolment, since it was already used', async () => {
    const { token } = await newUser();
    const enrolment = (await post('/mfa/totp', token)).json();
    const code = codeAt(enrolment.secret);
    await post('/mfa/totp/confirm', token, { code });

    const response = await post('/mfa/totp/disable', token, { code });

    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe('AUTH_MFA_CODE_INVALID');
  });

  it('should answer 409 when no authenticator is enabled', async () => {
    const { token } = await newUser();

    const response = await post('/mfa/totp/disable', token, { code: '123456' });

    expect(response.json().code).toBe('AUTH_MFA_NOT_ENROLLED');
  });
});
