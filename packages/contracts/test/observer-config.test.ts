import { readFileSync } from 'node:fs';
import { ObserverConfig, SERVICES } from '@erp/contracts';
import { Value } from 'typebox/value';
import { describe, expect, it } from 'vitest';

const config = JSON.parse(readFileSync(new URL('../../../observer_config.json', import.meta.url), 'utf8')) as ObserverConfig;

describe('observer_config.json', () => {
  it('should match the ObserverConfig schema', () => {
    expect([...Value.Errors(ObserverConfig, config)]).toEqual([]);
  });

  it('should have an entry for every service in the catalogue, at its default port', () => {
    for (const service of SERVICES) {
      expect(config.services[service.name]?.url).toBe(`http://127.0.0.1:${service.port}`);
    }
    expect(Object.keys(config.services).sort()).toEqual(SERVICES.map((service) => service.name).sort());
  });

  it('should never allow a p95 threshold above 500 ms', () => {
    const broken = structuredClone(config);
    broken.defaults.latency_p95_ms = 750;

    expect(Value.Check(ObserverConfig, broken)).toBe(false);
  });
});
