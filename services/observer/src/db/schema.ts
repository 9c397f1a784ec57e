import type { ColumnType, JSONColumnType } from 'kysely';

// The observer's tables describe the installation (its services and their instances), not a tenant's business:
// they have no tenant_id and no row-level security, and the runtime role reads them without `withTenant`.

/** Postgres `bigint` comes back as a string (the kit keeps every int8 exact); written as a number. */
type Count = ColumnType<string, number, number>;
type Nullable = number | null;

export interface InstanceSampleTable {
  service: string;
  instance_url: string;
  at: Date;
  instance_id: string | null;
  reachable: boolean;
  status: 'pass' | 'warn' | 'fail' | null;
  error: string | null;
  scrape_ms: number;
  uptime_s: Nullable;
  cpu_percent: Nullable;
  rss_mb: Nullable;
  heap_used_mb: Nullable;
  heap_total_mb: Nullable;
  event_loop_lag_ms: Nullable;
  event_loop_utilization: Nullable;
  db_latency_ms: Nullable;
  pool_total: Nullable;
  pool_idle: Nullable;
  pool_waiting: Nullable;
  requests: ColumnType<string | null, number | null, number | null>;
  errors: ColumnType<string | null, number | null, number | null>;
  request_rate: Nullable;
  error_rate: Nullable;
  latency_p50_ms: Nullable;
  latency_p95_ms: Nullable;
  latency_p99_ms: Nullable;
  leak_verdict: 'leak' | 'no_leak' | 'insufficient_data' | null;
  memory_growth_mb_per_h: Nullable;
  leak_r2: Nullable;
  hours_to_limit: Nullable;
}

/** A breach at the time of a poll, kept with the raw service point for the status of the API. */
export interface StoredBreach {
  metric: string;
  instance_url: string | null;
  route: string | null;
  value: number | null;
  threshold: number | null;
  detail: string;
}

export interface ServicePointTable {
  service: string;
  resolution: 'raw' | '1m' | '1h';
  at: Date;
  samples: number;
  interval_s: number;
  requests: Count;
  errors: Count;
  buckets: JSONColumnType<Record<string, number>, string, string>;
  instances_up: Nullable;
  cpu_percent: Nullable;
  rss_mb: Nullable;
  heap_used_mb: Nullable;
  event_loop_lag_ms: Nullable;
  event_loop_utilization: Nullable;
  db_latency_ms: Nullable;
  pool_waiting: Nullable;
  pool_saturation: Nullable;
  breaches: JSONColumnType<StoredBreach[] | null, string | null, string | null>;
}

export interface RoutePointTable {
  service: string;
  route: string;
  at: Date;
  interval_s: number;
  requests: Count;
  errors: Count;
  buckets: JSONColumnType<Record<string, number>, string, string>;
}

export interface IncidentTable {
  id: string;
  subject_key: string;
  service: string;
  instance_url: string | null;
  metric: string;
  route: string | null;
  opened_at: Date;
  resolved_at: Date | null;
  consecutive_intervals: number;
  threshold: Nullable;
  value_at_open: Nullable;
  last_value: Nullable;
  peak_value: Nullable;
  detail: string;
  resolution_detail: string | null;
  event_id: string | null;
}

export interface OptimizationReportTable {
  id: string;
  created_at: Date;
  window_from: Date;
  window_to: Date;
  previous_id: string | null;
  body: JSONColumnType<Record<string, unknown>, string, never>;
}

export interface CollectorLeaseTable {
  name: string;
  holder: string;
  expires_at: Date;
}

export interface ObserverDb {
  instance_sample: InstanceSampleTable;
  service_point: ServicePointTable;
  route_point: RoutePointTable;
  incident: IncidentTable;
  optimization_report: OptimizationReportTable;
  collector_lease: CollectorLeaseTable;
}
