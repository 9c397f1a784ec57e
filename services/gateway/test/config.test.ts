import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';

const required = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres' };

describe('loadConfig for authentication', () => {
  it('should look for the JWKS at the auth service and expect its default issuer when nothing is set', () => {
    const config = loadConfig(required);

    expect(config).toMatchObject({ authJwksUrl: 'http://127.0.0.1:8001/.well-known/jwks.json', authIssuer: 'http://127.0.0.1:8001' });
  });

  it('should derive the JWKS URL from AUTH_URL, without a doubled slash', () => {
    const config = loadConfig({ ...required, AUTH_URL: 'https://auth.internal:9443/' });

    expect(config.authJwksUrl).toBe('https://auth.internal:9443/.well-known/jwks.json');
  });

  it('should take AUTH_JWKS_URL and AUTH_ISSUER as given', () => {
    const config = loadConfig({ ...required, AUTH_JWKS_URL: 'http://keys.internal/jwks', AUTH_ISSUER: 'https://erp.example.com' });

    expect(config).toMatchObject({ authJwksUrl: 'http://keys.internal/jwks', authIssuer: 'https://erp.example.com' });
  });
});
