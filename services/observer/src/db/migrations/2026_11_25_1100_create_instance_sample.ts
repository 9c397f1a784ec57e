// biome-ignore-all lint/suspicious/noExplicitAny: migrations take Kysely<any> so they never depend on today's schema types (STYLE.md rule 5).
import { type Kysely, sql } from 'kysely';

// Frozen: do not import from src/. This file must mean the same thing a year from now.
// Observer tables describe the installation, not a tenant: no tenant_id and no row-level security.

export async function up(db: Kysely<any>): Promise<void> {
  // One row per instance and poll; measurements, hence double precision (no money is stored here).
  await sql`
    create table instance_sample (
      service text not null,
      instance_url text not null,
      at timestamptz not null,
      instance_id text,
      reachable boolean not null,
      status text check (status in ('pass', 'warn', 'fail')),
      error text,
      scrape_ms double precision not null,
      uptime_s double precision,
      cpu_percent double precision,
      rss_mb double precision,
      heap_used_mb double precision,
      heap_total_mb double precision,
      event_loop_lag_ms double precision,
      event_loop_utilization double precision,
      db_latency_ms double precision,
      pool_total integer,
      pool_idle integer,
      pool_waiting integer,
      requests bigint,
      errors bigint,
      request_rate double precision,
      error_rate double precision,
      latency_p50_ms double precision,
      latency_p95_ms double precision,
      latency_p99_ms double precision,
      leak_verdict text check (leak_verdict in ('leak', 'no_leak', 'insufficient_data')),
      memory_growth_mb_per_h double precision,
      leak_r2 double precision,
      hours_to_limit double precision,
      constraint instance_sample_pk primary key (service, instance_url, at)
    )`.execute(db);
  // Retention deletes by time across all services.
  await sql`create index instance_sample_at_idx on instance_sample (at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table instance_sample`.execute(db);
}
