import type { Kysely, Selectable } from 'kysely';
import { combinePoints, type ServicePoint } from '../domain/service-point.js';
import { servicePointRow } from './polls.js';
import type { ObserverDb, ServicePointTable, StoredBreach } from './schema.js';

type Resolution = ServicePointTable['resolution'];

const BUCKET_MS: Record<'1m' | '1h', number> = { '1m': 60_000, '1h': 3_600_000 };
const SOURCE: Record<'1m' | '1h', Resolution> = { '1m': 'raw', '1h': '1m' };

/** A stored row as the domain's {@link ServicePoint}. */
export function servicePointRowToPoint(row: Selectable<ServicePointTable>): ServicePoint {
  return {
    samples: row.samples,
    intervalS: row.interval_s,
    requests: Number(row.requests),
    errors: Number(row.errors),
    buckets: row.buckets,
    instancesUp: row.instances_up,
    cpuPercent: row.cpu_percent,
    rssMb: row.rss_mb,
    heapUsedMb: row.heap_used_mb,
    eventLoopLagMs: row.event_loop_lag_ms,
    eventLoopUtilization: row.event_loop_utilization,
    dbLatencyMs: row.db_latency_ms,
    poolWaiting: row.pool_waiting,
    poolSaturation: row.pool_saturation,
  };
}

/** The points of `service` at `resolution` with `from <= at <= to`, oldest first. */
export async function findServicePoints(
  db: Kysely<ObserverDb>,
  service: string,
  resolution: Resolution,
  from: Date,
  to: Date,
): Promise<{ atMs: number; point: ServicePoint }[]> {
  const rows = await db
    .selectFrom('service_point')
    .selectAll()
    .where('service', '=', service)
    .where('resolution', '=', resolution)
    .where('at', '>=', from)
    .where('at', '<=', to)
    .orderBy('at')
    .execute();
  return rows.map((row) => ({ atMs: row.at.getTime(), point: servicePointRowToPoint(row) }));
}

/** Whether `service` was ever polled (at any resolution still kept). */
export async function hasServicePoints(db: Kysely<ObserverDb>, service: string): Promise<boolean> {
  const row = await db.selectFrom('service_point').select('service').where('service', '=', service).limit(1).executeTakeFirst();
  return row !== undefined;
}

/** The newest raw point of every service polled since `since`, with the breaches of that poll. */
export async function findLatestPoints(db: Kysely<ObserverDb>, since: Date): Promise<Map<string, { at: Date; point: ServicePoint; breaches: StoredBreach[] }>> {
  const rows = await db
    .selectFrom('service_point')
    .selectAll()
    .distinctOn('service')
    .where('resolution', '=', 'raw')
    .where('at', '>=', since)
    .orderBy('service')
    .orderBy('at', 'desc')
    .execute();
  return new Map(rows.map((row) => [row.service, { at: row.at, point: servicePointRowToPoint(row), breaches: row.breaches ?? [] }]));
}

/**
 * Recomputes the `resolution` rollups of every bucket that overlaps `[from, to)`, from the next finer
 * resolution (1m from raw, 1h from 1m). Idempotent: a bucket computed while still filling is overwritten
 * with its fuller version on the next run. Returns the number of buckets written.
 */
export async function rollUp(db: Kysely<ObserverDb>, resolution: '1m' | '1h', from: Date, to: Date): Promise<number> {
  const bucketMs = BUCKET_MS[resolution];
  const start = new Date(Math.floor(from.getTime() / bucketMs) * bucketMs);
  const rows = await db
    .selectFrom('service_point')
    .selectAll()
    .where('resolution', '=', SOURCE[resolution])
    .where('at', '>=', start)
    .where('at', '<', to)
    .execute();
  const buckets = new Map<string, { service: string; atMs: number; points: ServicePoint[] }>();
  for (const row of rows) {
    const atMs = Math.floor(row.at.getTime() / bucketMs) * bucketMs;
    const key = `${row.service}\u0000${atMs}`;
    const bucket = buckets.get(key) ?? { service: row.service, atMs, points: [] };
    bucket.points.push(servicePointRowToPoint(row));
    buckets.set(key, bucket);
  }
  const values = [...buckets.values()].map((bucket) => servicePointRow(bucket.service, resolution, new Date(bucket.atMs), combinePoints(bucket.points)));
  if (values.length === 0) return 0;
  await db
    .insertInto('service_point')
    .values(values)
    .onConflict((conflict) =>
      conflict.columns(['service', 'resolution', 'at']).doUpdateSet((eb) => ({
        samples: eb.ref('excluded.samples'),
        interval_s: eb.ref('excluded.interval_s'),
        requests: eb.ref('excluded.requests'),
        errors: eb.ref('excluded.errors'),
        buckets: eb.ref('excluded.buckets'),
        instances_up: eb.ref('excluded.instances_up'),
        cpu_percent: eb.ref('excluded.cpu_percent'),
        rss_mb: eb.ref('excluded.rss_mb'),
        heap_used_mb: eb.ref('excluded.heap_used_mb'),
        event_loop_lag_ms: eb.ref('excluded.event_loop_lag_ms'),
        event_loop_utilization: eb.ref('excluded.event_loop_utilization'),
        db_latency_ms: eb.ref('excluded.db_latency_ms'),
        pool_waiting: eb.ref('excluded.pool_waiting'),
        pool_saturation: eb.ref('excluded.pool_saturation'),
      })),
    )
    .execute();
  return values.length;
}
