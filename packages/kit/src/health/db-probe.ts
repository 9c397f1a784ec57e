import { performance } from 'node:perf_hooks';
import type { Pool, PoolClient } from 'pg';

/** The database part of the health document. */
export interface DbProbeResult {
  status: 'pass' | 'fail';
  latency_ms: number | null;
  pool: { total: number; idle: number; waiting: number };
  connections: { used: number; max: number } | null;
  size_mb: number | null;
  detail?: string;
}

/**
 * Probes the database for `/health` without letting health checks load it: the round trip is measured at
 * most once per `latencyMaxAgeMs` (concurrent callers share one probe), connection counts and database size
 * at most once per `statsMaxAgeMs`.
 */
export function createDbProbe(pool: Pool, options = { latencyMaxAgeMs: 1000, statsMaxAgeMs: 10_000, timeoutMs: 2000 }) {
  let latency: { at: number; ms: number | null; error?: string } = { at: 0, ms: null };
  let stats: { at: number; connections: DbProbeResult['connections']; sizeMb: number | null } = { at: 0, connections: null, sizeMb: null };
  let inFlight: Promise<void> | undefined;

  async function refresh(): Promise<void> {
    const started = performance.now();
    try {
      const client = await connectWithTimeout(pool, options.timeoutMs);
      try {
        await client.query('select 1');
        latency = { at: Date.now(), ms: Math.round((performance.now() - started) * 1000) / 1000 };
        if (Date.now() - stats.at > options.statsMaxAgeMs) {
          const { rows } = await client.query<{ used: string; max: string; size: string }>(
            "select (select count(*) from pg_stat_activity) as used, current_setting('max_connections') as max, pg_database_size(current_database()) as size",
          );
          const row = rows[0];
          if (row) {
            stats = { at: Date.now(), connections: { used: Number(row.used), max: Number(row.max) }, sizeMb: Math.round(Number(row.size) / 10485.76) / 100 };
          }
        }
      } finally {
        client.release();
      }
    } catch (error) {
      latency = { at: Date.now(), ms: null, error: error instanceof Error ? error.message : String(error) };
    }
  }

  return async function probe(): Promise<DbProbeResult> {
    if (Date.now() - latency.at > options.latencyMaxAgeMs) {
      inFlight ??= refresh().finally(() => {
        inFlight = undefined;
      });
      await inFlight;
    }
    const failed = latency.ms === null;
    return {
      status: failed ? 'fail' : 'pass',
      latency_ms: latency.ms,
      pool: { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount },
      connections: stats.connections,
      size_mb: stats.sizeMb,
      // The driver's message only (e.g. "connect ECONNREFUSED"), never a query text.
      ...(failed ? { detail: `database unreachable: ${latency.error ?? 'unknown error'}`.slice(0, 500) } : {}),
    };
  };
}

/** Like `pool.connect()`, but gives up after `timeoutMs`; a connection that arrives late is released at once. */
function connectWithTimeout(pool: Pool, timeoutMs: number): Promise<PoolClient> {
  return new Promise<PoolClient>((resolve, reject) => {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      reject(new Error(`no connection within ${timeoutMs} ms`));
    }, timeoutMs);
    pool.connect().then(
      (client) => {
        clearTimeout(timer);
        if (timedOut) client.release();
        else resolve(client);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
