import { describe, expect, it } from 'vitest';
import { DEFAULT_RATE_LIMITS, findPolicy, parseRateLimits } from '../../src/domain/rate-limit-policy.js';

describe('parseRateLimits', () => {
  it('should read the compact form with units and put the longest prefix first', () => {
    const parsed = parseRateLimits('/=ip:100/1m,user:50/30s; /api/v1/auth/login = ip:5/1h ; /health=off');

    expect(parsed.policies).toEqual([
      { prefix: '/api/v1/auth/login', rules: [{ by: 'ip', limit: 5, windowS: 3600 }] },
      { prefix: '/health', rules: [] },
      {
        prefix: '/',
        rules: [
          { by: 'ip', limit: 100, windowS: 60 },
          { by: 'user', limit: 50, windowS: 30 },
        ],
      },
    ]);
  });

  it('should read the JSON form', () => {
    const parsed = parseRateLimits('[{"prefix":"/api","rules":[{"by":"tenant","limit":7,"window_s":10}]},{"prefix":"/metrics","rules":[]}]');

    expect(parsed.policies).toEqual([
      { prefix: '/metrics', rules: [] },
      { prefix: '/api', rules: [{ by: 'tenant', limit: 7, windowS: 10 }] },
    ]);
  });

  it('should accept the default policies', () => {
    expect(parseRateLimits(DEFAULT_RATE_LIMITS).error).toBeUndefined();
  });

  it.each([
    ['/api', 'is not <prefix>=<rules>'],
    ['/api=ip:10', 'is not <ip|user|tenant>:<limit>/<window>'],
    ['/api=org:10/1m', 'is not <ip|user|tenant>'],
    ['/api=ip:0/1m', 'limit must be an integer from 1'],
    ['/api=ip:100001/1m', 'limit must be an integer from 1 to 100000'],
    ['/api=ip:10/25h', 'window must be whole seconds'],
    ['api=ip:10/1m', 'must start with /'],
    ['/api=ip:10/1m,ip:20/1h', 'two rules for the same dimension'],
    ['/api=ip:10/1m;/api=off', 'appears twice'],
    ['[{"prefix":"/api"}]', 'needs "prefix" (string) and "rules" (array)'],
    ['[{"prefix":"/api","rules":[{"by":"ip","limit":1.5,"window_s":10}]}]', 'limit must be an integer'],
    ['[{"prefix":', 'is not valid JSON'],
    ['{"prefix":"/"}', 'is not <prefix>=<rules>'],
  ])('should refuse %s with a reason', (text, reason) => {
    const parsed = parseRateLimits(text);

    expect(parsed.policies).toBeUndefined();
    expect(parsed.error).toContain(reason);
  });
});

describe('findPolicy', () => {
  const { policies = [] } = parseRateLimits('/=ip:100/1m; /api/v1/auth/login=ip:5/1m; /api/v1/auth=ip:50/1m');

  it.each([
    ['/api/v1/auth/login', '/api/v1/auth/login'],
    ['/api/v1/auth/login/', '/api/v1/auth/login'],
    ['/api/v1/auth/loginx', '/api/v1/auth'],
    ['/api/v1/auth/refresh', '/api/v1/auth'],
    ['/api/v1/customers', '/'],
  ])('should give %s the policy of %s', (path, prefix) => {
    expect(findPolicy(policies, path)?.prefix).toBe(prefix);
  });

  it('should find no policy when no prefix covers the path', () => {
    const { policies: narrow = [] } = parseRateLimits('/api=ip:1/1s');

    expect(findPolicy(narrow, '/apis')).toBeUndefined();
  });
});
