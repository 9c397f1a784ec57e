import type { PollOutcome, ServiceObservation } from '../collect/assemble.js';
import { metricValue } from '../domain/service-point.js';
import { formatLines, type InfluxPoint } from './influx-line.js';

/** Measurement of a service's figures per poll: tag `service`. */
export const SERVICE_MEASUREMENT = 'erp_service';
/** Measurement of one instance's sample per poll: tags `service` and `instance` (its base URL). */
export const INSTANCE_MEASUREMENT = 'erp_instance';

/**
 * The points of one poll, all stamped with the poll's time: one `erp_service` point per service (the figures
 * the service series show) and one `erp_instance` point per polled instance (what its `/health` reported and
 * its own request figures). Figures that were not measured are left out, not written as zero.
 */
export function pollPoints(outcome: PollOutcome): InfluxPoint[] {
  return outcome.services.flatMap((service) => [servicePoint(service, outcome.atMs), ...instancePoints(service, outcome.atMs)]);
}

/** {@link pollPoints} as line protocol, one line per point. */
export function pollLines(outcome: PollOutcome): string[] {
  return formatLines(pollPoints(outcome));
}

function servicePoint(service: ServiceObservation, timeMs: number): InfluxPoint {
  const { point } = service;
  return {
    measurement: SERVICE_MEASUREMENT,
    tags: { service: service.service },
    timeMs,
    fields: {
      instances: { integer: service.instances.length },
      instances_up: point.instancesUp === null ? null : { integer: point.instancesUp },
      breaches: { integer: service.evaluations.filter((evaluation) => evaluation.breached).length },
      requests: point.intervalS > 0 ? point.requests : null,
      errors: point.intervalS > 0 ? point.errors : null,
      request_rate: metricValue(point, 'request_rate'),
      error_rate: metricValue(point, 'error_rate'),
      latency_p50_ms: metricValue(point, 'latency_p50_ms'),
      latency_p95_ms: metricValue(point, 'latency_p95_ms'),
      latency_p99_ms: metricValue(point, 'latency_p99_ms'),
      cpu_percent: point.cpuPercent,
      rss_mb: point.rssMb,
      heap_used_mb: point.heapUsedMb,
      event_loop_lag_ms: point.eventLoopLagMs,
      event_loop_utilization: point.eventLoopUtilization,
      db_latency_ms: point.dbLatencyMs,
      pool_waiting: point.poolWaiting,
      pool_saturation: point.poolSaturation,
    },
  };
}

function instancePoints(service: ServiceObservation, timeMs: number): InfluxPoint[] {
  return service.instances.map(({ scrape, traffic, leak }) => {
    const health = scrape.health;
    return {
      measurement: INSTANCE_MEASUREMENT,
      tags: { service: service.service, instance: scrape.target.url },
      timeMs,
      fields: {
        reachable: scrape.reachable,
        status: health?.status ?? null,
        error: scrape.error ?? scrape.metricsError,
        instance_id: health?.instance ?? null,
        scrape_ms: scrape.durationMs,
        uptime_s: health?.uptime_s ?? null,
        request_rate: traffic?.requestRatePerS ?? null,
        error_rate: traffic?.errorRate ?? null,
        latency_p50_ms: traffic?.latencyMsP50 ?? null,
        latency_p95_ms: traffic?.latencyMsP95 ?? null,
        latency_p99_ms: traffic?.latencyMsP99 ?? null,
        cpu_percent: health?.cpu.percent ?? null,
        rss_mb: health?.memory.rss_mb ?? null,
        heap_used_mb: health?.memory.heap_used_mb ?? null,
        heap_total_mb: health?.memory.heap_total_mb ?? null,
        event_loop_lag_ms: health?.event_loop.lag_p99_ms ?? null,
        event_loop_utilization: health?.event_loop.utilization ?? null,
        db_latency_ms: health?.db.latency_ms ?? null,
        pool_total: health ? { integer: health.db.pool.total } : null,
        pool_idle: health ? { integer: health.db.pool.idle } : null,
        pool_waiting: health ? { integer: health.db.pool.waiting } : null,
        leak_verdict: leak?.verdict ?? null,
        memory_growth_mb_per_h: leak?.growthMbPerH ?? null,
      },
    };
  });
}
