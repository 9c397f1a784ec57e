import { isAbsolute, join, resolve } from 'node:path';
import { SERVICES, type ServiceName } from '@erp/contracts';
import { REPO_ROOT } from './paths.js';
import { DEFAULT_EMBEDDED_POSTGRES_PORT } from './system/options.js';

/** A wrong flag or variable: `main` prints the message and exits with code 2. */
export class UsageError extends Error {}

/** What the CLI takes from its environment; the only place that reads `process.env`. */
export interface CliEnvironment {
  /** Passed on to every process the CLI starts. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly databaseUrl: string | undefined;
  /** `ERP_DATA_DIR`, or `.data` at the repository root. */
  readonly dataDir: string;
  /** `ERP_EMBEDDED_PG_PORT`, or 54329. */
  readonly embeddedPostgresPort: number;
  /** `ERP_<SERVICE>_PORT` for each service that has one. */
  readonly ports: Partial<Record<ServiceName, number>>;
  /** Colours in log prefixes are off when `NO_COLOR` is set or `TERM=dumb`. */
  readonly colourAllowed: boolean;
}

/** Reads and checks the CLI's variables once; a bad value throws a {@link UsageError} naming it. */
export function readEnvironment(env: Readonly<Record<string, string | undefined>> = process.env): CliEnvironment {
  const ports: Partial<Record<ServiceName, number>> = {};
  for (const service of SERVICES) {
    const name = `ERP_${service.name.toUpperCase()}_PORT`;
    const value = env[name];
    if (value !== undefined && value !== '') ports[service.name] = parsePort(value, name);
  }
  const embedded = env.ERP_EMBEDDED_PG_PORT;
  return {
    env,
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: toDataDir(env.ERP_DATA_DIR),
    embeddedPostgresPort: embedded ? parsePort(embedded, 'ERP_EMBEDDED_PG_PORT') : DEFAULT_EMBEDDED_POSTGRES_PORT,
    ports,
    colourAllowed: !env.NO_COLOR && env.TERM !== 'dumb',
  };
}

/** A data folder given on the command line or in `ERP_DATA_DIR`, absolute; `.data` at the root by default. */
export function toDataDir(value: string | undefined): string {
  if (!value) return join(REPO_ROOT, '.data');
  return isAbsolute(value) ? value : resolve(value);
}

/** Parses a TCP port (1-65535) from a flag or variable called `name`. */
export function parsePort(value: string, name: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port < 1 || port > 65_535) throw new UsageError(`${name}=${value} is not a TCP port (1-65535)`);
  return port;
}

/** Parses a whole number of at least `minimum` from a flag or variable called `name`. */
export function parseCount(value: string, name: string, minimum: number): number {
  const count = Number(value);
  if (!/^\d+$/.test(value) || count < minimum) throw new UsageError(`${name}=${value} is not a whole number of at least ${minimum}`);
  return count;
}
