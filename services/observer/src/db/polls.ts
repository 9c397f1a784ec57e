import type { Insertable, Transaction } from 'kysely';
import type { InstanceObservation, PollOutcome, ServiceObservation } from '../collect/assemble.js';
import type { ServicePoint } from '../domain/service-point.js';
import type { InstanceSampleTable, ObserverDb, RoutePointTable, ServicePointTable, StoredBreach } from './schema.js';

// Well below PostgreSQL's 65535 bind parameters for the widest table (30 columns).
const ROWS_PER_INSERT = 500;

/** Stores one poll: a sample per instance, the raw service points and the per-route traffic. */
export async function insertPoll(trx: Transaction<ObserverDb>, outcome: PollOutcome): Promise<void> {
  const at = new Date(outcome.atMs);
  const instances = outcome.services.flatMap((service) => service.instances.map((instance) => instanceSampleRow(service.service, instance)));
  const points = outcome.services.map((service) => servicePointRow(service.service, 'raw', at, service.point, breachesOf(service)));
  const routes = outcome.services.flatMap((service) => routePointRows(service, at));
  for (let start = 0; start < instances.length; start += ROWS_PER_INSERT) {
    await trx
      .insertInto('instance_sample')
      .values(instances.slice(start, start + ROWS_PER_INSERT))
      .onConflict((conflict) => conflict.doNothing())
      .execute();
  }
  if (points.length > 0)
    await trx
      .insertInto('service_point')
      .values(points)
      .onConflict((conflict) => conflict.doNothing())
      .execute();
  for (let start = 0; start < routes.length; start += ROWS_PER_INSERT) {
    await trx
      .insertInto('route_point')
      .values(routes.slice(start, start + ROWS_PER_INSERT))
      .onConflict((conflict) => conflict.doNothing())
      .execute();
  }
}

function instanceSampleRow(service: string, { scrape, traffic, leak }: InstanceObservation): Insertable<InstanceSampleTable> {
  const health = scrape.health;
  return {
    service,
    instance_url: scrape.target.url,
    at: new Date(scrape.atMs),
    instance_id: health?.instance ?? null,
    reachable: scrape.reachable,
    status: health?.status ?? null,
    error: scrape.error ?? scrape.metricsError,
    scrape_ms: scrape.durationMs,
    uptime_s: health?.uptime_s ?? null,
    cpu_percent: health?.cpu.percent ?? null,
    rss_mb: health?.memory.rss_mb ?? null,
    heap_used_mb: health?.memory.heap_used_mb ?? null,
    heap_total_mb: health?.memory.heap_total_mb ?? null,
    event_loop_lag_ms: health?.event_loop.lag_p99_ms ?? null,
    event_loop_utilization: health?.event_loop.utilization ?? null,
    db_latency_ms: health?.db.latency_ms ?? null,
    pool_total: health?.db.pool.total ?? null,
    pool_idle: health?.db.pool.idle ?? null,
    pool_waiting: health?.db.pool.waiting ?? null,
    requests: traffic?.requests ?? null,
    errors: traffic?.errors ?? null,
    request_rate: traffic?.requestRatePerS ?? null,
    error_rate: traffic?.errorRate ?? null,
    latency_p50_ms: traffic?.latencyMsP50 ?? null,
    latency_p95_ms: traffic?.latencyMsP95 ?? null,
    latency_p99_ms: traffic?.latencyMsP99 ?? null,
    leak_verdict: leak?.verdict ?? null,
    memory_growth_mb_per_h: leak?.growthMbPerH ?? null,
    leak_r2: leak?.r2 ?? null,
    hours_to_limit: leak?.hoursToLimit ?? null,
  };
}

function breachesOf(service: ServiceObservation): StoredBreach[] {
  return service.evaluations
    .filter((item) => item.breached)
    .map((item) => ({
      metric: item.metric,
      instance_url: item.instanceUrl,
      route: item.route,
      value: item.value,
      threshold: item.threshold,
      detail: item.detail,
    }));
}

/** The row of a service point at a resolution; rollups pass no breaches. */
export function servicePointRow(
  service: string,
  resolution: 'raw' | '1m' | '1h',
  at: Date,
  point: ServicePoint,
  breaches: StoredBreach[] | null = null,
): Insertable<ServicePointTable> {
  return {
    service,
    resolution,
    at,
    samples: point.samples,
    interval_s: point.intervalS,
    requests: point.requests,
    errors: point.errors,
    buckets: JSON.stringify(point.buckets),
    instances_up: point.instancesUp,
    cpu_percent: point.cpuPercent,
    rss_mb: point.rssMb,
    heap_used_mb: point.heapUsedMb,
    event_loop_lag_ms: point.eventLoopLagMs,
    event_loop_utilization: point.eventLoopUtilization,
    db_latency_ms: point.dbLatencyMs,
    pool_waiting: point.poolWaiting,
    pool_saturation: point.poolSaturation,
    breaches: breaches === null ? null : JSON.stringify(breaches),
  };
}

function routePointRows(service: ServiceObservation, at: Date): Insertable<RoutePointTable>[] {
  return [...service.routes]
    .filter(([, figures]) => figures.requests > 0)
    .map(([route, figures]) => ({
      service: service.service,
      route,
      at,
      interval_s: service.point.intervalS,
      requests: figures.requests,
      errors: figures.errors,
      buckets: JSON.stringify(figures.buckets),
    }));
}
