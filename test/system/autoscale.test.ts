import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, freePort, type TestDatabase } from '@erp/kit/testing';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { type Autoscaler, startAutoscaler } from '../../packages/cli/dist/autoscale/autoscaler.js';
import { startSystem } from '../../packages/cli/dist/index.js';

// erp up --autoscale end to end: under load, the observer recommends a second finance instance, the launcher
// starts it, and the gateway sends it requests. A CPU target of 1 % makes the modest load of a test "too much".
type RunningSystem = Awaited<ReturnType<typeof startSystem>>;

const TOKEN = 'autoscale-test-secret-0123456789abcdefghijklmnop';

let database: TestDatabase;
let system: RunningSystem;
let autoscaler: Autoscaler;
let folder: string;
let gateway: string;
let token: string;
const decisions: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase(inject('adminUrl'));
  const ports = { gateway: await freePort(), auth: await freePort(), finance: await freePort(), observer: await freePort() };
  folder = mkdtempSync(join(tmpdir(), 'erp-autoscale-'));
  const configPath = join(folder, 'observer_config.json');
  const url = (port: number) => `http://127.0.0.1:${port}`;
  writeFileSync(
    configPath,
    JSON.stringify({
      interval_ms: 1000,
      defaults: { latency_p95_ms: 500, cpu_percent: 70, memory_growth_mb_per_hour: 1000, error_rate: 1, event_loop_lag_ms: 1000 },
      services: {
        gateway: { url: url(ports.gateway), critical_endpoints: ['GET /health'] },
        auth: { url: url(ports.auth), critical_endpoints: ['GET /health'] },
        finance: {
          url: url(ports.finance),
          critical_endpoints: ['GET /health'],
          thresholds: { cpu_percent: 1 },
          scaling: { min_instances: 1, max_instances: 2 },
        },
        observer: { url: url(ports.observer), critical_endpoints: ['GET /health'] },
      },
      alerts: { critical_after: 3, notify: { channel: 'email', to: 'ops@example.com' } },
    }),
  );
  const { REDIS_URL, AMQP_URL, ...env } = process.env;
  system = await startSystem({
    // The default per-user limit (600/min) would answer this test's load with 429s before it reached finance.
    env: {
      ...env,
      LOG_LEVEL: 'warn',
      REGISTRY_REFRESH_MS: '200',
      RATE_LIMITS: '/=user:100000/1m',
      OBSERVER_CONFIG: configPath,
      OBSERVER_CONTROL_TOKEN: TOKEN,
    },
    databaseUrl: database.adminUrl,
    services: ['gateway', 'auth', 'finance', 'observer'],
    ports,
  });
  gateway = url(ports.gateway);
  const post = (path: string, body: unknown) =>
    fetch(`${gateway}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(
    (await post('/api/v1/auth/register', { company_name: 'Autoscale GmbH', email: 'ops@autoscale.example', password: 'Sichere-Passphrase-2026' })).status,
  ).toBe(201);
  token = (
    (await (await post('/api/v1/auth/login', { email: 'ops@autoscale.example', password: 'Sichere-Passphrase-2026' })).json()) as { access_token: string }
  ).access_token;
  autoscaler = startAutoscaler(system, {
    scalingUrl: `${url(ports.observer)}/internal/v1/scaling?window_min=1`,
    token: TOKEN,
    intervalMs: 1000,
    log: (line) => decisions.push(line),
  });
}, 120_000);

afterAll(async () => {
  await autoscaler?.stop();
  await system?.stop();
  await database?.drop();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

async function financeRequests(instanceUrl: string): Promise<number> {
  const text = await (await fetch(`${instanceUrl}/metrics`)).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith('http_request_duration_seconds_count') && line.includes('route="/api/v1/finance/tax-codes"'))
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
}

describe('erp up --autoscale', () => {
  it('should start a second instance under load, with the reason logged, and the gateway should use it', async () => {
    let loading = true;
    const load = (async () => {
      while (loading) {
        await Promise.all(
          Array.from({ length: 4 }, () =>
            fetch(`${gateway}/api/v1/finance/tax-codes`, { headers: { authorization: `Bearer ${token}` } }).then(async (response) => {
              await response.arrayBuffer();
              expect(response.status).toBe(409); // finance is not set up for this tenant: answered by finance itself
            }),
          ),
        );
      }
    })();
    try {
      await vi.waitFor(() => expect(system.instances('finance')).toHaveLength(2), { timeout: 60_000, interval: 500 });
      const second = system.instances('finance')[1]?.url as string;
      await vi.waitFor(async () => expect(await financeRequests(second)).toBeGreaterThan(10), { timeout: 20_000, interval: 500 });
    } finally {
      loading = false;
      await load;
    }
    expect(decisions.find((line) => line.startsWith('autoscale: finance 1 → 2'))).toMatch(/req\/s.*bounds 1\.\.2/);
    // The bound holds: never a third instance.
    expect(system.instances('finance')).toHaveLength(2);
  }, 120_000);
});
