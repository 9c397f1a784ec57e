// biome-ignore-all lint/suspicious/noExplicitAny: migrations take Kysely<any> so they never depend on today's schema types (STYLE.md rule 5).
import { type Kysely, sql } from 'kysely';

// Frozen: do not import from src/. This file must mean the same thing a year from now.
// Observer tables describe the installation, not a tenant: no tenant_id and no row-level security.

export async function up(db: Kysely<any>): Promise<void> {
  // Raw rows are one poll of a service; 1m and 1h rows are rollups of them. Latency is kept as bucket counts,
  // so rollups and long ranges compute exact quantiles of the merged histogram instead of averaging p95s.
  await sql`
    create table service_point (
      service text not null,
      resolution text not null check (resolution in ('raw', '1m', '1h')),
      at timestamptz not null,
      samples integer not null check (samples > 0),
      interval_s double precision not null check (interval_s >= 0),
      requests bigint not null check (requests >= 0),
      errors bigint not null check (errors >= 0),
      buckets jsonb not null,
      instances_up double precision,
      cpu_percent double precision,
      rss_mb double precision,
      heap_used_mb double precision,
      event_loop_lag_ms double precision,
      event_loop_utilization double precision,
      db_latency_ms double precision,
      pool_waiting double precision,
      pool_saturation double precision,
      breaches jsonb,
      constraint service_point_pk primary key (service, resolution, at)
    )`.execute(db);
  await sql`create index service_point_resolution_at_idx on service_point (resolution, at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table service_point`.execute(db);
}
