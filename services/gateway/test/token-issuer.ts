import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { freePort } from '@erp/kit/testing';
import { type CryptoKey, exportJWK, exportSPKI, generateKeyPair, type JWK, SignJWT } from 'jose';

export const TEST_ISSUER = 'http://auth.test';
export const TENANT_A = '0b0c7c5e-2f0e-4c59-9d5e-7f1f3c6a1a01';
export const TENANT_B = '6d7e1f2a-3b4c-4d5e-8f60-718293a4b5c6';

interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  publicJwk: JWK;
}

/** Stands in for the auth service: real EdDSA keys, a JWKS on a random port, and signed access tokens. */
export interface TestIssuer {
  jwksUrl: string;
  /** A valid token for tenant A with every permission, unless `overrides` say otherwise (`undefined` drops a claim). */
  token(overrides?: Record<string, unknown>): Promise<string>;
  /** A token signed by a key the JWKS never publishes. */
  strangerToken(): Promise<string>;
  /** The JWKS's public key in PEM, for the algorithm-confusion token. */
  publicKeyPem(): Promise<string>;
  close(): Promise<void>;
}

async function createKey(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { extractable: true });
  return { kid, privateKey, publicKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'EdDSA', use: 'sig' } };
}

function accessClaims(overrides: Record<string, unknown>): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    iss: TEST_ISSUER,
    aud: 'erp',
    sub: 'user-1',
    tid: TENANT_A,
    roles: ['admin'],
    perms: ['finance.entries:post'],
    jti: randomUUID(),
    iat: now,
    exp: now + 300,
    ...overrides,
  };
  return Object.fromEntries(Object.entries(claims).filter(([, value]) => value !== undefined));
}

const signWith = (key: SigningKey, overrides: Record<string, unknown>) =>
  new SignJWT(accessClaims(overrides)).setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: 'JWT' }).sign(key.privateKey);

export async function startTestIssuer(): Promise<TestIssuer> {
  const [key, stranger] = await Promise.all([createKey('gw-key-1'), createKey('gw-stranger')]);
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [key.publicJwk] }));
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  // Shared by every gateway of a test file and never worth keeping the worker alive for.
  server.unref();
  return {
    jwksUrl: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    token: (overrides = {}) => signWith(key, overrides),
    strangerToken: () => signWith(stranger, {}),
    publicKeyPem: () => exportSPKI(key.publicKey),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

let shared: Promise<TestIssuer> | undefined;

/** The issuer every `startGateway` of a test file trusts unless told otherwise. */
export function sharedIssuer(): Promise<TestIssuer> {
  shared ??= startTestIssuer();
  return shared;
}

/** `init` with a valid access token of the shared issuer added, for tests about something else than authentication. */
export async function withToken(init: RequestInit = {}): Promise<RequestInit> {
  const token = await (await sharedIssuer()).token();
  return { ...init, headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string> | undefined) } };
}
