import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { ObserverConfig as ObserverFile, Permission } from '@erp/contracts';
import { connectServiceDb, createService, type ServiceApp, type ServiceDb, type ServiceRegistry } from '@erp/kit';
import { createTestDatabase, createTestTokens, freePort, type TestDatabase, type TestTokens } from '@erp/kit/testing';
import { buildApp } from '../src/app.js';
import type { Monitor } from '../src/collect/monitor.js';
import { loadConfig } from '../src/config.js';
import type { ObserverDb } from '../src/db/schema.js';

export const migrationsFolder = fileURLToPath(new URL('../dist/db/migrations', import.meta.url));

/**
 * A valid observer_config.json with no services; pass fields to override. The interval only matters to tests
 * that poll on the timer; it also caps the request timeout, so it is long enough for a busy test machine.
 */
export function observerFile(overrides: Partial<ObserverFile> = {}): ObserverFile {
  return {
    interval_ms: 5000,
    defaults: { latency_p95_ms: 500, cpu_percent: 95, memory_growth_mb_per_hour: 10, error_rate: 0.5, event_loop_lag_ms: 400 },
    services: {},
    alerts: { critical_after: 2, notify: { channel: 'email', to: 'ops@example.com' } },
    ...overrides,
  };
}

/** Writes `content` (an object as JSON, or raw text) to a fresh file and returns its path and a cleanup. */
export async function writeConfigFile(content: unknown): Promise<{ path: string; write(next: unknown): Promise<void>; remove(): Promise<void> }> {
  const folder = await mkdtemp(join(tmpdir(), 'erp-observer-'));
  const path = join(folder, 'observer_config.json');
  const write = (next: unknown) => writeFile(path, typeof next === 'string' ? next : JSON.stringify(next, null, 2));
  await write(content);
  return { path, write, remove: () => rm(folder, { recursive: true, force: true }) };
}

export interface TestObserver {
  app: ServiceApp;
  db: ServiceDb<ObserverDb>;
  database: TestDatabase;
  tokens: TestTokens;
  monitor: Monitor;
  configFile: Awaited<ReturnType<typeof writeConfigFile>>;
  /** `Authorization` header of a token with `permissions` (default: observer.monitoring:read). */
  bearer(permissions?: readonly Permission[]): Promise<string>;
  close(): Promise<void>;
}

export interface TestObserverOptions {
  file?: unknown;
  env?: Record<string, string>;
  registry?: Pick<ServiceRegistry, 'list'>;
  /** Poll on the timer (true) or only when the test calls `monitor.poll()` (false, the default). */
  collect?: boolean;
  now?: () => Date;
}

/** The observer on a fresh database of `serverAdminUrl`, reading a config file of its own. */
export async function buildTestObserver(serverAdminUrl: string, options: TestObserverOptions = {}): Promise<TestObserver> {
  const database = await createTestDatabase(serverAdminUrl);
  const configFile = await writeConfigFile(options.file ?? observerFile());
  const config = loadConfig({ DATABASE_URL: database.adminUrl, LOG_LEVEL: 'silent', OBSERVER_CONFIG: configFile.path, ...options.env });
  const db = await connectServiceDb<ObserverDb>({ adminUrl: database.adminUrl, service: 'observer', migrationsFolder });
  const tokens = await createTestTokens();
  let monitor: Monitor | undefined;
  const app = await buildApp({
    config,
    db,
    registry: options.registry,
    verifier: tokens.verifier,
    collect: options.collect ?? false,
    now: options.now,
    onMonitor: (created) => {
      monitor = created;
    },
  });
  await app.ready();
  return {
    app,
    db,
    database,
    tokens,
    monitor: monitor as Monitor,
    configFile,
    bearer: (permissions = ['observer.monitoring:read']) => tokens.bearer({ tenantId: '00000000-0000-4000-8000-000000000001', permissions }),
    close: async () => {
      await app.close();
      await configFile.remove();
      await database.drop();
    },
  };
}

export interface TestService {
  app: ServiceApp;
  url: string;
  /** How long `GET /slow` takes from now on. */
  setDelayMs(ms: number): void;
  /** The status `GET /flaky` answers from now on. */
  setStatus(status: number): void;
  close(): Promise<void>;
}

/**
 * A service built with the kit, with a real database (so its `/health` passes), on a random port: `GET /slow`
 * answers after the delay the test sets, `GET /flaky` with the status it sets.
 */
export async function startTestService(adminUrl: string, name = 'slowpoke'): Promise<TestService> {
  const db = await connectServiceDb({ adminUrl, service: name });
  const app = await createService({ name, version: '0.0.1', config: { port: 0, logLevel: 'silent', bodyLimitBytes: 64 * 1024 }, db });
  let delayMs = 0;
  let status = 200;
  app.get('/slow', async () => {
    await sleep(delayMs);
    return { slow: delayMs };
  });
  app.get('/flaky', async (_request, reply) => reply.code(status).send({ status }));
  const url = await app.listen({ port: await freePort(), host: '127.0.0.1' });
  // A running service has answered its first health check (and connected its pool) long before it is watched.
  await fetch(`${url}/health`).then((response) => response.arrayBuffer());
  return {
    app,
    url,
    setDelayMs: (ms) => {
      delayMs = ms;
    },
    setStatus: (next) => {
      status = next;
    },
    close: async () => {
      const closing = app.close();
      app.server.closeAllConnections();
      await closing;
    },
  };
}

/** Sends requests to `url` from `concurrency` loops until the returned stop function is called. */
export function driveLoad(url: string, concurrency = 3): () => Promise<void> {
  let running = true;
  const loop = async () => {
    while (running) {
      await fetch(url)
        .then((response) => response.arrayBuffer())
        .catch(() => sleep(10));
    }
  };
  const loops = Array.from({ length: concurrency }, loop);
  return async () => {
    running = false;
    await Promise.all(loops);
  };
}
