import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeConfigErrors, validateObserverConfig } from '../../src/domain/config-validation.js';

const repositoryConfig = readFileSync(new URL('../../../../observer_config.json', import.meta.url), 'utf8');

/** The parsed file, loosely typed so a test can break it on purpose. */
type Editable = { defaults: Record<string, number>; alerts: Record<string, unknown>; services: Record<'core' | 'finance', Record<string, unknown>> };

function withChange(change: (config: Editable) => void): string {
  const config = JSON.parse(repositoryConfig);
  change(config);
  return JSON.stringify(config);
}

describe('validateObserverConfig', () => {
  it('should accept the repository’s observer_config.json', () => {
    expect(validateObserverConfig(repositoryConfig).ok).toBe(true);
  });

  it('should accept scaling bounds and refuse a minimum above the maximum, naming the field', () => {
    const bounded = validateObserverConfig(withChange((config) => (config.services.core.scaling = { min_instances: 1, max_instances: 3 })));
    const crossed = validateObserverConfig(withChange((config) => (config.services.core.scaling = { min_instances: 4, max_instances: 2 })));

    expect(bounded.ok).toBe(true);
    expect(crossed).toEqual({ ok: false, errors: [{ path: '/services/core/scaling/min_instances', message: 'must be <= max_instances (2)' }] });
  });

  it('should name the field of a value out of range', () => {
    const result = validateObserverConfig(withChange((config) => (config.defaults.cpu_percent = 150)));

    expect(result).toEqual({ ok: false, errors: [{ path: '/defaults/cpu_percent', message: 'must be <= 100' }] });
  });

  it('should name a missing field, an unknown field and a malformed critical endpoint at once', () => {
    const result = validateObserverConfig(
      withChange((config) => {
        delete config.alerts.critical_after;
        config.services.core.treshold = {};
        config.services.finance.critical_endpoints = ['FETCH /x'];
      }),
    );

    expect(result.ok).toBe(false);
    const paths = result.ok ? [] : result.errors.map((error) => error.path).sort();
    expect(paths).toEqual(['/alerts/critical_after', '/services/core/treshold', '/services/finance/critical_endpoints/0']);
  });

  it('should refuse text that is not JSON, and say so in one line', () => {
    const result = validateObserverConfig('{"interval_ms": 5000,');

    expect(result.ok).toBe(false);
    expect(result.ok ? '' : describeConfigErrors(result.errors)).toMatch(/^the file is not valid JSON/);
  });
});
