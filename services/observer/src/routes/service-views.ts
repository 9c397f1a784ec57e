import type { ObserverConfig } from '@erp/contracts';
import type Type from 'typebox';
import type { InstanceSampleRow } from '../db/instance-samples.js';
import type { StoredBreach } from '../db/schema.js';
import { metricValue, type ServicePoint } from '../domain/service-point.js';
import { policyOf } from '../domain/thresholds.js';
import type { InstanceView, ServiceView } from './schemas.js';

type LatestPoint = { at: Date; point: ServicePoint; breaches: StoredBreach[] };

/** Every known service (configured, or polled recently) with its status, latest figures and instances. */
export function toServiceViews(
  config: ObserverConfig,
  samples: readonly InstanceSampleRow[],
  points: ReadonlyMap<string, LatestPoint>,
  openIncidents: ReadonlyMap<string, number>,
): Type.Static<typeof ServiceView>[] {
  const names = [...new Set([...Object.keys(config.services), ...samples.map((sample) => sample.service), ...points.keys()])].sort();
  return names.map((name) => {
    const policy = policyOf(config, name);
    const latest = points.get(name);
    const open = openIncidents.get(name) ?? 0;
    const status = open > 0 ? 'fail' : !latest ? 'unknown' : latest.breaches.length > 0 ? 'warn' : 'pass';
    return {
      name,
      status,
      thresholds: policy.thresholds,
      critical_endpoints: [...policy.criticalEndpoints],
      figures: latest ? serviceFigures(latest) : null,
      breaches: latest?.breaches ?? [],
      open_incidents: open,
      instances: samples.filter((sample) => sample.service === name).map(sampleRowToInstanceView),
    };
  });
}

function serviceFigures({ at, point }: LatestPoint) {
  return {
    at: at.toISOString(),
    request_rate: metricValue(point, 'request_rate'),
    error_rate: metricValue(point, 'error_rate'),
    latency_p50_ms: metricValue(point, 'latency_p50_ms'),
    latency_p95_ms: metricValue(point, 'latency_p95_ms'),
    latency_p99_ms: metricValue(point, 'latency_p99_ms'),
    cpu_percent: point.cpuPercent,
    rss_mb: point.rssMb,
    event_loop_lag_ms: point.eventLoopLagMs,
    pool_waiting: point.poolWaiting,
  };
}

function sampleRowToInstanceView(row: InstanceSampleRow): Type.Static<typeof InstanceView> {
  const pool =
    row.pool_total !== null && row.pool_idle !== null && row.pool_waiting !== null
      ? { total: row.pool_total, idle: row.pool_idle, waiting: row.pool_waiting }
      : null;
  return {
    url: row.instance_url,
    instance_id: row.instance_id,
    status: row.reachable ? (row.status ?? 'fail') : 'unreachable',
    at: row.at.toISOString(),
    error: row.error,
    uptime_s: row.uptime_s,
    cpu_percent: row.cpu_percent,
    rss_mb: row.rss_mb,
    heap_used_mb: row.heap_used_mb,
    heap_total_mb: row.heap_total_mb,
    event_loop_lag_ms: row.event_loop_lag_ms,
    event_loop_utilization: row.event_loop_utilization,
    db_latency_ms: row.db_latency_ms,
    pool,
    request_rate: row.request_rate,
    error_rate: row.error_rate,
    latency_p50_ms: row.latency_p50_ms,
    latency_p95_ms: row.latency_p95_ms,
    latency_p99_ms: row.latency_p99_ms,
    memory: { verdict: row.leak_verdict, growth_mb_per_hour: row.memory_growth_mb_per_h, r2: row.leak_r2, hours_to_limit: row.hours_to_limit },
  };
}
