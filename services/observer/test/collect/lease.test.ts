import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createMonitor, type Monitor } from '../../src/collect/monitor.js';
import { openConfigSource } from '../../src/observer-config/config-source.js';
import { buildTestObserver, type TestObserver } from '../helpers.js';

let observer: TestObserver;
const silent = { info: () => {}, warn: () => {}, error: () => {} };

beforeAll(async () => {
  observer = await buildTestObserver(inject('adminUrl'));
});

afterAll(() => observer?.close());

async function monitor(holder: string): Promise<Monitor> {
  const config = await openConfigSource(observer.configFile.path, { logger: silent, watch: false });
  return createMonitor({
    db: observer.db.kysely,
    config,
    logger: silent,
    settings: { holder, timeoutMs: 200, concurrency: 2, memoryLimitMb: 512, leakWindowMs: 3_600_000 },
  });
}

describe('several observer instances', () => {
  it('should let only the holder of the collector lease poll, and hand over when it stops', async () => {
    const first = await monitor('observer-a');
    const second = await monitor('observer-b');

    expect((await first.poll()).leader).toBe(true);
    expect(await second.poll()).toEqual({ leader: false, targets: 0, opened: [], resolved: [] });
    expect((await first.poll()).leader).toBe(true);

    await first.stop();

    expect((await second.poll()).leader).toBe(true);
    expect(second.isLeader()).toBe(true);
    await second.stop();
  });
});
