import { describe, expect, it } from 'vitest';
import { normaliseUrl, targetsOf } from '../../src/domain/targets.js';

const config = (services: Record<string, string>) => ({
  interval_ms: 5000,
  defaults: { latency_p95_ms: 500, cpu_percent: 70, memory_growth_mb_per_hour: 10, error_rate: 0.01, event_loop_lag_ms: 100 },
  services: Object.fromEntries(Object.entries(services).map(([name, url]) => [name, { url, critical_endpoints: ['GET /health'] }])),
  alerts: { critical_after: 3, notify: { channel: 'email', to: 'ops@example.com' } },
});

describe('targetsOf', () => {
  it('should poll every registered instance, three of a service scaled to three', () => {
    const registered = [1, 2, 3].map((n) => ({ service: 'core', url: `http://127.0.0.1:900${n}` }));

    expect(targetsOf(config({}), registered).map((target) => target.url)).toEqual(['http://127.0.0.1:9001', 'http://127.0.0.1:9002', 'http://127.0.0.1:9003']);
  });

  it('should count a configured URL that the registry also lists once', () => {
    const targets = targetsOf(config({ core: 'http://127.0.0.1:8002/' }), [{ service: 'core', url: 'http://127.0.0.1:8002' }]);

    expect(targets).toEqual([{ service: 'core', url: 'http://127.0.0.1:8002', source: 'registry' }]);
  });

  it('should poll a configured service that nothing registered, so an outage is seen', () => {
    expect(targetsOf(config({ finance: 'http://127.0.0.1:8006' }), [])).toEqual([{ service: 'finance', url: 'http://127.0.0.1:8006', source: 'config' }]);
  });

  it('should drop a configured URL when the service runs registered elsewhere', () => {
    const targets = targetsOf(config({ core: 'http://127.0.0.1:8002' }), [{ service: 'core', url: 'http://127.0.0.1:18002' }]);

    expect(targets.map((target) => target.url)).toEqual(['http://127.0.0.1:18002']);
  });

  it('should skip URLs it cannot parse', () => {
    expect(targetsOf(config({}), [{ service: 'core', url: 'not a url' }])).toEqual([]);
  });
});

describe('normaliseUrl', () => {
  it('should give one spelling per address', () => {
    expect(normaliseUrl('HTTP://Host:80/base/')).toBe('http://host/base');
  });
});
