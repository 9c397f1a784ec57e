import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';

describe('loadConfig', () => {
  it('should use the documented defaults', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://postgres:pw@127.0.0.1:5432/erp' });

    expect(config).toMatchObject({ port: 8001, issuer: 'http://127.0.0.1:8001', accessTokenTtlS: 900, refreshTokenTtlDays: 30, passwordResetTtlMin: 60 });
    expect(config.login).toMatchObject({ freeAttempts: 3, lockoutAfter: 10, lockoutMs: 900_000, ipLockoutAfter: 50 });
  });

  it('should derive the same key secret from the same admin password, and another from another', () => {
    const first = loadConfig({ DATABASE_URL: 'postgres://postgres:pw@db-1:5432/erp' });
    const second = loadConfig({ DATABASE_URL: 'postgres://postgres:pw@db-2:5432/other' });
    const other = loadConfig({ DATABASE_URL: 'postgres://postgres:changed@db-1:5432/erp' });

    expect(first.keySecret).toBe(second.keySecret);
    expect(other.keySecret).not.toBe(first.keySecret);
    expect(first.keySecret).not.toContain('pw');
  });

  it('should prefer AUTH_KEY_SECRET and strip a trailing slash from the issuer', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://postgres@127.0.0.1/erp',
      AUTH_KEY_SECRET: 'a-long-enough-secret',
      AUTH_ISSUER: 'https://erp.example/',
    });

    expect(config.keySecret).toBe('a-long-enough-secret');
    expect(config.issuer).toBe('https://erp.example');
  });

  it('should read the trusted proxies as a list', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://postgres@127.0.0.1/erp', TRUSTED_PROXIES: '10.0.0.1, 10.0.0.2' });

    expect(config.trustedProxies).toEqual(['10.0.0.1', '10.0.0.2']);
  });
});
