import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { isAlive, waitUntilGone } from '../supervisor/process-tree.js';

/** A PostgreSQL server found running on a cluster directory. */
export interface Postmaster {
  readonly pid: number;
  readonly port: number;
}

/**
 * The server that runs on `dataDir`, read from its `postmaster.pid` (line 1 the pid, line 4 the port), or
 * undefined when there is none or the file is stale from a crash.
 */
export async function findPostmaster(dataDir: string): Promise<Postmaster | undefined> {
  let text: string;
  try {
    text = await readFile(join(dataDir, 'postmaster.pid'), 'utf8');
  } catch {
    return undefined;
  }
  const lines = text.split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port) || !isAlive(pid)) return undefined;
  return { pid, port };
}

/**
 * The admin URL of the embedded cluster. The password is the one the kit's `startEmbeddedPostgres` keeps
 * beside the cluster in `<dataDir>.credentials.json`; an earlier run's server can only be reused with it.
 */
export async function embeddedAdminUrl(dataDir: string, port: number): Promise<string | undefined> {
  try {
    const { password } = JSON.parse(await readFile(`${dataDir}.credentials.json`, 'utf8')) as { password?: unknown };
    if (typeof password !== 'string') return undefined;
    return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  } catch {
    return undefined;
  }
}

/** True when a server answers `select 1` at `url` with the credentials in it. */
export async function acceptsLogin(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Stops a server we did not start ourselves: SIGINT asks PostgreSQL for a fast shutdown (roll back open
 * transactions, write a checkpoint); SIGQUIT, its immediate shutdown, follows if that takes too long.
 */
export async function stopPostmaster(pid: number, timeoutMs: number): Promise<void> {
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(pid, name);
    } catch {
      // Already gone.
    }
  };
  signal('SIGINT');
  if (await waitUntilGone(() => isAlive(pid), timeoutMs)) return;
  signal('SIGQUIT');
  await waitUntilGone(() => isAlive(pid), 5_000);
}
