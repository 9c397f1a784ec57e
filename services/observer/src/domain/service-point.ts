import type { HealthDocument } from '@erp/contracts';
import { type BucketCounts, histogramQuantile, mergeBuckets, totalCount } from './histogram.js';

/**
 * A service's figures over some period: one poll (raw) or a rollup of many. Request counts and latency buckets
 * add up exactly; instance gauges are means over the polls (the lag, pool waiting and saturation are maxima,
 * because their worst moment is what matters).
 */
export interface ServicePoint {
  /** Polls merged into this point. */
  readonly samples: number;
  /** Seconds of traffic the request counts cover. */
  readonly intervalS: number;
  readonly requests: number;
  readonly errors: number;
  readonly buckets: BucketCounts;
  readonly instancesUp: number | null;
  readonly cpuPercent: number | null;
  readonly rssMb: number | null;
  readonly heapUsedMb: number | null;
  readonly eventLoopLagMs: number | null;
  readonly eventLoopUtilization: number | null;
  readonly dbLatencyMs: number | null;
  readonly poolWaiting: number | null;
  readonly poolSaturation: number | null;
}

/** The metrics a series can show. */
export const SERIES_METRICS = [
  'request_rate',
  'error_rate',
  'latency_p50_ms',
  'latency_p95_ms',
  'latency_p99_ms',
  'cpu_percent',
  'rss_mb',
  'heap_used_mb',
  'event_loop_lag_ms',
  'db_latency_ms',
  'pool_waiting',
  'pool_saturation',
  'instances_up',
] as const;
export type SeriesMetric = (typeof SERIES_METRICS)[number];

/** The value of `metric` in `point`; null when nothing was measured. */
export function metricValue(point: ServicePoint, metric: SeriesMetric): number | null {
  const quantileMs = (q: number) => (totalCount(point.buckets) > 0 ? (histogramQuantile(q, point.buckets) ?? 0) * 1000 : null);
  switch (metric) {
    case 'request_rate':
      return point.intervalS > 0 ? point.requests / point.intervalS : null;
    case 'error_rate':
      return point.requests > 0 ? point.errors / point.requests : null;
    case 'latency_p50_ms':
      return quantileMs(0.5);
    case 'latency_p95_ms':
      return quantileMs(0.95);
    case 'latency_p99_ms':
      return quantileMs(0.99);
    case 'cpu_percent':
      return point.cpuPercent;
    case 'rss_mb':
      return point.rssMb;
    case 'heap_used_mb':
      return point.heapUsedMb;
    case 'event_loop_lag_ms':
      return point.eventLoopLagMs;
    case 'db_latency_ms':
      return point.dbLatencyMs;
    case 'pool_waiting':
      return point.poolWaiting;
    case 'pool_saturation':
      return point.poolSaturation;
    case 'instances_up':
      return point.instancesUp;
  }
}

/** Merges points into one covering all of them (rollups, series steps, report windows). */
export function combinePoints(points: readonly ServicePoint[]): ServicePoint {
  const mean = (value: (point: ServicePoint) => number | null) => weightedMean(points, value);
  const max = (value: (point: ServicePoint) => number | null) => maximum(points.map(value));
  return {
    samples: sum(points.map((point) => point.samples)),
    intervalS: sum(points.map((point) => point.intervalS)),
    requests: sum(points.map((point) => point.requests)),
    errors: sum(points.map((point) => point.errors)),
    buckets: mergeBuckets(...points.map((point) => point.buckets)),
    instancesUp: mean((point) => point.instancesUp),
    cpuPercent: mean((point) => point.cpuPercent),
    rssMb: mean((point) => point.rssMb),
    heapUsedMb: mean((point) => point.heapUsedMb),
    eventLoopLagMs: max((point) => point.eventLoopLagMs),
    eventLoopUtilization: mean((point) => point.eventLoopUtilization),
    dbLatencyMs: mean((point) => point.dbLatencyMs),
    poolWaiting: max((point) => point.poolWaiting),
    poolSaturation: max((point) => point.poolSaturation),
  };
}

/** The service point of one poll, from the health documents of the instances that answered. */
export function pollPoint(
  healths: readonly HealthDocument[],
  traffic: { intervalS: number; requests: number; errors: number; buckets: BucketCounts },
): ServicePoint {
  const average = (value: (health: HealthDocument) => number | null) => {
    const values = healths.map(value).filter((item): item is number => item !== null);
    return values.length > 0 ? sum(values) / values.length : null;
  };
  const saturation = (health: HealthDocument) => (health.db.pool.total > 0 ? (health.db.pool.total - health.db.pool.idle) / health.db.pool.total : null);
  return {
    samples: 1,
    ...traffic,
    instancesUp: healths.length,
    cpuPercent: average((health) => health.cpu.percent),
    rssMb: average((health) => health.memory.rss_mb),
    heapUsedMb: average((health) => health.memory.heap_used_mb),
    eventLoopLagMs: maximum(healths.map((health) => health.event_loop.lag_p99_ms)),
    eventLoopUtilization: average((health) => health.event_loop.utilization),
    dbLatencyMs: average((health) => health.db.latency_ms),
    poolWaiting: healths.length > 0 ? sum(healths.map((health) => health.db.pool.waiting)) : null,
    poolSaturation: maximum(healths.map(saturation)),
  };
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function maximum(values: readonly (number | null)[]): number | null {
  let largest: number | null = null;
  for (const value of values) if (value !== null && (largest === null || value > largest)) largest = value;
  return largest;
}

function weightedMean(points: readonly ServicePoint[], value: (point: ServicePoint) => number | null): number | null {
  let weight = 0;
  let total = 0;
  for (const point of points) {
    const measured = value(point);
    if (measured === null) continue;
    weight += point.samples;
    total += measured * point.samples;
  }
  return weight > 0 ? total / weight : null;
}
