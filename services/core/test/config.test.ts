import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';

describe('loadConfig', () => {
  it('should use the documented defaults', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/erp' });

    expect(config).toMatchObject({
      port: 8002,
      bodyLimitBytes: 1_048_576,
      importBodyLimitBytes: 5_242_880,
      importRowsMax: 5000,
      authJwksUrl: 'http://127.0.0.1:8001/.well-known/jwks.json',
      authIssuer: 'http://127.0.0.1:8001',
    });
  });

  it('should find the keys at AUTH_URL unless AUTH_JWKS_URL names them', () => {
    const derived = loadConfig({ DATABASE_URL: 'postgres://x@h/erp', AUTH_URL: 'http://auth.internal:9001/', AUTH_ISSUER: 'https://erp.example/' });
    const explicit = loadConfig({ DATABASE_URL: 'postgres://x@h/erp', AUTH_JWKS_URL: 'https://keys.example/jwks.json' });

    expect(derived).toMatchObject({ authJwksUrl: 'http://auth.internal:9001/.well-known/jwks.json', authIssuer: 'https://erp.example' });
    expect(explicit.authJwksUrl).toBe('https://keys.example/jwks.json');
  });

  it('should read the import limits', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://x@h/erp', IMPORT_BODY_LIMIT_BYTES: '2048', IMPORT_ROWS_MAX: '10' });

    expect(config).toMatchObject({ importBodyLimitBytes: 2048, importRowsMax: 10 });
  });
});
