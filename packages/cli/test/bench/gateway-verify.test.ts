import { createTokenVerifier } from '@erp/kit';
import { describe, expect, it } from 'vitest';
import { signBenchTokens } from '../../dist/bench/gateway-verify.js';

// The verification figure is only meaningful if its tokens pass the kit's verifier exactly as real ones do.
describe('signBenchTokens', () => {
  it('should make distinct tokens that the kit verifier accepts with the returned JWKS', async () => {
    const { tokens, jwks } = signBenchTokens(3);
    const verifier = createTokenVerifier({ jwks, issuer: 'http://bench.invalid', cacheSize: 0 });

    const principals = await Promise.all(tokens.map((token) => verifier.verify(token)));

    expect(new Set(tokens).size).toBe(3);
    expect(new Set(principals.map((principal) => principal.tokenId)).size).toBe(3);
  });

  it('should make tokens whose signature fails when a claim is changed', async () => {
    const { tokens, jwks } = signBenchTokens(1);
    const verifier = createTokenVerifier({ jwks, issuer: 'http://bench.invalid', cacheSize: 0 });
    const [header, payload, signature] = (tokens[0] as string).split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...claims, roles: ['owner'] })).toString('base64url')}.${signature}`;

    const verification = verifier.verify(tampered);

    await expect(verification).rejects.toMatchObject({ code: 'KIT_UNAUTHENTICATED' });
  });
});
