import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import pg from 'pg';
import { type ProcStat, parseProcStat } from './observer-figures.js';

/** Clock ticks per second of `/proc/<pid>/stat` (`getconf CLK_TCK`); 100, Linux's value, when getconf is missing. */
export async function clockTicksPerSecond(): Promise<number> {
  try {
    const { stdout } = await promisify(execFile)('getconf', ['CLK_TCK']);
    const ticks = Number(stdout.trim());
    return Number.isInteger(ticks) && ticks > 0 ? ticks : 100;
  } catch {
    return 100;
  }
}

/** The page size, for turning `/proc/<pid>/stat`'s rss into bytes; 4096 when getconf is missing. */
export async function pageSizeBytes(): Promise<number> {
  try {
    const { stdout } = await promisify(execFile)('getconf', ['PAGESIZE']);
    const size = Number(stdout.trim());
    return Number.isInteger(size) && size > 0 ? size : 4096;
  } catch {
    return 4096;
  }
}

/** `/proc/<pid>/stat` of a running process; undefined when it is gone (or not on this host's /proc). */
export async function readProcStat(pid: number): Promise<ProcStat | undefined> {
  try {
    return parseProcStat(await readFile(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}

/** CPU ticks of each pid that still runs, keyed by pid. */
export async function readTicks(pids: readonly number[]): Promise<Map<number, number>> {
  const stats = await Promise.all(pids.map(async (pid) => [pid, await readProcStat(pid)] as const));
  return new Map(stats.flatMap(([pid, stat]) => (stat ? [[pid, stat.cpuTicks] as const] : [])));
}

/**
 * The PostgreSQL backends serving one database, read through `adminUrl`: the work the observer's queries cost
 * the database server. Only a server on this host shows its backends in /proc; elsewhere `available` is false.
 */
export interface DatabaseBackends {
  /** CPU ticks of each backend connected to the database now, except this reader's own. */
  ticks(): Promise<Map<number, number>>;
  close(): Promise<void>;
}

export async function watchDatabaseBackends(adminUrl: string): Promise<DatabaseBackends> {
  const client = new pg.Client({ connectionString: adminUrl, application_name: 'erp-bench-observer' });
  await client.connect();
  return {
    async ticks() {
      const { rows } = await client.query<{ pid: number }>(
        'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and backend_type = $1',
        ['client backend'],
      );
      return readTicks(rows.map((row) => row.pid));
    },
    close: () => client.end(),
  };
}
