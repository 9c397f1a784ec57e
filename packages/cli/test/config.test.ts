import { describe, expect, it } from 'vitest';
import { readEnvironment, UsageError } from '../dist/config.js';
import { resolvePorts, serviceUrl } from '../dist/system/ports.js';

describe('resolvePorts', () => {
  it('should use the catalogue ports when nothing is configured', () => {
    const ports = resolvePorts(undefined, {});

    expect(ports).toMatchObject({ gateway: 8000, core: 8002, finance: 8006, observer: 8010 });
  });

  it('should shift every port by the base and let a single override win', () => {
    const ports = resolvePorts(18000, { finance: 9999 });

    expect(ports).toMatchObject({ gateway: 18000, auth: 18001, observer: 18010, finance: 9999 });
  });
});

describe('serviceUrl', () => {
  it('should turn a wildcard listen address into loopback and bracket IPv6 hosts', () => {
    expect(serviceUrl('0.0.0.0', 8000)).toBe('http://127.0.0.1:8000');
    expect(serviceUrl('::1', 8000)).toBe('http://[::1]:8000');
  });
});

describe('readEnvironment', () => {
  it('should read per-service ports, the embedded port and the database URL', () => {
    const environment = readEnvironment({ ERP_CORE_PORT: '9002', ERP_EMBEDDED_PG_PORT: '55000', DATABASE_URL: 'postgres://x@db/erp' });

    expect(environment.ports).toEqual({ core: 9002 });
    expect(environment.embeddedPostgresPort).toBe(55000);
    expect(environment.databaseUrl).toBe('postgres://x@db/erp');
  });

  it('should reject a port that is not a number in range, naming the variable', () => {
    expect(() => readEnvironment({ ERP_FINANCE_PORT: '80a' })).toThrow(UsageError);
    expect(() => readEnvironment({ ERP_EMBEDDED_PG_PORT: '70000' })).toThrow(/ERP_EMBEDDED_PG_PORT=70000/);
  });

  it('should turn off colours when NO_COLOR is set', () => {
    expect(readEnvironment({ NO_COLOR: '1' }).colourAllowed).toBe(false);
    expect(readEnvironment({}).colourAllowed).toBe(true);
  });
});
