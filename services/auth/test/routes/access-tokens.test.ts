import { ACCESS_TOKEN_AUDIENCE } from '@erp/contracts';
import { decodeJwt, decodeProtectedHeader, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { issueAccessToken } from '../../src/keys/access-tokens.js';
import { createKeyCipher } from '../../src/keys/key-encryption.js';
import { createKeyStore } from '../../src/keys/key-store.js';
import { type Account, bearer, buildTestApp, loginAs, registerTenant, type TestAuth } from '../helpers.js';

let auth: TestAuth;
let account: Account;
let accessToken: string;
beforeAll(async () => {
  auth = await buildTestApp(inject('adminUrl'));
  account = await registerTenant(auth.app);
  accessToken = (await loginAs(auth.app, account)).access_token;
});
afterAll(() => auth.close());

const me = (headers: Record<string, string>) => auth.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers });
const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const subject = () => ({ userId: account.userId, tenantId: account.tenantId, roles: ['admin'], permissions: ['auth.users:read'] });

describe('access token verification (GET /api/v1/auth/me)', () => {
  it('should accept a token it issued', async () => {
    const response = await me(bearer(accessToken));

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ id: account.userId, tenant_id: account.tenantId, email: account.email, roles: ['admin'] });
  });

  it('should answer 401 AUTH_TOKEN_MISSING without an Authorization header', async () => {
    const response = await me({});

    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ code: 'AUTH_TOKEN_MISSING' });
  });

  it('should refuse an expired token', async () => {
    const keys = createKeyStore(auth.db.kysely, createKeyCipher('test-secret-of-sufficient-length'));
    const expired = await issueAccessToken(keys, { issuer: 'http://127.0.0.1:8001', ttlS: 900 }, subject(), new Date(Date.now() - 3_600_000));

    const response = await me(bearer(expired));

    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ code: 'AUTH_TOKEN_INVALID' });
  });

  it('should refuse a token whose payload was changed after signing', async () => {
    const [header, payload, signature] = accessToken.split('.');
    const forged = base64url({ ...decodeJwt(accessToken), tid: '00000000-0000-4000-8000-000000000000' });

    const response = await me(bearer(`${header}.${forged}.${signature}`));

    expect(payload).not.toBe(forged);
    expect(response.statusCode).toBe(401);
  });

  it('should refuse an unsigned token with alg none', async () => {
    const header = base64url({ alg: 'none', typ: 'JWT', kid: decodeProtectedHeader(accessToken).kid });

    const response = await me(bearer(`${header}.${accessToken.split('.')[1]}.`));

    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ code: 'AUTH_TOKEN_INVALID' });
  });

  it('should refuse a well-formed token signed by a key with an unknown kid', async () => {
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const foreign = await new SignJWT({ tid: account.tenantId, roles: ['admin'], perms: ['auth.users:read'] })
      .setProtectedHeader({ alg: 'EdDSA', kid: 'not-one-of-ours' })
      .setIssuer('http://127.0.0.1:8001')
      .setAudience(ACCESS_TOKEN_AUDIENCE)
      .setSubject(account.userId)
      .setJti('j1')
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(privateKey);

    const response = await me(bearer(foreign));

    expect(response.statusCode).toBe(401);
  });

  it('should refuse a token of our key with another issuer or audience', async () => {
    const keys = createKeyStore(auth.db.kysely, createKeyCipher('test-secret-of-sufficient-length'));
    const otherIssuer = await issueAccessToken(keys, { issuer: 'https://evil.example', ttlS: 900 }, subject());

    const response = await me(bearer(otherIssuer));

    expect(response.statusCode).toBe(401);
  });

  it.each([['Basic dXNlcjpwYXNz'], ['Bearer'], ['Bearer not-a-jwt'], [`Bearer ${'a'.repeat(5000)}.b.c`]])(
    'should answer 401 for the malformed header %#',
    async (authorization) => {
      const response = await me({ authorization });

      expect(response.statusCode).toBe(401);
      expect(response.headers['content-type']).toContain('application/problem+json');
    },
  );
});
