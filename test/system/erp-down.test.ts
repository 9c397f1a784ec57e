import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SERVICES, type ServiceName } from '@erp/contracts';
import { createTestDatabase, type TestDatabase } from '@erp/kit/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { isAlive } from '../../packages/cli/dist/index.js';
import { erpEnvironment, killAll, randomPorts, readyRows, runErp } from './helpers.js';

interface UpState {
  pid: number;
  processes: Array<{ name: string; pid: number }>;
}

let database: TestDatabase;
let dataDir: string;
let ports: Record<ServiceName, number>;
let env: Record<string, string | undefined>;
let state: UpState | undefined;

beforeAll(async () => {
  database = await createTestDatabase(inject('adminUrl'));
  dataDir = await mkdtemp(join(tmpdir(), 'erp-down-test-'));
  ports = await randomPorts();
  env = erpEnvironment(database.adminUrl, dataDir, ports);
});

afterAll(async () => {
  if (state) killAll([state.pid, ...state.processes.map((entry) => entry.pid)]);
  await database?.drop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('erp up --detach and erp down', () => {
  it('should start the system in the background, then stop it and every process it started', { timeout: 120_000 }, async () => {
    // 1. Start in the background: the command returns once every service is healthy.
    const detached = await runErp(['up', '--detach', '--timeout', '90'], env);
    expect(detached.code, detached.output).toBe(0);
    expect(
      readyRows(detached.output)
        .map((row) => row.name)
        .sort(),
    ).toEqual(SERVICES.map((service) => service.name).sort());
    state = JSON.parse(await readFile(join(dataDir, 'erp-up.json'), 'utf8')) as UpState;
    const pids = [state.pid, ...state.processes.map((entry) => entry.pid)];
    expect(pids.every((pid) => isAlive(pid))).toBe(true);

    // 2. A second erp up from the same folder is refused while the first runs.
    const second = await runErp(['up'], env);
    expect(second.code).toBe(1);
    expect(second.output).toContain('already running');

    // 3. Stop it from "another shell".
    const down = await runErp(['down'], env);

    expect(down.code, down.output).toBe(0);
    expect(pids.filter((pid) => isAlive(pid))).toEqual([]);
    expect(existsSync(join(dataDir, 'erp-up.json'))).toBe(false);
    expect((await runErp(['down'], env)).output).toContain('Nothing to stop');
  });
});
