import { randomBytes } from 'node:crypto';
import { type CliEnvironment, parseCount, parsePort, toDataDir, UsageError } from '../config.js';
import type { SystemOptions } from '../system/options.js';
import { parseFlags } from './arguments.js';

const PORT_SPAN = 10;
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** The flags `erp up` accepts; `erp up --help` prints the same list. */
export const UP_FLAGS = {
  detach: { type: 'boolean', short: 'd' },
  'port-base': { type: 'string' },
  host: { type: 'string' },
  timeout: { type: 'string' },
  restarts: { type: 'string' },
  'log-level': { type: 'string' },
  'data-dir': { type: 'string' },
  autoscale: { type: 'boolean' },
  'autoscale-interval': { type: 'string' },
} as const;

/** Parsed `erp up` flags: the system to start and how to run it. */
export interface UpInvocation {
  readonly detach: boolean;
  readonly dataDir: string;
  readonly readyTimeoutMs: number;
  /** With `--autoscale`: how often the launcher asks the observer for its scaling recommendations. */
  readonly autoscaleIntervalMs: number | undefined;
  readonly system: Omit<SystemOptions, 'onLine' | 'onEvent' | 'onFailure'>;
}

/** Turns `erp up` flags plus the environment into system options; a bad flag throws a UsageError. */
export function toUpInvocation(argv: readonly string[], environment: CliEnvironment): UpInvocation {
  const flags = parseFlags(argv, UP_FLAGS);
  const logLevel = flags['log-level'];
  if (logLevel !== undefined && !LOG_LEVELS.includes(logLevel)) throw new UsageError(`--log-level must be one of ${LOG_LEVELS.join(', ')}`);
  const dataDir = flags['data-dir'] ? toDataDir(flags['data-dir']) : environment.dataDir;
  const readyTimeoutMs = flags.timeout ? parseCount(flags.timeout, '--timeout', 1) * 1000 : 60_000;
  const portBase = flags['port-base'] ? parsePort(flags['port-base'], '--port-base') : undefined;
  // The observer sits 10 above the gateway; every port must stay a valid one.
  if (portBase !== undefined && portBase + PORT_SPAN > 65_535) throw new UsageError(`--port-base must be at most ${65_535 - PORT_SPAN}`);
  const autoscaleIntervalMs = flags.autoscale
    ? (flags['autoscale-interval'] ? parseCount(flags['autoscale-interval'], '--autoscale-interval', 2) : 15) * 1000
    : undefined;
  if (!flags.autoscale && flags['autoscale-interval']) throw new UsageError('--autoscale-interval needs --autoscale');
  return {
    detach: flags.detach ?? false,
    dataDir,
    readyTimeoutMs,
    autoscaleIntervalMs,
    system: {
      // The secret through which the launcher reads the observer's scaling recommendations (autoscale only).
      env: autoscaleIntervalMs === undefined ? environment.env : { ...environment.env, OBSERVER_CONTROL_TOKEN: randomBytes(32).toString('base64url') },
      dataDir,
      databaseUrl: environment.databaseUrl,
      embeddedPostgresPort: environment.embeddedPostgresPort,
      host: flags.host,
      portBase,
      ports: environment.ports,
      logLevel,
      readyTimeoutMs,
      restartLimit: flags.restarts ? parseCount(flags.restarts, '--restarts', 0) : undefined,
    },
  };
}
