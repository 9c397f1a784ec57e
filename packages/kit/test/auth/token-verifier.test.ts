import { createTokenVerifier, type TokenVerifier } from '@erp/kit';
import { freePort } from '@erp/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  claims,
  createTestKey,
  ISSUER,
  type JwksServer,
  publicKeyAsSecretToken,
  sign,
  startJwksServer,
  TENANT_A,
  type TestKey,
  unsignedToken,
  withBrokenSignature,
  withPayload,
} from './token-issuer.js';

let edKey: TestKey;
let ecKey: TestKey;
let jwks: JwksServer;
let verifier: TokenVerifier;

beforeAll(async () => {
  [edKey, ecKey] = await Promise.all([createTestKey('ed-1', 'EdDSA'), createTestKey('ec-1', 'ES256')]);
  jwks = await startJwksServer([edKey, ecKey]);
  verifier = createTokenVerifier({ jwksUrl: jwks.url, issuer: ISSUER, jwksCooldownMs: 0 });
});
afterAll(async () => {
  await jwks.close();
});

/** The problem code `verify` refused `token` with. */
async function refusal(token: string, by: TokenVerifier = verifier): Promise<{ code: string; status: number }> {
  const error = (await by.verify(token).then(
    () => ({ code: 'ACCEPTED', status: 200 }),
    (thrown: unknown) => thrown,
  )) as { code: string; status: number };
  return { code: error.code, status: error.status };
}

const unauthenticated = { code: 'KIT_UNAUTHENTICATED', status: 401 };
const seconds = () => Math.floor(Date.now() / 1000);

describe('createTokenVerifier', () => {
  it.each(['EdDSA', 'ES256'] as const)('should return the principal of a valid %s token', async (alg) => {
    const token = await sign(alg === 'EdDSA' ? edKey : ecKey, claims({ sub: 'user-7', roles: ['sales'], perms: ['core.orders:read'], jti: 'token-7' }));

    const principal = await verifier.verify(token);

    expect(principal).toMatchObject({ userId: 'user-7', tenantId: TENANT_A, roles: ['sales'], permissions: ['core.orders:read'], tokenId: 'token-7' });
    expect(principal.expiresAt.getTime()).toBeGreaterThan(Date.now());
  });

  it('should refuse an expired token', async () => {
    const token = await sign(edKey, claims({ iat: seconds() - 600, exp: seconds() - 60 }));

    expect(await refusal(token)).toEqual(unauthenticated);
  });

  it('should refuse a token that is not yet valid', async () => {
    const token = await sign(edKey, claims({ nbf: seconds() + 120 }));

    expect(await refusal(token)).toEqual(unauthenticated);
  });

  it('should refuse a token whose payload was changed after signing', async () => {
    const token = await sign(edKey);

    const tampered = withPayload(token, claims({ perms: ['auth.users:manage'] }));

    expect(await refusal(tampered)).toEqual(unauthenticated);
  });

  it('should refuse a token whose signature was changed', async () => {
    const token = await sign(ecKey);

    expect(await refusal(withBrokenSignature(token))).toEqual(unauthenticated);
  });

  it('should refuse an unsigned token with alg none', async () => {
    expect(await refusal(unsignedToken(edKey.kid))).toEqual(unauthenticated);
  });

  it('should refuse an HS256 token keyed with the public key (algorithm confusion)', async () => {
    expect(await refusal(await publicKeyAsSecretToken(edKey))).toEqual(unauthenticated);
  });

  it.each([
    ['issuer', { iss: 'http://evil.test' }],
    ['audience', { aud: 'another-system' }],
  ])('should refuse a token of another %s', async (_case, overrides) => {
    const token = await sign(edKey, claims(overrides));

    expect(await refusal(token)).toEqual(unauthenticated);
  });

  it.each(['sub', 'tid', 'roles', 'perms', 'jti', 'exp', 'iat'])('should refuse a token without the %s claim', async (claim) => {
    const token = await sign(edKey, claims({ [claim]: undefined }));

    expect(await refusal(token)).toEqual(unauthenticated);
  });

  it('should refuse a token whose tenant is not a uuid', async () => {
    const token = await sign(edKey, claims({ tid: 'tenant-a' }));

    expect(await refusal(token)).toEqual(unauthenticated);
  });

  it('should refuse a token with a key id the JWKS does not have, after fetching the JWKS again', async () => {
    const stranger = await createTestKey('unknown-1');
    const token = await sign(stranger);
    await verifier.verify(await sign(edKey));
    const fetchesBefore = jwks.fetches;

    const result = await refusal(token);

    expect(result).toEqual(unauthenticated);
    expect(jwks.fetches).toBe(fetchesBefore + 1);
  });

  it('should accept a token signed with a key published after the JWKS was cached (key rotation)', async () => {
    const rotated = await createTestKey('ed-2');
    await verifier.verify(await sign(edKey));

    jwks.publish(rotated);
    const principal = await verifier.verify(await sign(rotated));

    expect(principal.tenantId).toBe(TENANT_A);
  });

  it('should not fetch the JWKS again for unknown key ids within the cooldown', async () => {
    const cooled = createTokenVerifier({ jwksUrl: jwks.url, issuer: ISSUER, jwksCooldownMs: 60_000 });
    await cooled.verify(await sign(edKey));
    const fetchesBefore = jwks.fetches;

    const results = [await refusal(await sign(await createTestKey('x-1')), cooled), await refusal(await sign(await createTestKey('x-2')), cooled)];

    expect(results).toEqual([unauthenticated, unauthenticated]);
    expect(jwks.fetches).toBe(fetchesBefore);
  });

  it('should answer 503 when the JWKS cannot be fetched', async () => {
    const cutOff = createTokenVerifier({ jwksUrl: `http://127.0.0.1:${await freePort()}/.well-known/jwks.json`, issuer: ISSUER });

    expect(await refusal(await sign(edKey), cutOff)).toEqual({ code: 'KIT_SERVICE_UNAVAILABLE', status: 503 });
  });

  it('should refuse garbage without fetching the JWKS', async () => {
    const fetchesBefore = jwks.fetches;

    const results = await Promise.all(['', 'abc', 'a.b.c', '..', `${'x'.repeat(40)}.${'y'.repeat(40)}.`].map((token) => refusal(token)));

    expect(results.every((result) => result.code === 'KIT_UNAUTHENTICATED')).toBe(true);
    expect(jwks.fetches).toBe(fetchesBefore);
  });

  it('should answer a repeated token from memory with the same frozen principal', async () => {
    const token = await sign(edKey);

    const [first, second] = [await verifier.verify(token), await verifier.verify(token)];

    expect(second).toBe(first);
    expect(Object.isFrozen(first) && Object.isFrozen(first.permissions)).toBe(true);
  });

  it('should refuse a remembered token once it has expired', async () => {
    let clock = new Date();
    const remembering = createTokenVerifier({ jwksUrl: jwks.url, issuer: ISSUER, clockToleranceS: 0, now: () => clock });
    const issuedS = Math.floor(clock.getTime() / 1000);
    const token = await sign(edKey, claims({ iat: issuedS, exp: issuedS + 30 }));
    await remembering.verify(token);

    clock = new Date((issuedS + 31) * 1000);

    expect(await refusal(token, remembering)).toEqual(unauthenticated);
  });

  it('should verify against a fixed key set when given one instead of a URL', async () => {
    const local = createTokenVerifier({ jwks: { keys: [edKey.publicJwk] }, issuer: ISSUER });

    expect((await local.verify(await sign(edKey))).userId).toBe('user-1');
    expect(await refusal(await sign(ecKey), local)).toEqual(unauthenticated);
  });
});
