import { parseEnv } from '@erp/kit';
import Type from 'typebox';
import { describe, expect, it } from 'vitest';
import { rateLimitEnvProperties, toRateLimitConfig } from '../../src/rate-limit/config.js';
import { toTransformConfig, transformEnvProperties } from '../../src/transform/config.js';

const Env = Type.Object({ ...rateLimitEnvProperties, ...transformEnvProperties });

describe('the rate-limit and transformation environment', () => {
  it('should default to tight login limits and the local UI origins', () => {
    const parsed = parseEnv(Env, {});

    const config = { ...toRateLimitConfig(parsed), ...toTransformConfig(parsed) };

    expect(config.rateLimitPolicies[0]).toEqual({ prefix: '/api/v1/auth/login', rules: [{ by: 'ip', limit: 10, windowS: 60 }] });
    expect(config.rateLimitRedisTimeoutMs).toBe(200);
    expect(config.corsOrigins).toEqual(['http://127.0.0.1:3000', 'http://localhost:3000']);
  });

  it('should read policies and origins from the environment', () => {
    const parsed = parseEnv(Env, { RATE_LIMITS: '/api=user:5/1s', CORS_ORIGINS: 'https://erp.example.com, http://localhost:5173' });

    const config = { ...toRateLimitConfig(parsed), ...toTransformConfig(parsed) };

    expect(config.rateLimitPolicies).toEqual([{ prefix: '/api', rules: [{ by: 'user', limit: 5, windowS: 1 }] }]);
    expect(config.corsOrigins).toEqual(['https://erp.example.com', 'http://localhost:5173']);
  });

  it.each([
    [{ RATE_LIMITS: '/api=ip:ten/1m' }, /^Invalid environment: RATE_LIMITS=\/api=ip:ten\/1m \(RATE_LIMITS: "ip:ten\/1m" is not/],
    [{ RATE_LIMIT_REDIS_TIMEOUT_MS: '1' }, /^Invalid environment: RATE_LIMIT_REDIS_TIMEOUT_MS=1 /],
    [{ CORS_ORIGINS: '*' }, /^Invalid environment: CORS_ORIGINS=\* \(CORS_ORIGINS: expected comma-separated origins/],
    [{ CORS_ORIGINS: 'https://erp.example.com/app' }, /^Invalid environment: CORS_ORIGINS=/],
  ])('should refuse %o with one line naming the variable', (env, message) => {
    expect(() => parseEnv(Env, env)).toThrow(message);
  });
});
