import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { freePort } from '@erp/kit/testing';
import { type CryptoKey, exportJWK, exportSPKI, generateKeyPair, type JWK, SignJWT } from 'jose';

export const ISSUER = 'http://auth.test';
export const TENANT_A = '0b0c7c5e-2f0e-4c59-9d5e-7f1f3c6a1a01';
export const TENANT_B = '6d7e1f2a-3b4c-4d5e-8f60-718293a4b5c6';

/** A signing key of the test issuer; `publicJwk` is what the JWKS publishes. */
export interface TestKey {
  kid: string;
  alg: 'EdDSA' | 'ES256';
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  publicJwk: JWK;
}

/** Generates a real key pair with jose, as the auth service would. */
export async function createTestKey(kid: string, alg: TestKey['alg'] = 'EdDSA'): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { kid, alg, privateKey, publicKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

/** Valid access-token claims for tenant A with the given overrides; `undefined` removes a claim. */
export function claims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  const base: Record<string, unknown> = {
    iss: ISSUER,
    aud: 'erp',
    sub: 'user-1',
    tid: TENANT_A,
    roles: ['accountant'],
    perms: ['finance.entries:read'],
    jti: randomUUID(),
    iat: now,
    exp: now + 300,
  };
  const merged = { ...base, ...overrides };
  return Object.fromEntries(Object.entries(merged).filter(([, value]) => value !== undefined));
}

/** Signs `payload` with `key`, naming the key in the header as the auth service does. */
export function sign(key: TestKey, payload: Record<string, unknown> = claims()): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' }).sign(key.privateKey);
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An unsigned token (`alg: none`), built by hand because jose refuses to make one. */
export function unsignedToken(kid: string, payload: Record<string, unknown> = claims()): string {
  return `${base64url({ alg: 'none', kid, typ: 'JWT' })}.${base64url(payload)}.`;
}

/** A token "signed" with HS256 using the public key's PEM as the shared secret (algorithm confusion). */
export async function publicKeyAsSecretToken(key: TestKey, payload: Record<string, unknown> = claims()): Promise<string> {
  const secret = new TextEncoder().encode(await exportSPKI(key.publicKey));
  return new SignJWT(payload).setProtectedHeader({ alg: 'HS256', kid: key.kid, typ: 'JWT' }).sign(secret);
}

/** `token` with its payload replaced by `payload`, keeping the original header and signature. */
export function withPayload(token: string, payload: Record<string, unknown>): string {
  const [header, , signature] = token.split('.');
  return `${header}.${base64url(payload)}.${signature}`;
}

/** `token` with one character in the middle of its signature changed. */
export function withBrokenSignature(token: string): string {
  const [header, payload, signature = ''] = token.split('.');
  const middle = Math.floor(signature.length / 2);
  const swapped = signature[middle] === 'A' ? 'B' : 'A';
  return `${header}.${payload}.${signature.slice(0, middle)}${swapped}${signature.slice(middle + 1)}`;
}

/** A JWKS served over real HTTP on a random port; keys can be published later, as in a key rotation. */
export interface JwksServer {
  url: string;
  /** How many times the JWKS was fetched. */
  readonly fetches: number;
  publish(key: TestKey): void;
  close(): Promise<void>;
}

export async function startJwksServer(keys: TestKey[]): Promise<JwksServer> {
  const published = [...keys];
  let fetches = 0;
  const server: Server = createServer((_request, response) => {
    fetches += 1;
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: published.map((key) => key.publicJwk) }));
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    get fetches() {
      return fetches;
    },
    publish: (key) => published.push(key),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
