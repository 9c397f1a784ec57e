import { Thresholds } from '@erp/contracts';
import Type from 'typebox';

export const NullableNumber = Type.Union([Type.Number(), Type.Null()]);
export const NullableString = Type.Union([Type.String(), Type.Null()]);
const Status = Type.Union([Type.Literal('pass'), Type.Literal('warn'), Type.Literal('fail'), Type.Literal('unknown')]);

export const Breach = Type.Object({
  metric: Type.String(),
  instance_url: NullableString,
  route: NullableString,
  value: NullableNumber,
  threshold: NullableNumber,
  detail: Type.String(),
});

export const MemoryTrend = Type.Object({
  verdict: Type.Union([Type.Literal('leak'), Type.Literal('no_leak'), Type.Literal('insufficient_data'), Type.Null()]),
  growth_mb_per_hour: NullableNumber,
  r2: NullableNumber,
  hours_to_limit: NullableNumber,
});

export const InstanceView = Type.Object({
  url: Type.String(),
  instance_id: NullableString,
  status: Type.Union([Type.Literal('pass'), Type.Literal('warn'), Type.Literal('fail'), Type.Literal('unreachable')]),
  at: Type.String({ format: 'date-time' }),
  error: NullableString,
  uptime_s: NullableNumber,
  cpu_percent: NullableNumber,
  rss_mb: NullableNumber,
  heap_used_mb: NullableNumber,
  heap_total_mb: NullableNumber,
  event_loop_lag_ms: NullableNumber,
  event_loop_utilization: NullableNumber,
  db_latency_ms: NullableNumber,
  pool: Type.Union([Type.Object({ total: Type.Integer(), idle: Type.Integer(), waiting: Type.Integer() }), Type.Null()]),
  request_rate: NullableNumber,
  error_rate: NullableNumber,
  latency_p50_ms: NullableNumber,
  latency_p95_ms: NullableNumber,
  latency_p99_ms: NullableNumber,
  memory: MemoryTrend,
});

export const ServiceFiguresView = Type.Object({
  at: Type.String({ format: 'date-time' }),
  request_rate: NullableNumber,
  error_rate: NullableNumber,
  latency_p50_ms: NullableNumber,
  latency_p95_ms: NullableNumber,
  latency_p99_ms: NullableNumber,
  cpu_percent: NullableNumber,
  rss_mb: NullableNumber,
  event_loop_lag_ms: NullableNumber,
  pool_waiting: NullableNumber,
});

export const ServiceView = Type.Object({
  name: Type.String(),
  status: Status,
  thresholds: Thresholds,
  critical_endpoints: Type.Array(Type.String()),
  figures: Type.Union([ServiceFiguresView, Type.Null()]),
  breaches: Type.Array(Breach),
  open_incidents: Type.Integer(),
  instances: Type.Array(InstanceView),
});

export const ServiceList = Type.Object({ observed_at: Type.String({ format: 'date-time' }), services: Type.Array(ServiceView) });

export const Incident = Type.Object({
  id: Type.String(),
  status: Type.Union([Type.Literal('open'), Type.Literal('resolved')]),
  service: Type.String(),
  instance_url: NullableString,
  metric: Type.String(),
  route: NullableString,
  opened_at: Type.String({ format: 'date-time' }),
  resolved_at: NullableString,
  consecutive_intervals: Type.Integer(),
  threshold: NullableNumber,
  value_at_open: NullableNumber,
  last_value: NullableNumber,
  peak_value: NullableNumber,
  detail: Type.String(),
  resolution_detail: NullableString,
  event_id: NullableString,
});

export const IncidentPage = Type.Object({ items: Type.Array(Incident), next_cursor: NullableString });

/** The service name of a path; the same pattern observer_config.json allows, and registry names. */
export const ServiceName = Type.String({ pattern: '^[a-z][a-z0-9_-]*$', maxLength: 64 });
