import type { HealthDocument } from '@erp/contracts';
import { describe, expect, it } from 'vitest';
import { formatTable, readyTable, statusTable } from '../dist/index.js';

function healthDocument(overrides: Partial<HealthDocument> = {}): HealthDocument {
  return {
    status: 'pass',
    service: 'core',
    version: '0.1.0',
    instance: 'core@host:8002#42',
    time: '2026-01-01T00:00:00.000Z',
    uptime_s: 12.5,
    cpu: { percent: 3.14, cores: 2 },
    memory: { rss_mb: 84.26, heap_used_mb: 31, heap_total_mb: 44.5 },
    event_loop: { lag_p99_ms: 1.46, utilization: 0.02 },
    db: { status: 'pass', latency_ms: 0.74, pool: { total: 10, idle: 9, waiting: 0 }, connections: null, size_mb: null },
    checks: {},
    ...overrides,
  };
}

describe('formatTable', () => {
  it('should pad every column to its widest cell and right-align numeric columns', () => {
    const columns = [{ header: 'service' }, { header: 'pid', align: 'right' as const }];

    const table = formatTable(columns, [
      ['core', '7'],
      ['notification', '12345'],
    ]);

    expect(table.split('\n')).toEqual(['service         pid', '------------  -----', 'core              7', 'notification  12345']);
  });

  it('should print only the header and its rule when there are no rows', () => {
    const table = formatTable([{ header: 'a' }, { header: 'bb' }], []);

    expect(table).toBe('a  bb\n-  --');
  });
});

describe('readyTable', () => {
  it('should show url, pid, status and whole startup milliseconds for each service', () => {
    const table = readyTable([{ name: 'gateway', url: 'http://127.0.0.1:8000', pid: 4242, status: 'pass', startupMs: 812.6 }]);

    const [header, , row] = table.split('\n');
    expect(header?.split(/\s{2,}/)).toEqual(['service', 'url', 'pid', 'status', 'startup ms']);
    expect(row?.split(/\s{2,}/)).toEqual(['gateway', 'http://127.0.0.1:8000', '4242', 'pass', '813']);
  });
});

describe('statusTable', () => {
  it('should show cpu, memory, event loop lag and db latency with one decimal for a healthy service', () => {
    const table = statusTable([{ name: 'core', url: 'http://127.0.0.1:8002', health: healthDocument(), error: undefined }]);

    const row = table.split('\n')[2];
    expect(row?.split(/\s{2,}/)).toEqual(['core', 'http://127.0.0.1:8002', 'pass', '3.1', '84.3', '1.5', '0.7']);
  });

  it('should mark a service without a health document as down with dashes for its figures', () => {
    const table = statusTable([{ name: 'finance', url: 'http://127.0.0.1:8006', health: undefined, error: 'connect ECONNREFUSED' }]);

    const row = table.split('\n')[2];
    expect(row?.trim().split(/\s+/)).toEqual(['finance', 'http://127.0.0.1:8006', 'down', '-', '-', '-', '-']);
  });

  it('should show a dash for the db latency when the database could not be reached', () => {
    const failing = healthDocument({ status: 'fail', db: { ...healthDocument().db, status: 'fail', latency_ms: null } });

    const table = statusTable([{ name: 'core', url: 'http://127.0.0.1:8002', health: failing, error: undefined }]);

    expect(table.split('\n')[2]?.trim().split(/\s+/).slice(2)).toEqual(['fail', '3.1', '84.3', '1.5', '-']);
  });
});
