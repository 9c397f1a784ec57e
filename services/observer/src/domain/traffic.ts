import { type BucketCounts, type HistogramSeries, histogramQuantile, mergeBuckets, seriesDelta, totalCount } from './histogram.js';

/** The requests of one `http_request_duration_seconds` label set between two scrapes. */
export interface TrafficEntry {
  /** `METHOD /route/template`, e.g. `GET /api/v1/orders/:id`. */
  readonly route: string;
  readonly statusCode: string;
  readonly buckets: BucketCounts;
  readonly count: number;
}

/** Request rate, error share and latency quantiles of some traffic over an interval. */
export interface RequestFigures {
  readonly requests: number;
  /** Requests answered with a 5xx status. */
  readonly errors: number;
  readonly requestRatePerS: number;
  /** `errors / requests`; null without requests. */
  readonly errorRate: number | null;
  readonly latencyMsP50: number | null;
  readonly latencyMsP95: number | null;
  readonly latencyMsP99: number | null;
  /** Latency in seconds per bucket, for merging into longer periods. */
  readonly buckets: BucketCounts;
}

/**
 * The routes the observer itself (and the gateway's health checks) call on every instance; they are left out
 * of a service's own figures so that watching a service does not change its request rate or latency.
 */
export const OPERATIONAL_ROUTES: ReadonlySet<string> = new Set(['GET /health', 'GET /metrics']);

/** What happened between two scrapes of an instance's request histogram. */
export function trafficBetween(current: Map<string, HistogramSeries>, previous: Map<string, HistogramSeries>): TrafficEntry[] {
  const entries: TrafficEntry[] = [];
  for (const [key, series] of current) {
    const delta = seriesDelta(series, previous.get(key));
    if (delta.count <= 0) continue;
    const { method = '?', route = 'unmatched', status_code: statusCode = '' } = series.labels;
    entries.push({ route: `${method} ${route}`, statusCode, buckets: delta.buckets, count: delta.count });
  }
  return entries;
}

/** The figures of `entries` over `intervalS` seconds. */
export function requestFigures(entries: readonly TrafficEntry[], intervalS: number): RequestFigures {
  const requests = entries.reduce((sum, entry) => sum + entry.count, 0);
  const errors = entries.filter((entry) => entry.statusCode.startsWith('5')).reduce((sum, entry) => sum + entry.count, 0);
  return figuresOf(mergeBuckets(...entries.map((entry) => entry.buckets)), requests, errors, intervalS);
}

/** Figures from merged buckets and counts; latencies in milliseconds. */
export function figuresOf(buckets: BucketCounts, requests: number, errors: number, intervalS: number): RequestFigures {
  const toMs = (seconds: number | null) => (seconds === null ? null : seconds * 1000);
  const counted = totalCount(buckets) > 0;
  return {
    requests,
    errors,
    requestRatePerS: intervalS > 0 ? requests / intervalS : 0,
    errorRate: requests > 0 ? errors / requests : null,
    latencyMsP50: counted ? toMs(histogramQuantile(0.5, buckets)) : null,
    latencyMsP95: counted ? toMs(histogramQuantile(0.95, buckets)) : null,
    latencyMsP99: counted ? toMs(histogramQuantile(0.99, buckets)) : null,
    buckets,
  };
}

/** The figures of each route in `entries`. */
export function figuresByRoute(entries: readonly TrafficEntry[], intervalS: number): Map<string, RequestFigures> {
  const byRoute = new Map<string, TrafficEntry[]>();
  for (const entry of entries) {
    const routeEntries = byRoute.get(entry.route);
    if (routeEntries) routeEntries.push(entry);
    else byRoute.set(entry.route, [entry]);
  }
  return new Map([...byRoute].map(([route, routeEntries]) => [route, requestFigures(routeEntries, intervalS)]));
}

/** The entries that count towards a service's own figures (everything but {@link OPERATIONAL_ROUTES}). */
export function serviceTraffic(entries: readonly TrafficEntry[]): TrafficEntry[] {
  return entries.filter((entry) => !OPERATIONAL_ROUTES.has(entry.route));
}
