import { type ChildProcess, fork } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { ObserverConfig, ServiceName } from '@erp/contracts';
import { createTestDatabase } from '@erp/kit/testing';
import { createSystem } from '../system/create-system.js';
import type { CleanupStack } from './cleanup-stack.js';
import { distinctFreePorts } from './free-ports.js';
import type { ObserverBenchSettings } from './observer-settings.js';
import { defaultsOnly } from './system-env.js';

const OBSERVER_MAIN = fileURLToPath(new URL('../../../../services/observer/dist/main.js', import.meta.url));
// The seven services besides the observer; core runs twice, so the observer watches eight processes.
const SYSTEM_SERVICES: readonly ServiceName[] = ['gateway', 'auth', 'core', 'ai', 'reporting', 'notification', 'finance'];
const SCALED_SERVICE: ServiceName = 'core';
// As `erp up` starts a service (see create-system.ts), so the observer's memory is the one it would have there.
const SERVICE_NODE_OPTIONS = '--max-semi-space-size=4';
const STOP_TIMEOUT_MS = 15_000;

/** A watched instance: its name in the observer's config, its address and its process. */
export interface WatchedInstance {
  readonly name: string;
  readonly url: string;
  readonly pid: number;
}

/** A running observer process of the benchmark. */
export interface ObserverProcess {
  readonly pid: number;
  /** SIGTERM, then waits for the exit (SIGKILL after 15 s). */
  stop(): Promise<void>;
}

export interface ObserverStack {
  readonly watched: readonly WatchedInstance[];
  /** Admin URL of the observer's own database (nothing else uses it). */
  readonly observerDatabaseUrl: string;
  /** Starts an observer watching every instance of `watched`; resolves once its `/health` passes. */
  startObserver(): Promise<ObserverProcess>;
  /** Every process started so far (services, observers), for the leftover check. */
  pids(): number[];
}

/**
 * The real system (seven services, core scaled to two instances) on a fresh database, and an observer_config.json
 * in a temporary folder that lists the eight instances with `interval_ms` from the settings. The observer gets a
 * database of its own, so it finds no instance registry entries of the system: it polls exactly the eight
 * configured URLs. Everything opened is pushed onto `cleanup`.
 */
export async function startObserverStack(
  serverAdminUrl: string,
  env: Readonly<Record<string, string | undefined>>,
  settings: ObserverBenchSettings,
  cleanup: CleanupStack,
): Promise<ObserverStack> {
  const systemDatabase = await createTestDatabase(serverAdminUrl);
  cleanup.push(() => systemDatabase.drop());
  const observerDatabase = await createTestDatabase(serverAdminUrl);
  cleanup.push(() => observerDatabase.drop());
  const ports = await distinctFreePorts(SYSTEM_SERVICES.length + 1);
  const observerPort = ports[SYSTEM_SERVICES.length] as number;
  const system = createSystem({
    env: defaultsOnly(env),
    databaseUrl: systemDatabase.adminUrl,
    services: SYSTEM_SERVICES,
    // The observer's port too: the gateway's OBSERVER_URL then points at the benchmark's observer, never at another system's.
    ports: { ...Object.fromEntries(SYSTEM_SERVICES.map((name, index) => [name, ports[index]])), observer: observerPort },
    logLevel: 'warn',
    onLine: (line) => {
      if (line.stream === 'stderr') process.stderr.write(`[system] ${line.source}: ${line.text}\n`);
    },
  });
  const pids = new Set<number>();
  cleanup.push(() => system.stop());
  await system.start();
  await system.scale(SCALED_SERVICE, 2);
  const watched: WatchedInstance[] = SYSTEM_SERVICES.flatMap((service) =>
    system.instances(service).map((instance, index) => {
      const name = index === 0 ? service : `${service}_${index + 1}`;
      if (instance.pid === undefined) throw new Error(`${name} has no process`);
      pids.add(instance.pid);
      return { name, url: instance.url, pid: instance.pid };
    }),
  );
  const folder = await mkdtemp(join(tmpdir(), 'erp-bench-observer-'));
  cleanup.push(() => rm(folder, { recursive: true, force: true }));
  const configPath = join(folder, 'observer_config.json');
  await writeFile(configPath, JSON.stringify(observerFile(watched, settings.intervalMs), null, 2));
  // The observer's defaults, whatever the caller's environment tunes (OBSERVER_CONCURRENCY, INFLUX_URL, ...).
  const inherited = Object.entries(defaultsOnly(env)).filter(([name]) => !name.startsWith('OBSERVER_') && !name.startsWith('INFLUX_'));
  const observerEnv: Record<string, string | undefined> = {
    ...Object.fromEntries(inherited),
    PORT: String(observerPort),
    HOST: '127.0.0.1',
    DATABASE_URL: observerDatabase.adminUrl,
    OBSERVER_CONFIG: configPath,
    LOG_LEVEL: 'warn',
    NODE_OPTIONS: [SERVICE_NODE_OPTIONS, env.NODE_OPTIONS].filter(Boolean).join(' '),
  };
  return {
    watched,
    observerDatabaseUrl: observerDatabase.adminUrl,
    async startObserver() {
      const observer = await startObserver(observerEnv, `http://127.0.0.1:${observerPort}`);
      pids.add(observer.pid);
      cleanup.push(() => observer.stop());
      return observer;
    },
    pids: () => [...pids],
  };
}

/** observer_config.json for the benchmark: the eight instances, each a service of its own name. */
function observerFile(instances: readonly { name: string; url: string }[], intervalMs: number): ObserverConfig {
  return {
    interval_ms: intervalMs,
    defaults: { latency_p95_ms: 500, cpu_percent: 70, memory_growth_mb_per_hour: 10, error_rate: 0.01, event_loop_lag_ms: 100 },
    services: Object.fromEntries(instances.map((instance) => [instance.name, { url: instance.url, critical_endpoints: ['GET /health'] }])),
    alerts: { critical_after: 3, notify: { channel: 'email', to: 'ops@example.com' } },
  };
}

async function startObserver(env: Record<string, string | undefined>, url: string): Promise<ObserverProcess> {
  const child = fork(OBSERVER_MAIN, [], { env, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const stop = () => stopChild(child);
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the observer exited with code ${child.exitCode} before it was ready`);
    const healthy = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) })
      .then(async (response) => {
        await response.arrayBuffer();
        return response.status === 200;
      })
      .catch(() => false);
    if (healthy && child.pid !== undefined) return { pid: child.pid, stop };
    await sleep(100);
  }
  await stop();
  throw new Error('the observer was not healthy within 60 s');
}

/** Idempotent: SIGTERM once, SIGKILL if it has not exited after {@link STOP_TIMEOUT_MS}. */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
