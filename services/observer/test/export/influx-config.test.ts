import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config.js';

const DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('loadConfig and InfluxDB', () => {
  it('should leave the InfluxDB output off without INFLUX_URL, whatever else is set', () => {
    const config = loadConfig({ DATABASE_URL, INFLUX_ORG: 'acme', INFLUX_TOKEN: 'x' });

    expect(config.influx).toBeUndefined();
  });

  it('should read INFLUX_URL, INFLUX_ORG, INFLUX_BUCKET, INFLUX_TOKEN and INFLUX_TIMEOUT_MS', () => {
    const config = loadConfig({
      DATABASE_URL,
      INFLUX_URL: 'https://influx.example:8086/proxy',
      INFLUX_ORG: 'acme',
      INFLUX_BUCKET: 'erp_metrics',
      INFLUX_TOKEN: 'abc==',
      INFLUX_TIMEOUT_MS: '500',
    });

    expect(config.influx).toEqual({ url: 'https://influx.example:8086/proxy', org: 'acme', bucket: 'erp_metrics', token: 'abc==', timeoutMs: 500 });
  });

  it('should default to the bucket erp, a 2 s timeout, no org and no token', () => {
    const config = loadConfig({ DATABASE_URL, INFLUX_URL: 'http://127.0.0.1:8086' });

    expect(config.influx).toEqual({ url: 'http://127.0.0.1:8086', org: undefined, bucket: 'erp', token: undefined, timeoutMs: 2000 });
  });

  it.each([
    ['INFLUX_URL', 'influx:8086'],
    ['INFLUX_URL', 'http://influx:8086/?org=x'],
    ['INFLUX_URL', 'http://influx:99999'],
    ['INFLUX_TIMEOUT_MS', '50'],
  ])('should stop the start with one line naming %s=%s', (name, value) => {
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => {
      throw new Error('exit');
    }) as never);
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);

    expect(() => loadConfig({ DATABASE_URL, INFLUX_URL: 'http://influx:8086', [name]: value })).toThrow('exit');
    expect(exit).toHaveBeenCalledWith(1);
    expect(String(stderr.mock.calls[0]?.[0])).toMatch(new RegExp(`^Invalid environment: ${name}=`));
  });
});
