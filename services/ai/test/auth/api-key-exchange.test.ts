import { createTestTokens, type TestTokens } from '@erp/kit/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApiKeyExchange } from '../../src/auth/api-key-exchange.js';

let tokens: TestTokens;
const TENANT = '0b0c7c5e-2f0e-4c59-9d5e-7f1f3c6a1a01';

beforeAll(async () => {
  tokens = await createTestTokens();
});

function fakeFetch(answer: () => Promise<Response>) {
  const calls: { url: string; body: string }[] = [];
  const fetch = (async (url: string, init: RequestInit) => {
    calls.push({ url, body: String(init.body) });
    return answer();
  }) as unknown as typeof globalThis.fetch;
  return { fetch, calls };
}

const tokenResponse = async () =>
  new Response(JSON.stringify({ access_token: await tokens.sign({ tenantId: TENANT, permissions: ['ai.assistant:use'] }), token_type: 'Bearer' }));

describe('createApiKeyExchange', () => {
  it("should exchange the key at auth's token endpoint with the API key grant and return the token's principal", async () => {
    const { fetch, calls } = fakeFetch(tokenResponse);
    const exchange = createApiKeyExchange({ authUrl: 'http://auth.test', verifier: tokens.verifier, cacheTtlMs: 60_000, fetch });

    const principal = await exchange.principalOf('erp_ak_key-1');

    expect(principal).toMatchObject({ tenantId: TENANT, permissions: ['ai.assistant:use'] });
    expect(calls).toEqual([
      { url: 'http://auth.test/api/v1/auth/oauth/token', body: 'grant_type=urn%3Aerp%3Aparams%3Aoauth%3Agrant-type%3Aapi-key&api_key=erp_ak_key-1' },
    ]);
  });

  it('should reuse a principal within the time to live and ask again without a cache', async () => {
    const cached = fakeFetch(tokenResponse);
    const uncached = fakeFetch(tokenResponse);
    const withCache = createApiKeyExchange({ authUrl: 'http://auth.test', verifier: tokens.verifier, cacheTtlMs: 60_000, fetch: cached.fetch });
    const withoutCache = createApiKeyExchange({ authUrl: 'http://auth.test', verifier: tokens.verifier, cacheTtlMs: 0, fetch: uncached.fetch });

    for (let index = 0; index < 3; index += 1) {
      await withCache.principalOf('erp_ak_key-2');
      await withoutCache.principalOf('erp_ak_key-2');
    }

    expect([cached.calls.length, uncached.calls.length]).toEqual([1, 3]);
  });

  it('should refuse a key auth refuses with AI_API_KEY_INVALID, and remember the refusal briefly', async () => {
    const { fetch, calls } = fakeFetch(async () => new Response(JSON.stringify({ error: 'invalid_grant' }), { status: 400 }));
    const exchange = createApiKeyExchange({ authUrl: 'http://auth.test', verifier: tokens.verifier, cacheTtlMs: 60_000, fetch });

    await expect(exchange.principalOf('erp_ak_revoked')).rejects.toMatchObject({ code: 'AI_API_KEY_INVALID', status: 401 });
    await expect(exchange.principalOf('erp_ak_revoked')).rejects.toMatchObject({ code: 'AI_API_KEY_INVALID' });
    expect(calls).toHaveLength(1);
  });

  it('should answer AI_AUTH_UNAVAILABLE when auth fails or cannot be reached, and not remember it', async () => {
    const failing = fakeFetch(async () => new Response('oops', { status: 502 }));
    const unreachable = createApiKeyExchange({ authUrl: 'http://127.0.0.1:1', verifier: tokens.verifier, cacheTtlMs: 60_000 });
    const exchange = createApiKeyExchange({ authUrl: 'http://auth.test', verifier: tokens.verifier, cacheTtlMs: 60_000, fetch: failing.fetch });

    await expect(exchange.principalOf('erp_ak_x')).rejects.toMatchObject({ code: 'AI_AUTH_UNAVAILABLE', status: 503 });
    await expect(exchange.principalOf('erp_ak_x')).rejects.toMatchObject({ code: 'AI_AUTH_UNAVAILABLE' });
    await expect(unreachable.principalOf('erp_ak_x')).rejects.toMatchObject({ code: 'AI_AUTH_UNAVAILABLE' });
    expect(failing.calls).toHaveLength(2);
  });
});
