import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, freePort, type TestDatabase } from '@erp/kit/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startSystem } from '../../packages/cli/dist/index.js';
import { requestScale, startControlServer } from '../../packages/cli/dist/system/control.js';

// `erp scale`: a running system starts a second finance instance on a free port, the gateway balances over
// both through the instance registry, and scaling in stops the extra process again.
type RunningSystem = Awaited<ReturnType<typeof startSystem>>;

let database: TestDatabase;
let system: RunningSystem;
let gateway: string;
let token: string;
let folder: string;
let control: Server;

beforeAll(async () => {
  database = await createTestDatabase(inject('adminUrl'));
  const ports = { gateway: await freePort(), auth: await freePort(), finance: await freePort() };
  // No REDIS_URL or AMQP_URL: the registry then lives in this test's own database, not shared with other runs.
  const { REDIS_URL, AMQP_URL, ...env } = process.env;
  system = await startSystem({
    // The gateway's first health round runs while the services still start; it must recheck them within a
    // second (HEALTH_CHECK_RECHECK_MS), or the new instance would get every request for the next 5 s.
    env: { ...env, LOG_LEVEL: 'warn', REGISTRY_REFRESH_MS: '200' },
    databaseUrl: database.adminUrl,
    services: ['gateway', 'auth', 'finance'],
    ports,
  });
  gateway = `http://127.0.0.1:${ports.gateway}`;
  folder = mkdtempSync(join(tmpdir(), 'erp-scale-'));
  control = await startControlServer(system, join(folder, 'erp-up.sock'));
  const registered = await post('/api/v1/auth/register', { company_name: 'Skalierung GmbH', email: 'ops@scale.example', password: 'Sichere-Passphrase-2026' });
  expect(registered.status).toBe(201);
  const login = await post('/api/v1/auth/login', { email: 'ops@scale.example', password: 'Sichere-Passphrase-2026' });
  token = ((await login.json()) as { access_token: string }).access_token;
}, 120_000);

afterAll(async () => {
  control?.close();
  await system?.stop();
  await database?.drop();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

function post(path: string, body: unknown): Promise<Response> {
  return fetch(`${gateway}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

/** Requests to GET /api/v1/finance/tax-codes the instance at `url` counted in its own metrics. */
async function servedByInstance(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith('http_request_duration_seconds_count') && line.includes('route="/api/v1/finance/tax-codes"'))
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
}

function isAlive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('scaling a running system', () => {
  it('should start a second instance that the gateway balances to, and stop it again when scaled in', async () => {
    const socket = join(folder, 'erp-up.sock');
    const out = await requestScale(socket, { service: 'finance', count: 2 });
    expect(out).toMatchObject({ service: 'finance', before: 1, after: 2 });
    const [first, second] = out.instances;
    expect(second?.name).toBe('finance#2');
    expect(second?.url).not.toBe(first?.url);

    // The gateway reads the registry every 200 ms here; give it a moment, then spread requests.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    for (let request = 0; request < 40; request += 1) {
      const response = await fetch(`${gateway}/api/v1/finance/tax-codes`, { headers: { authorization: `Bearer ${token}` } });
      await response.arrayBuffer();
      expect(response.status).toBeLessThan(500);
    }
    const [onFirst, onSecond] = await Promise.all([servedByInstance(first?.url as string), servedByInstance(second?.url as string)]);
    expect(onFirst + onSecond).toBeGreaterThanOrEqual(40);
    expect(onFirst).toBeGreaterThan(5);
    expect(onSecond).toBeGreaterThan(5);

    const secondPid = second?.pid;
    expect(isAlive(secondPid)).toBe(true);
    const back = await requestScale(socket, { service: 'finance', count: 1 });
    expect(back).toMatchObject({ before: 2, after: 1 });
    expect(back.instances.map((instance) => instance.name)).toEqual(['finance']);
    expect(isAlive(secondPid)).toBe(false);
    expect(system.processes().map((entry) => entry.name)).not.toContain('finance#2');
  }, 120_000);

  it('should refuse a count out of range, an unknown service and a service not in the system, and change nothing', async () => {
    const socket = join(folder, 'erp-up.sock');
    await expect(requestScale(socket, { service: 'finance', count: 0 })).rejects.toThrow(/from 1 to 8/);
    await expect(requestScale(socket, { service: 'finance', count: 9 })).rejects.toThrow(/from 1 to 8/);
    await expect(requestScale(socket, { service: 'nope' as 'finance', count: 2 })).rejects.toThrow(/unknown service/);
    await expect(requestScale(socket, { service: 'core', count: 2 })).rejects.toThrow(/not part of this system/);
    expect(system.instances('finance')).toHaveLength(1);
  });
});
