import { generateKeyPairSync, type KeyObject, randomUUID, sign } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { ACCESS_TOKEN_AUDIENCE } from '@erp/contracts';
import { createTokenVerifier, type TokenVerifier } from '@erp/kit';
import { perRound } from './gateway-goals.js';
import type { GatewaySettings } from './gateway-settings.js';
import { median } from './load.js';
import { fixed, printTable } from './table.js';

const ISSUER = 'http://bench.invalid';
const KEY_ID = 'bench-key';

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * `count` distinct access tokens signed the way the auth service signs them (EdDSA over Ed25519, `kid` in the
 * header, the claims of `AccessTokenClaims`), with the public key as a JWKS. Distinct tokens make the uncached
 * verifier check a signature every time, as it does for a stream of different users.
 */
export function signBenchTokens(count: number): { tokens: string[]; jwks: { keys: Record<string, unknown>[] } } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const nowS = Math.floor(Date.now() / 1000);
  const header = base64url({ alg: 'EdDSA', typ: 'JWT', kid: KEY_ID });
  const tokens = Array.from({ length: count }, () => {
    const claims = {
      iss: ISSUER,
      aud: ACCESS_TOKEN_AUDIENCE,
      sub: randomUUID(),
      tid: randomUUID(),
      roles: ['admin'],
      perms: ['finance.entries:post'],
      jti: randomUUID(),
      iat: nowS,
      exp: nowS + 3600,
    };
    return signed(`${header}.${base64url(claims)}`, privateKey);
  });
  return { tokens, jwks: { keys: [{ ...publicKey.export({ format: 'jwk' }), kid: KEY_ID, alg: 'EdDSA', use: 'sig' }] } };
}

function signed(input: string, privateKey: KeyObject): string {
  return `${input}.${sign(null, Buffer.from(input), privateKey).toString('base64url')}`;
}

/** Verifications per second of wall time and per CPU-second of this process over one round of `durationS`. */
async function verifyRound(verifier: TokenVerifier, tokens: readonly string[], durationS: number): Promise<{ perSecond: number; perCpuSecond: number }> {
  const startedAt = performance.now();
  const cpuBefore = process.cpuUsage();
  let count = 0;
  // One verification at a time: the figure is what one core sustains, not what a thread pool adds.
  while (performance.now() - startedAt < durationS * 1000) {
    for (let index = 0; index < 100; index += 1) await verifier.verify(tokens[(count + index) % tokens.length] as string);
    count += 100;
  }
  const elapsedS = (performance.now() - startedAt) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  return { perSecond: count / elapsedS, perCpuSecond: count / ((cpu.user + cpu.system) / 1e6) };
}

/**
 * Figure 4: access-token verifications in this process with the kit's verifier and a local JWKS, without its
 * cache (`cacheSize: 0`, a signature check every time) and with it (every token already verified once).
 */
export async function verifyFigures(settings: GatewaySettings): Promise<void> {
  const { tokens, jwks } = signBenchTokens(settings.tokens);
  const verifiers = {
    'no cache (cacheSize: 0)': createTokenVerifier({ jwks, issuer: ISSUER, cacheSize: 0 }),
    [`cache on (cacheSize: ${settings.tokens}, every token verified once before)`]: createTokenVerifier({ jwks, issuer: ISSUER, cacheSize: settings.tokens }),
  };
  const rounds = new Map(Object.keys(verifiers).map((name) => [name, [] as { perSecond: number; perCpuSecond: number }[]]));
  for (const verifier of Object.values(verifiers)) for (const token of tokens) await verifier.verify(token);
  for (let round = 0; round < settings.rounds; round += 1) {
    for (const [name, verifier] of Object.entries(verifiers)) rounds.get(name)?.push(await verifyRound(verifier, tokens, settings.verifyS));
  }
  printTable(
    `Token verifications on one core (kit createTokenVerifier, EdDSA, local JWKS, ${settings.tokens} distinct tokens in turn, one at a time; ` +
      `${settings.rounds} alternating rounds of ${settings.verifyS} s, medians)`,
    ['verifier', 'verifications/s', 'per CPU-second', 'µs each', 'per round', 'goal'],
    [...rounds.entries()].map(([name, results]) => {
      const rate = median(results.map((result) => result.perSecond));
      return [
        name,
        fixed(rate, 0),
        fixed(median(results.map((result) => result.perCpuSecond)), 0),
        fixed(1e6 / rate, 1),
        perRound(
          results.map((result) => result.perSecond),
          0,
        ),
        'none set (report)',
      ];
    }),
  );
}
