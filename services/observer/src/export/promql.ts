import type { ObserverConfig } from '@erp/contracts';
import { policyOf } from '../domain/thresholds.js';

/**
 * The metrics every service exports through the kit (`packages/kit/src/metrics/metrics-plugin.ts`: prom-client's
 * default metrics plus the request histogram) that the rules and panels read. A test checks each against the
 * `/metrics` of a real kit service, so a renamed metric fails the build instead of silencing an alert.
 */
export const KIT_METRICS = {
  requestDurationBucket: 'http_request_duration_seconds_bucket',
  requestDurationCount: 'http_request_duration_seconds_count',
  cpuSeconds: 'process_cpu_seconds_total',
  residentMemoryBytes: 'process_resident_memory_bytes',
  startTimeSeconds: 'process_start_time_seconds',
  eventLoopLagP99Seconds: 'nodejs_eventloop_lag_p99_seconds',
} as const;

// prom-client measures the event-loop delay with a 10 ms timer, which its p99 includes; the kit's `/health`
// subtracts it, and so do the rules, so both judge the same figure.
export const EVENT_LOOP_RESOLUTION_S = 0.01;
// The observer leaves its own calls out of a service's traffic (OPERATIONAL_ROUTES); these are their routes.
const OPERATIONAL_ROUTE_PATTERN = '/health|/metrics';
const MB = 1024 * 1024;

/** A Prometheus duration: `5s`, `1m`, `500ms`. */
export function toDuration(ms: number): string {
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

/** A PromQL string literal; Go's escapes, which JSON's are for these characters. */
function literal(value: string): string {
  return JSON.stringify(value);
}

function selector(labels: Record<string, string>, matchers: string[] = []): string {
  return `{${[...Object.entries(labels).map(([name, value]) => `${name}=${literal(value)}`), ...matchers].join(',')}}`;
}

/** `"POST /api/v1/orders"` as method and route template. */
export function parseEndpoint(endpoint: string): { method: string; route: string } {
  const space = endpoint.indexOf(' ');
  return { method: endpoint.slice(0, space), route: endpoint.slice(space + 1) };
}

/** The timing every rule and panel shares, from the config: scrape interval, rate window, and how long a breach must last. */
export function timingOf(config: ObserverConfig): { intervalMs: number; rateWindowMs: number; forMs: number } {
  const intervalMs = config.interval_ms;
  // A rate needs at least four scrapes to be steady; a minute is the usual floor.
  const rateWindowMs = Math.max(60_000, Math.ceil((4 * intervalMs) / 1000) * 1000);
  return { intervalMs, rateWindowMs, forMs: config.alerts.critical_after * intervalMs };
}

/** The PromQL of every figure the observer judges, for one service: what the alert rules compare and the panels draw. */
export function serviceQueries(config: ObserverConfig, service: string) {
  const job = { job: service };
  const window = `[${toDuration(timingOf(config).rateWindowMs)}]`;
  const traffic = [`route!~${literal(OPERATIONAL_ROUTE_PATTERN)}`];
  const requests = (matchers: string[]) => `sum by (job) (rate(${KIT_METRICS.requestDurationCount}${selector(job, matchers)}${window}))`;
  const p95 = (labels: Record<string, string>, matchers: string[] = []) =>
    `histogram_quantile(0.95, sum by (le) (rate(${KIT_METRICS.requestDurationBucket}${selector(labels, matchers)}${window}))) * 1000`;
  return {
    up: `up${selector(job)}`,
    cpuPercent: `rate(${KIT_METRICS.cpuSeconds}${selector(job)}${window}) * 100`,
    rssMb: `${KIT_METRICS.residentMemoryBytes}${selector(job)} / ${MB}`,
    // The slope of the 5-minute troughs over an hour, like the observer's fit of the lows after GC.
    memoryGrowthMbPerHour: `deriv(min_over_time(${KIT_METRICS.residentMemoryBytes}${selector(job)}[5m])[1h:1m]) * 3600 / ${MB}`,
    uptimeS: `time() - ${KIT_METRICS.startTimeSeconds}${selector(job)}`,
    eventLoopLagMs: `(${KIT_METRICS.eventLoopLagP99Seconds}${selector(job)} - ${EVENT_LOOP_RESOLUTION_S}) * 1000`,
    requestRate: requests(traffic),
    errorRate: `${requests([...traffic, 'status_code=~"5.."'])} / ${requests(traffic)}`,
    latencyP95Ms: p95(job, traffic),
    endpointLatencyP95Ms: (endpoint: string) => p95({ ...job, ...parseEndpoint(endpoint) }),
  };
}

/** The service's thresholds (defaults merged with its overrides) and critical endpoints. */
export function servicePolicy(config: ObserverConfig, service: string) {
  const policy = policyOf(config, service);
  return { thresholds: policy.thresholds, criticalEndpoints: [...policy.criticalEndpoints] };
}
