import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';

const base = { DATABASE_URL: 'postgres://postgres:admin-pw@127.0.0.1:5432/erp' };

describe('loadConfig', () => {
  it('should default to the built-in engine only, the ai port and the auth service on loopback', () => {
    const config = loadConfig(base);

    expect(config).toMatchObject({
      port: 8003,
      authUrl: 'http://127.0.0.1:8001',
      authJwksUrl: 'http://127.0.0.1:8001/.well-known/jwks.json',
      allowPrivateProviderUrls: false,
      queueTimeoutMs: 30_000,
      breaker: { windowSize: 20, minimumCalls: 5, failureRateThreshold: 0.5, cooldownMs: 30_000, cooldownMsMax: 300_000 },
    });
    expect(config.global.providers).toEqual([]);
  });

  it('should derive the key secret from the admin password unless AI_KEY_SECRET is set', () => {
    const derived = loadConfig(base).keySecret;

    expect(loadConfig(base).keySecret).toBe(derived);
    expect(loadConfig({ ...base, DATABASE_URL: 'postgres://postgres:other@127.0.0.1/erp' }).keySecret).not.toBe(derived);
    expect(loadConfig({ ...base, AI_KEY_SECRET: 'a-secret-of-sixteen+' }).keySecret).toBe('a-secret-of-sixteen+');
  });

  it('should read the operator settings from AI_CONFIG, with keys from the environment', () => {
    const AI_CONFIG = JSON.stringify({
      providers: {
        mistral: {
          kind: 'mistral',
          api_key_env: 'MISTRAL_API_KEY',
          models: [
            {
              id: 'mistral-small-latest',
              capabilities: { chat: true, context_tokens: 32000 },
              price: { input_eur_per_million: '0.1', output_eur_per_million: '0.3' },
            },
          ],
        },
      },
    });

    const config = loadConfig({ ...base, AI_CONFIG, MISTRAL_API_KEY: 'mk' });

    expect(config.global.providers[0]).toMatchObject({ name: 'mistral', kind: 'mistral', apiKey: 'mk' });
  });
});
