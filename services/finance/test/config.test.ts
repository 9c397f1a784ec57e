import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';

describe('loadConfig', () => {
  it('should use port 8006 and find the auth service keys at their default place', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/erp' });

    expect(config).toMatchObject({ port: 8006, authJwksUrl: 'http://127.0.0.1:8001/.well-known/jwks.json', authIssuer: 'http://127.0.0.1:8001' });
  });

  it('should take the auth service from AUTH_URL, AUTH_JWKS_URL and AUTH_ISSUER', () => {
    const fromUrl = loadConfig({ DATABASE_URL: 'postgres://db/erp', AUTH_URL: 'http://auth.internal:9001/', AUTH_ISSUER: 'https://erp.example/' });
    const explicit = loadConfig({ DATABASE_URL: 'postgres://db/erp', AUTH_JWKS_URL: 'http://keys.internal/jwks.json' });

    expect(fromUrl).toMatchObject({ authJwksUrl: 'http://auth.internal:9001/.well-known/jwks.json', authIssuer: 'https://erp.example' });
    expect(explicit.authJwksUrl).toBe('http://keys.internal/jwks.json');
  });

  it('should return a frozen object', () => {
    expect(Object.isFrozen(loadConfig({ DATABASE_URL: 'postgres://db/erp' }))).toBe(true);
  });
});
