import { join } from 'node:path';
import { SERVICES, type ServiceName } from '@erp/contracts';
import { REPO_ROOT } from '../paths.js';
import { type BackoffOptions, DEFAULT_BACKOFF } from '../supervisor/backoff.js';
import type { OutputLine, SupervisorEvent } from '../supervisor/supervisor.js';

/** The port embedded PostgreSQL listens on unless told otherwise; far from the usual 5432. */
export const DEFAULT_EMBEDDED_POSTGRES_PORT = 54329;

/** How to start the system; only `env` is required. */
export interface SystemOptions {
  /** The environment every process inherits (PATH, REDIS_URL, AMQP_URL, ...); usually `process.env`. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Repository root with `services/<name>/dist/main.js`; defaults to the one this CLI belongs to. */
  readonly root?: string;
  /** Folder for embedded PostgreSQL's cluster (`<dataDir>/postgres`); defaults to `<root>/.data`. */
  readonly dataDir?: string;
  /** An existing PostgreSQL (admin URL); without it, embedded PostgreSQL is started. */
  readonly databaseUrl?: string;
  readonly embeddedPostgresPort?: number;
  /** The address the services listen on; 127.0.0.1 unless given. */
  readonly host?: string;
  /** Shifts every default port: the gateway gets `portBase`, core `portBase + 2`, and so on. */
  readonly portBase?: number;
  /** Ports of single services; they win over `portBase`. */
  readonly ports?: Partial<Record<ServiceName, number>>;
  /** The services to start; all eight unless given. */
  readonly services?: readonly ServiceName[];
  /** LOG_LEVEL for every service; inherited from `env` unless given. */
  readonly logLevel?: string;
  /** How long all services together may take to pass `/health`. */
  readonly readyTimeoutMs?: number;
  /** Restarts in a row after which a crashing process is given up (and the system stops). */
  readonly restartLimit?: number;
  readonly backoff?: BackoffOptions;
  /** How long a process may take to stop after SIGTERM before it gets SIGKILL. */
  readonly stopTimeoutMs?: number;
  /** Every output line of every process, and the system's own notes (source `erp`). */
  readonly onLine?: (line: OutputLine) => void;
  readonly onEvent?: (event: SupervisorEvent) => void;
  /** Called when a process is given up after the system was ready; the caller decides to stop. */
  readonly onFailure?: (error: Error) => void;
}

/** {@link SystemOptions} with every default filled in. */
export type SystemSettings = Required<Omit<SystemOptions, 'databaseUrl' | 'portBase' | 'logLevel'>> &
  Pick<SystemOptions, 'databaseUrl' | 'portBase' | 'logLevel'>;

/** Fills in the defaults of {@link SystemOptions}. */
export function toSystemSettings(options: SystemOptions): SystemSettings {
  const root = options.root ?? REPO_ROOT;
  return {
    ...options,
    root,
    dataDir: options.dataDir ?? join(root, '.data'),
    embeddedPostgresPort: options.embeddedPostgresPort ?? DEFAULT_EMBEDDED_POSTGRES_PORT,
    host: options.host ?? '127.0.0.1',
    ports: options.ports ?? {},
    services: options.services ?? SERVICES.map((service) => service.name),
    readyTimeoutMs: options.readyTimeoutMs ?? 60_000,
    restartLimit: options.restartLimit ?? 5,
    backoff: options.backoff ?? DEFAULT_BACKOFF,
    // Services allow themselves 10 s (SHUTDOWN_TIMEOUT_MS) to drain; this leaves them room to finish.
    stopTimeoutMs: options.stopTimeoutMs ?? 15_000,
    onLine: options.onLine ?? (() => {}),
    onEvent: options.onEvent ?? (() => {}),
    onFailure: options.onFailure ?? (() => {}),
  };
}
