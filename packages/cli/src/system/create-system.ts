import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import type { ServiceName } from '@erp/contracts';
import type { ReadyService } from '../health-table.js';
import { POSTGRES_ENTRY, serviceEntry } from '../paths.js';
import { type SupervisedProcess, type SupervisorEvent, type SupervisorOptions, superviseProcess } from '../supervisor/supervisor.js';
import { type DatabaseInfo, externalDatabase, startEmbeddedDatabase } from './database.js';
import { createDeferred } from './deferred.js';
import { eventLine } from './event-lines.js';
import { type SystemOptions, type SystemSettings, toSystemSettings } from './options.js';
import { findBusyPorts, freePort, resolvePorts, serviceUrl, upstreamVariable } from './ports.js';
import { waitUntilHealthy } from './readiness.js';

// A process that ran this long before it crashed counts as having worked; its restart count starts over.
const STABLE_AFTER_MS = 30_000;
// V8 sizes the young generation for a large heap by default (about 100 MB of heap reserved at idle); 4 MB
// semi-spaces cut a service's idle RSS by about 20 MB with no measurable loss of throughput on a fast route
// (both measured with the platform benchmark's fixtures). The operator's own NODE_OPTIONS come after and win.
const SERVICE_NODE_OPTIONS = '--max-semi-space-size=4';
// The per-service waits end at the deadline with their own, more precise reasons; this lets them win.
const REPORT_MARGIN_MS = 1_000;

/** A service of the system with the address it will listen on. */
export interface PlannedService {
  readonly name: ServiceName;
  readonly port: number;
  readonly url: string;
}

/** What `start()` resolves to once every service passes `/health`. */
export interface ReadySystem {
  readonly services: readonly ReadyService[];
  readonly database: DatabaseInfo;
  /** Milliseconds from `start()` until the last service was healthy. */
  readonly readyMs: number;
}

/** A supervised process of the system and its current pid. */
export interface SystemProcess {
  readonly name: string;
  readonly pid: number | undefined;
}

/** One running instance of a service. */
export interface ServiceInstance {
  /** The supervisor's name: the service's name for its first instance, `core#2`, `core#3`, ... for the others. */
  readonly name: string;
  readonly url: string;
  readonly pid: number | undefined;
}

/** What `scale()` did. */
export interface ScaleOutcome {
  readonly service: ServiceName;
  readonly before: number;
  readonly after: number;
  readonly instances: readonly ServiceInstance[];
}

/** The most instances of one service `scale()` starts: a 2-core machine gains nothing from more. */
export const MAX_INSTANCES = 8;

/** The whole ERP as a set of supervised processes. */
export interface ErpSystem {
  readonly services: readonly PlannedService[];
  /** Starts the database (if needed) and every service; resolves once all pass `/health`. */
  start(): Promise<ReadySystem>;
  /** Stops the services, then the database; safe to call at any time and more than once. */
  stop(): Promise<void>;
  /** SIGKILL to every process group at once, for when a graceful stop takes too long. */
  kill(): void;
  /** The processes running now (services and embedded PostgreSQL). */
  processes(): SystemProcess[];
  /**
   * Starts or stops instances of a running service until `count` run (1..{@link MAX_INSTANCES}). A new
   * instance listens on a free port and registers itself in the instance registry, where the gateway and the
   * observer find it; scaling in stops the newest instances first, gracefully, and never the first one.
   */
  scale(service: ServiceName, count: number): Promise<ScaleOutcome>;
  /** The running instances of a service, the first one first. */
  instances(service: ServiceName): ServiceInstance[];
}

/** Thrown by `start()` when `stop()` was called before the system was ready. */
export class SystemStoppedError extends Error {
  constructor() {
    super('the system was stopped before it was ready');
  }
}

/**
 * Plans the system described by `options`; nothing runs until `start()`.
 *
 * ### Example
 * ```ts
 * const system = createSystem({ env: process.env, portBase: 18000 });
 * const ready = await system.start();
 * // ... use ready.services[0].url ...
 * await system.stop();
 * ```
 */
export function createSystem(options: SystemOptions): ErpSystem {
  return new SupervisedSystem(toSystemSettings(options));
}

class SupervisedSystem implements ErpSystem {
  readonly services: readonly PlannedService[];
  readonly #settings: SystemSettings;
  readonly #ports: Record<ServiceName, number>;
  readonly #running = new Map<string, SupervisedProcess>();
  readonly #aborted = new AbortController();
  readonly #failed = createDeferred<never>();
  readonly #supervisorOptions: SupervisorOptions;
  /** Instances beyond the first, per service, oldest first. */
  readonly #extras = new Map<ServiceName, { name: string; url: string; process: SupervisedProcess }[]>();
  #database: DatabaseInfo | undefined;
  /** Scaling is done one request at a time, so two requests cannot both count the same instances. */
  #scaling: Promise<unknown> = Promise.resolve();
  #ready = false;
  #stopped: Promise<void> | undefined;

  constructor(settings: SystemSettings) {
    this.#settings = settings;
    this.#ports = resolvePorts(settings.portBase, settings.ports);
    this.services = settings.services.map((name) => ({ name, port: this.#ports[name], url: serviceUrl(settings.host, this.#ports[name]) }));
    this.#supervisorOptions = {
      restartLimit: settings.restartLimit,
      backoff: settings.backoff,
      stableAfterMs: STABLE_AFTER_MS,
      stopTimeoutMs: settings.stopTimeoutMs,
      onLine: settings.onLine,
      onEvent: (event) => this.#onEvent(event),
    };
  }

  async start(): Promise<ReadySystem> {
    const startedAt = Date.now();
    const deadline = startedAt + this.#settings.readyTimeoutMs;
    try {
      await checkPrerequisites(this.#settings, this.services);
      const database = await this.#startDatabase(deadline);
      this.#database = database;
      const services = await this.#startServices(database, deadline);
      this.#throwIfStopped();
      this.#ready = true;
      return { services, database, readyMs: Date.now() - startedAt };
    } catch (error) {
      await this.stop();
      throw error;
    }
  }

  stop(): Promise<void> {
    this.#stopped ??= (async () => {
      this.#aborted.abort();
      const services = [...this.#running.entries()].filter(([name]) => name !== 'postgres').map(([, child]) => child.stop());
      await Promise.all(services);
      await this.#running.get('postgres')?.stop();
    })();
    return this.#stopped;
  }

  kill(): void {
    this.#aborted.abort();
    for (const child of this.#running.values()) child.kill();
  }

  processes(): SystemProcess[] {
    return [...this.#running.values()].map((child) => ({ name: child.name, pid: child.pid }));
  }

  instances(service: ServiceName): ServiceInstance[] {
    const planned = this.services.find((entry) => entry.name === service);
    if (!planned) return [];
    const first = { name: planned.name, url: planned.url, pid: this.#running.get(planned.name)?.pid };
    return [first, ...(this.#extras.get(service) ?? []).map((extra) => ({ name: extra.name, url: extra.url, pid: extra.process.pid }))];
  }

  scale(service: ServiceName, count: number): Promise<ScaleOutcome> {
    const run = this.#scaling.then(() => this.#scaleNow(service, count));
    this.#scaling = run.catch(() => {});
    return run;
  }

  async #scaleNow(service: ServiceName, count: number): Promise<ScaleOutcome> {
    const planned = this.services.find((entry) => entry.name === service);
    if (!planned) throw new RangeError(`${service} is not part of this system`);
    if (!Number.isInteger(count) || count < 1 || count > MAX_INSTANCES)
      throw new RangeError(`instances must be a whole number from 1 to ${MAX_INSTANCES}, not ${count}`);
    if (!this.#ready || !this.#database || this.#stopped) throw new Error('the system is not running');
    const extras = this.#extras.get(service) ?? [];
    this.#extras.set(service, extras);
    const before = 1 + extras.length;
    while (1 + extras.length < count) {
      const port = await freePort(this.#settings.host);
      const url = serviceUrl(this.#settings.host, port);
      const name = `${service}#${this.#nextOrdinal(service)}`;
      const env = serviceEnvironment(this.#settings, { name: service, port, url }, this.#ports, this.#database.url);
      const child = superviseProcess({ name, entry: serviceEntry(this.#settings.root, service), env }, this.#supervisorOptions);
      this.#running.set(name, child);
      extras.push({ name, url, process: child });
      const deadline = Date.now() + this.#settings.readyTimeoutMs;
      await waitUntilHealthy(url, { deadline, signal: this.#aborted.signal, pid: () => child.pid }).catch(async (error: unknown) => {
        extras.pop();
        this.#running.delete(name);
        await child.stop();
        throw new Error(`${name} did not become healthy: ${error instanceof Error ? error.message : String(error)}`);
      });
    }
    while (1 + extras.length > count) {
      const newest = extras.pop();
      if (!newest) break;
      await newest.process.stop();
      this.#running.delete(newest.name);
    }
    return { service, before, after: 1 + extras.length, instances: this.instances(service) };
  }

  /** The next free ordinal: `core#2` again after it was stopped, never one that still runs. */
  #nextOrdinal(service: ServiceName): number {
    let ordinal = 2;
    while (this.#running.has(`${service}#${ordinal}`)) ordinal += 1;
    return ordinal;
  }

  #onEvent(event: SupervisorEvent): void {
    this.#settings.onEvent(event);
    const line = eventLine(event, this.#settings.restartLimit);
    if (line) this.#settings.onLine(line);
    if (event.type !== 'gave-up' || this.#stopped) return;
    const error = new Error(`${event.name} stopped for good: ${event.reason}`);
    if (this.#ready) this.#settings.onFailure(error);
    else this.#failed.reject(error);
  }

  async #startDatabase(deadline: number): Promise<DatabaseInfo> {
    if (this.#settings.databaseUrl) return externalDatabase(this.#settings.databaseUrl);
    // As root the server runs as the postgres user, which must be able to enter this folder.
    await mkdir(this.#settings.dataDir, { recursive: true, mode: 0o755 });
    this.#throwIfStopped();
    const embedded = startEmbeddedDatabase(this.#settings.dataDir, this.#settings.embeddedPostgresPort, this.#settings.env, this.#supervisorOptions);
    this.#running.set('postgres', embedded.process);
    return this.#interruptible(embedded.ready, deadline, 'starting embedded PostgreSQL');
  }

  async #startServices(database: DatabaseInfo, deadline: number): Promise<ReadyService[]> {
    this.#throwIfStopped();
    const spawnedAt = Date.now();
    for (const service of this.services) {
      const env = serviceEnvironment(this.#settings, service, this.#ports, database.url);
      this.#running.set(
        service.name,
        superviseProcess({ name: service.name, entry: serviceEntry(this.#settings.root, service.name), env }, this.#supervisorOptions),
      );
    }
    const waits = this.services.map(async (service): Promise<ReadyService> => {
      const pid = () => this.#running.get(service.name)?.pid;
      const status = await waitUntilHealthy(service.url, { deadline, signal: this.#aborted.signal, pid }).catch((error: unknown) => {
        throw new Error(`${service.name} (${error instanceof Error ? error.message : String(error)})`);
      });
      return { name: service.name, url: service.url, pid: pid(), status, startupMs: Date.now() - spawnedAt };
    });
    return this.#interruptible(allOrReport(waits), deadline + REPORT_MARGIN_MS, 'waiting for every /health to pass');
  }

  /** Every wait during start also ends when a process is given up, when stop() is called, or at the deadline. */
  #interruptible<T>(work: Promise<T>, deadline: number, what: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} took longer than ${this.#settings.readyTimeoutMs} ms`)), Math.max(0, deadline - Date.now()));
    });
    const stopping = new Promise<never>((_resolve, reject) => {
      if (this.#aborted.signal.aborted) reject(new SystemStoppedError());
      this.#aborted.signal.addEventListener('abort', () => reject(new SystemStoppedError()), { once: true });
    });
    return Promise.race([work, this.#failed.promise, late, stopping]).finally(() => clearTimeout(timer));
  }

  #throwIfStopped(): void {
    if (this.#aborted.signal.aborted) throw new SystemStoppedError();
  }
}

/** Waits for all; if some failed, one error names every one of them, not just the first. */
async function allOrReport<T>(waits: readonly Promise<T>[]): Promise<T[]> {
  const results = await Promise.allSettled(waits);
  const failures = results.flatMap((result) =>
    result.status === 'rejected' ? [result.reason instanceof Error ? result.reason.message : String(result.reason)] : [],
  );
  if (failures.length > 0) throw new Error(`not healthy in time: ${failures.join('; ')}`);
  return results.map((result) => (result as PromiseFulfilledResult<T>).value);
}

/**
 * Plans and starts the system in one call; see {@link createSystem}. On failure everything already
 * started is stopped before the error is thrown.
 */
export async function startSystem(options: SystemOptions): Promise<ReadySystem & Pick<ErpSystem, 'stop' | 'kill' | 'processes' | 'scale' | 'instances'>> {
  const system = createSystem(options);
  const ready = await system.start();
  return {
    ...ready,
    stop: () => system.stop(),
    kill: () => system.kill(),
    processes: () => system.processes(),
    scale: (service, count) => system.scale(service, count),
    instances: (service) => system.instances(service),
  };
}

async function checkPrerequisites(settings: SystemSettings, planned: readonly PlannedService[]): Promise<void> {
  const entries = [...planned.map((service) => serviceEntry(settings.root, service.name)), ...(settings.databaseUrl ? [] : [POSTGRES_ENTRY])];
  const missing = entries.filter((entry) => !existsSync(entry));
  if (missing.length > 0) throw new Error(`not built yet: ${missing.join(', ')} is missing. Run "npm run build" first.`);
  const busy = await findBusyPorts(
    settings.host,
    planned.map((service) => service.port),
  );
  if (busy.length > 0) {
    const owners = planned.filter((service) => busy.includes(service.port)).map((service) => `${service.port} (${service.name})`);
    throw new Error(`ports already in use: ${owners.join(', ')}. Stop what uses them, or choose other ports with --port-base or ERP_<SERVICE>_PORT.`);
  }
}

function serviceEnvironment(
  settings: SystemSettings,
  service: PlannedService,
  ports: Record<ServiceName, number>,
  databaseUrl: string,
): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...settings.env, PORT: String(service.port), HOST: settings.host, DATABASE_URL: databaseUrl };
  if (settings.logLevel) env.LOG_LEVEL = settings.logLevel;
  env.NODE_OPTIONS = [SERVICE_NODE_OPTIONS, settings.env.NODE_OPTIONS].filter(Boolean).join(' ');
  // Every service verifies access tokens against the auth service's keys, wherever it listens.
  if (service.name !== 'auth') env.AUTH_URL = serviceUrl(settings.host, ports.auth);
  if (service.name === 'gateway') {
    for (const [name, port] of Object.entries(ports)) {
      if (name !== 'gateway') env[upstreamVariable(name as ServiceName)] = serviceUrl(settings.host, port);
    }
  }
  // The assistant's tools call core and finance with the user's token.
  if (service.name === 'ai') for (const name of ['core', 'finance'] as const) env[upstreamVariable(name)] = serviceUrl(settings.host, ports[name]);
  // finance asks ai over gRPC on ai's HTTP port + 1000 (9003 by default), so shifted ports never collide. Only
  // the first ai instance serves gRPC, since finance knows that one address; `erp scale` adds HTTP instances.
  if (service.name === 'ai') env.AI_GRPC_PORT = service.port === ports.ai ? String(aiGrpcPort(ports)) : 'off';
  if (service.name === 'finance') env.AI_GRPC_URL = serviceUrl(settings.host, aiGrpcPort(ports)).replace(/^http:\/\//, '');
  return env;
}

/** The port of ai's gRPC server under `erp up`: ai's HTTP port + 1000. */
function aiGrpcPort(ports: Record<ServiceName, number>): number {
  return ports.ai + 1000;
}
