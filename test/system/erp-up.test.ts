import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HealthDocument, SERVICES, type ServiceName } from '@erp/contracts';
import { createTestDatabase, type TestDatabase } from '@erp/kit/testing';
import { Value } from 'typebox/value';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { isAlive } from '../../packages/cli/dist/index.js';
import { descendantsOf, type ErpProcess, erpEnvironment, killAll, randomPorts, readyRows, runErp, startErp, waitUntilReady } from './helpers.js';

let database: TestDatabase;
let dataDir: string;
let ports: Record<ServiceName, number>;
let env: Record<string, string | undefined>;
let up: ErpProcess;

beforeAll(async () => {
  database = await createTestDatabase(inject('adminUrl'));
  dataDir = await mkdtemp(join(tmpdir(), 'erp-up-test-'));
  ports = await randomPorts();
  env = erpEnvironment(database.adminUrl, dataDir, ports);
  up = startErp(['up', '--timeout', '90'], env);
  await waitUntilReady(up, 100_000);
}, 120_000);

afterAll(async () => {
  if (up.child.pid && up.child.exitCode === null) {
    killAll(descendantsOf(up.child.pid));
    up.child.kill('SIGKILL');
  }
  await database?.drop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('erp up', () => {
  it('should print a ready table with the url and pid of every service', () => {
    const rows = readyRows(up.output());

    expect(rows.map((row) => row.name).sort()).toEqual(SERVICES.map((service) => service.name).sort());
    for (const row of rows) {
      expect(row.url).toBe(`http://127.0.0.1:${ports[row.name as ServiceName]}`);
      expect(isAlive(row.pid)).toBe(true);
    }
  });

  it('should prefix every log line of a service with its name and keep the JSON intact', () => {
    const serviceLines = up
      .output()
      .split('\n')
      .filter((line) => line.includes(' | {'));
    const logged = serviceLines.map((line) => {
      const separator = line.indexOf(' | ');
      return { prefix: line.slice(0, separator).trim(), document: JSON.parse(line.slice(separator + 3)) as { service?: string } };
    });

    expect(new Set(logged.map((line) => line.prefix))).toEqual(new Set(SERVICES.map((service) => service.name)));
    for (const line of logged) expect(line.document.service).toBe(line.prefix);
  });

  it('should answer /health on every service with a document that validates against the contract schema', async () => {
    const answers = await Promise.all(
      SERVICES.map(async (service) => {
        const response = await fetch(`http://127.0.0.1:${ports[service.name]}/health`);
        return { service: service.name, status: response.status, body: (await response.json()) as unknown };
      }),
    );

    for (const answer of answers) {
      expect([...Value.Errors(HealthDocument, answer.body)], `${answer.service}/health`).toEqual([]);
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ service: answer.service });
    }
  });

  it('should print the health of every running service for erp status and exit 0', async () => {
    const result = await runErp(['status'], env);

    expect(result.code).toBe(0);
    for (const service of SERVICES) {
      expect(result.output).toMatch(new RegExp(`^${service.name}\\s+http://127\\.0\\.0\\.1:${ports[service.name]}\\s+(pass|warn)\\s`, 'm'));
    }
    expect(result.output).toContain(`${SERVICES.length} of ${SERVICES.length} services healthy`);
  });

  it('should leave no process behind and exit 0 when erp up receives SIGTERM', { timeout: 60_000 }, async () => {
    const started = descendantsOf(up.child.pid ?? 0);
    const servicePids = readyRows(up.output()).map((row) => row.pid);
    expect(started).toEqual(expect.arrayContaining(servicePids));

    up.child.kill('SIGTERM');
    const code = await up.exited;

    expect(code).toBe(0);
    expect(started.filter((pid) => isAlive(pid))).toEqual([]);
    expect(existsSync(join(dataDir, 'erp-up.json'))).toBe(false);
  });
});
