import { randomUUID } from 'node:crypto';
import { ACCESS_TOKEN_AUDIENCE, AccessTokenClaims } from '@erp/contracts';
import { decodeProtectedHeader, jwtVerify, SignJWT } from 'jose';
import { Value } from 'typebox/value';
import { TokenInvalidError } from '../errors.js';
import { type KeyStore, SIGNING_ALGORITHM } from './key-store.js';

/** Who an access token is for. */
export interface TokenSubject {
  readonly userId: string;
  readonly tenantId: string;
  readonly roles: readonly string[];
  readonly permissions: readonly string[];
}

export interface TokenSettings {
  readonly issuer: string;
  readonly ttlS: number;
}

/** Signs an access token with the current key; `now` is a parameter so tests can mint expired tokens. */
export async function issueAccessToken(keys: KeyStore, settings: TokenSettings, subject: TokenSubject, now = new Date()): Promise<string> {
  const { kid, key } = await keys.signingKey();
  const issuedAt = Math.floor(now.getTime() / 1000);
  return new SignJWT({ tid: subject.tenantId, roles: [...subject.roles], perms: [...subject.permissions] })
    .setProtectedHeader({ alg: SIGNING_ALGORITHM, kid, typ: 'JWT' })
    .setIssuer(settings.issuer)
    .setAudience(ACCESS_TOKEN_AUDIENCE)
    .setSubject(subject.userId)
    .setJti(randomUUID())
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + settings.ttlS)
    .sign(key);
}

function headerKid(token: string): string | undefined {
  try {
    const { kid } = decodeProtectedHeader(token);
    return typeof kid === 'string' ? kid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Verifies `token`: only our algorithm (so `alg: none` and HMAC confusion fail), a `kid` of a published key,
 * issuer, audience, expiry, and finally the claim shape of the contract. Every token fault is the same 401;
 * a failing key lookup is not a token fault and propagates, so an outage never reads as "log in again".
 */
export async function verifyAccessToken(keys: KeyStore, issuer: string, token: string): Promise<AccessTokenClaims> {
  const kid = headerKid(token);
  const key = kid ? await keys.verificationKey(kid) : undefined;
  if (!key) throw new TokenInvalidError();
  const verified = await jwtVerify(token, key, { algorithms: [SIGNING_ALGORITHM], issuer, audience: ACCESS_TOKEN_AUDIENCE }).catch(() => undefined);
  if (!verified || !Value.Check(AccessTokenClaims, verified.payload)) throw new TokenInvalidError();
  return verified.payload;
}
