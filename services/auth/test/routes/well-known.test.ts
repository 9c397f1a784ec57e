import { createLocalJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Account, bearer, buildTestApp, createUserAs, loginAs, registerTenant, type TestAuth } from '../helpers.js';

const OPERATOR = `operator-${Date.now()}@example.com`;
let operatorAccount: Account | undefined;

/** The operator's company, registered once (an e-mail address is unique per company, not per installation). */
async function registerOperator(): Promise<Account> {
  operatorAccount ??= await registerTenant(auth.app, { email: OPERATOR });
  return operatorAccount;
}

let auth: TestAuth;
beforeAll(async () => {
  auth = await buildTestApp(inject('adminUrl'), {
    AUTH_ISSUER: 'https://auth.example.test/',
    AUTH_OPERATORS: ` ${OPERATOR.toUpperCase()} , other@example.com`,
  });
});
afterAll(() => auth.close());

const jwks = async () => (await auth.app.inject({ method: 'GET', url: '/.well-known/jwks.json' })).json() as { keys: Array<Record<string, string>> };

describe('GET /.well-known/jwks.json and /.well-known/openid-configuration', () => {
  it('should publish the public key with kid, alg and use, and never a private part', async () => {
    const { keys } = await jwks();

    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig', kid: expect.any(String) });
    expect(keys[0]).not.toHaveProperty('d');
  });

  it('should let a verifier check issued tokens with the published keys alone', async () => {
    const token = (await loginAs(auth.app, await registerTenant(auth.app))).access_token;

    const { payload } = await jwtVerify(token, createLocalJWKSet((await jwks()) as never), { issuer: 'https://auth.example.test', audience: 'erp' });

    expect(payload.iss).toBe('https://auth.example.test');
  });

  it('should describe the issuer, the JWKS and the token endpoint', async () => {
    const response = await auth.app.inject({ method: 'GET', url: '/.well-known/openid-configuration' });

    expect(response.json()).toMatchObject({
      issuer: 'https://auth.example.test',
      jwks_uri: 'https://auth.example.test/.well-known/jwks.json',
      token_endpoint: 'https://auth.example.test/api/v1/auth/oauth/token',
      grant_types_supported: ['client_credentials', 'urn:erp:params:oauth:grant-type:api-key'],
      id_token_signing_alg_values_supported: ['EdDSA'],
    });
  });
});

describe('POST /api/v1/auth/keys/rotate', () => {
  it('should make a new current key while tokens of the old one still verify', async () => {
    const admin = await registerOperator();
    const oldToken = (await loginAs(auth.app, admin)).access_token;
    const before = await jwks();

    const response = await auth.app.inject({ method: 'POST', url: '/api/v1/auth/keys/rotate', headers: bearer(oldToken) });

    expect(response.statusCode).toBe(201);
    const after = await jwks();
    expect(after.keys.map((key) => key.kid)).toEqual(expect.arrayContaining([...before.keys.map((key) => key.kid), response.json().kid]));
    const newToken = (await loginAs(auth.app, admin)).access_token;
    expect(JSON.parse(Buffer.from(newToken.split('.')[0] ?? '', 'base64url').toString()).kid).toBe(response.json().kid);
    expect((await auth.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer(oldToken) })).statusCode).toBe(200);
  });

  it('should stop publishing a retired key once its tokens have expired', async () => {
    const admin = await registerOperator();
    const token = (await loginAs(auth.app, admin)).access_token;
    await auth.app.inject({ method: 'POST', url: '/api/v1/auth/keys/rotate', headers: bearer(token) });

    await auth.db.kysely
      .updateTable('signing_key')
      .set({ retires_at: new Date(Date.now() - 1000) })
      .where('retires_at', 'is not', null)
      .execute();

    expect((await jwks()).keys).toHaveLength(1);
    expect((await auth.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer(token) })).statusCode).toBe(401);
  });

  it("should refuse another company's admin and a non-admin of the operator's company with 403, and an anonymous caller with 401", async () => {
    const otherAdminToken = (await loginAs(auth.app, await registerTenant(auth.app))).access_token;
    const viewer = await createUserAs(auth.app, (await loginAs(auth.app, await registerOperator())).access_token, ['viewer']);
    const viewerToken = (await loginAs(auth.app, viewer)).access_token;
    const keysBefore = (await jwks()).keys.length;

    const otherAdmin = await auth.app.inject({ method: 'POST', url: '/api/v1/auth/keys/rotate', headers: bearer(otherAdminToken) });
    const operatorsViewer = await auth.app.inject({ method: 'POST', url: '/api/v1/auth/keys/rotate', headers: bearer(viewerToken) });
    const anonymous = await auth.app.inject({ method: 'POST', url: '/api/v1/auth/keys/rotate' });

    expect([otherAdmin.statusCode, operatorsViewer.statusCode]).toEqual([403, 403]);
    expect([otherAdmin.json().code, operatorsViewer.json().code]).toEqual(['AUTH_OPERATOR_REQUIRED', 'AUTH_OPERATOR_REQUIRED']);
    expect(anonymous.statusCode).toBe(401);
    expect((await jwks()).keys).toHaveLength(keysBefore);
  });
});
