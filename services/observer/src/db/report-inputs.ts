import type { ObserverConfig } from '@erp/contracts';
import { type Kysely, sql } from 'kysely';
import type { LeakVerdict } from '../domain/leak-detection.js';
import type { InstanceSummary, RouteSummary, ServiceReportInput } from '../domain/report/report-types.js';
import { combinePoints, type ServicePoint } from '../domain/service-point.js';
import { policyOf } from '../domain/thresholds.js';
import { countOpenIncidents } from './incidents.js';
import type { ObserverDb } from './schema.js';
import { servicePointRowToPoint } from './service-points.js';

interface InstanceSummaryRow {
  service: string;
  instance_url: string;
  reachable_share: number;
  reachable_now: boolean;
  cpu_percent: number | null;
  event_loop_utilization: number | null;
  event_loop_lag_ms_max: number | null;
  rss_mb: number | null;
  heap_used_mb: number | null;
  db_latency_ms: number | null;
  pool_total: number | null;
  pool_waiting_max: number | null;
  pool_saturation_max: number | null;
  leak_verdict: LeakVerdict | null;
  memory_growth_mb_per_h: number | null;
  leak_r2: number | null;
  hours_to_limit: number | null;
}

/** Everything the optimisation report reads about each service in `[from, to]`. */
export async function loadReportInputs(
  db: Kysely<ObserverDb>,
  config: ObserverConfig,
  from: Date,
  to: Date,
  memoryLimitMb: number,
): Promise<ServiceReportInput[]> {
  const [points, instances, routes, incidents] = await Promise.all([
    windowPoints(db, from, to),
    instanceSummaries(db, from, to),
    routeSummaries(db, from, to),
    countOpenIncidents(db),
  ]);
  const names = [...new Set([...Object.keys(config.services), ...points.keys(), ...instances.keys()])].sort();
  return names.map((service) => ({
    service,
    policy: policyOf(config, service),
    window: points.get(service) ?? null,
    instances: instances.get(service) ?? [],
    routes: routes.get(service) ?? [],
    openIncidents: incidents.get(service) ?? 0,
    memoryLimitMb,
  }));
}

async function windowPoints(db: Kysely<ObserverDb>, from: Date, to: Date): Promise<Map<string, ServicePoint>> {
  const rows = await db.selectFrom('service_point').selectAll().where('resolution', '=', 'raw').where('at', '>=', from).where('at', '<=', to).execute();
  const byService = new Map<string, ServicePoint[]>();
  for (const row of rows) append(byService, row.service, servicePointRowToPoint(row));
  return new Map([...byService].map(([service, servicePoints]) => [service, combinePoints(servicePoints)]));
}

async function instanceSummaries(db: Kysely<ObserverDb>, from: Date, to: Date): Promise<Map<string, InstanceSummary[]>> {
  const latest = (column: string) => sql.raw(`(array_agg(${column} order by at desc) filter (where ${column} is not null))[1]`);
  const { rows } = await sql<InstanceSummaryRow>`
    select service, instance_url,
      avg(case when reachable then 1.0 else 0.0 end)::float8 as reachable_share,
      (array_agg(reachable order by at desc))[1] as reachable_now,
      avg(cpu_percent) as cpu_percent, avg(event_loop_utilization) as event_loop_utilization,
      max(event_loop_lag_ms) as event_loop_lag_ms_max, ${latest('rss_mb')} as rss_mb, ${latest('heap_used_mb')} as heap_used_mb,
      avg(db_latency_ms) as db_latency_ms, max(pool_total) as pool_total, max(pool_waiting) as pool_waiting_max,
      max((pool_total - pool_idle)::float8 / nullif(pool_total, 0)) as pool_saturation_max,
      ${latest('leak_verdict')} as leak_verdict, ${latest('memory_growth_mb_per_h')} as memory_growth_mb_per_h,
      ${latest('leak_r2')} as leak_r2, ${latest('hours_to_limit')} as hours_to_limit
    from instance_sample where at >= ${from} and at <= ${to}
    group by service, instance_url order by service, instance_url`.execute(db);
  const byService = new Map<string, InstanceSummary[]>();
  for (const row of rows) append(byService, row.service, instanceRowToSummary(row));
  return byService;
}

function instanceRowToSummary(row: InstanceSummaryRow): InstanceSummary {
  return {
    url: row.instance_url,
    reachableShare: row.reachable_share,
    reachableNow: row.reachable_now,
    cpuPercent: row.cpu_percent,
    eventLoopUtilization: row.event_loop_utilization,
    eventLoopLagMsMax: row.event_loop_lag_ms_max,
    rssMb: row.rss_mb,
    heapUsedMb: row.heap_used_mb,
    dbLatencyMs: row.db_latency_ms,
    poolTotal: row.pool_total,
    poolWaitingMax: row.pool_waiting_max,
    poolSaturationMax: row.pool_saturation_max,
    leak: row.leak_verdict ? { verdict: row.leak_verdict, growthMbPerH: row.memory_growth_mb_per_h, r2: row.leak_r2, hoursToLimit: row.hours_to_limit } : null,
  };
}

/** Per route: the window's requests and errors, and its latency buckets added up in the database. */
async function routeSummaries(db: Kysely<ObserverDb>, from: Date, to: Date): Promise<Map<string, RouteSummary[]>> {
  const { rows } = await sql<{ service: string; route: string; requests: string; errors: string; buckets: Record<string, number> }>`
    with polled as (select * from route_point where at >= ${from} and at <= ${to}),
    counts as (select service, route, sum(requests) as requests, sum(errors) as errors from polled group by service, route),
    bucket_sums as (
      select service, route, bucket.key as bound, sum(bucket.value::float8) as count
      from polled cross join lateral jsonb_each_text(polled.buckets) as bucket group by service, route, bucket.key
    )
    select counts.service, counts.route, counts.requests, counts.errors, jsonb_object_agg(bucket_sums.bound, bucket_sums.count) as buckets
    from counts join bucket_sums using (service, route)
    group by counts.service, counts.route, counts.requests, counts.errors`.execute(db);
  const byService = new Map<string, RouteSummary[]>();
  for (const row of rows) {
    append(byService, row.service, { route: row.route, requests: Number(row.requests), errors: Number(row.errors), buckets: row.buckets });
  }
  return byService;
}

function append<Value>(map: Map<string, Value[]>, key: string, value: Value): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
