import { parseEnv } from '@erp/kit';
import Type from 'typebox';
import { describe, expect, it } from 'vitest';
import { balancingEnvProperties, toBalancingConfig } from '../../src/balancing/config.js';

const Env = Type.Object(balancingEnvProperties);

describe('the load-balancing environment', () => {
  it('should default to least-outstanding, checks every 5 s, one retry and ejection on 502, 503 and 504', () => {
    const config = toBalancingConfig(parseEnv(Env, {}));

    expect(config).toMatchObject({
      balancingPolicy: 'least-outstanding',
      healthCheckIntervalMs: 5000,
      healthCheckTimeoutMs: 1000,
      healthCheckRecheckMs: 1000,
      upstreamEjectStatuses: [502, 503, 504],
      upstreamRetries: 1,
      upstreamRetryBodyLimitBytes: 65_536,
      breakerFailureThreshold: 5,
      breakerCooldownMs: 10_000,
    });
    expect(config.upstreamInstances.core).toEqual([]);
  });

  it('should read the instance lists per service, the policy and the ejecting statuses', () => {
    const parsed = parseEnv(Env, {
      CORE_URLS: 'http://10.0.0.1:8002, http://10.0.0.2:8002',
      FINANCE_URLS: 'https://finance.internal',
      LB_POLICY: 'round-robin',
      UPSTREAM_EJECT_STATUSES: '503',
    });

    const config = toBalancingConfig(parsed);

    expect(config.upstreamInstances).toMatchObject({ core: ['http://10.0.0.1:8002', 'http://10.0.0.2:8002'], finance: ['https://finance.internal'] });
    expect(config.balancingPolicy).toBe('round-robin');
    expect(config.upstreamEjectStatuses).toEqual([503]);
  });

  it('should eject on no status at all when told none', () => {
    expect(toBalancingConfig(parseEnv(Env, { UPSTREAM_EJECT_STATUSES: 'none' })).upstreamEjectStatuses).toEqual([]);
  });

  it.each([
    [{ LB_POLICY: 'random' }, /^Invalid environment: LB_POLICY=random \(LB_POLICY: expected one of least-outstanding, round-robin/],
    [{ CORE_URLS: 'http://a, ftp://b' }, /^Invalid environment: CORE_URLS=/],
    [{ UPSTREAM_EJECT_STATUSES: '404' }, /^Invalid environment: UPSTREAM_EJECT_STATUSES=404 /],
    [{ UPSTREAM_RETRIES: '9' }, /^Invalid environment: UPSTREAM_RETRIES=9 /],
    [{ HEALTH_CHECK_INTERVAL_MS: '1' }, /^Invalid environment: HEALTH_CHECK_INTERVAL_MS=1 /],
    [{ BREAKER_FAILURE_THRESHOLD: '0' }, /^Invalid environment: BREAKER_FAILURE_THRESHOLD=0 /],
  ])('should refuse %o with one line naming the variable', (env, message) => {
    expect(() => parseEnv(Env, env)).toThrow(message);
  });
});
