// biome-ignore-all lint/suspicious/noExplicitAny: migrations take Kysely<any> so they never depend on today's schema types (STYLE.md rule 5).
import { type Kysely, sql } from 'kysely';

// Frozen: do not import from src/. This file must mean the same thing a year from now.
// Observer tables describe the installation, not a tenant: no tenant_id and no row-level security.

export async function up(db: Kysely<any>): Promise<void> {
  // Per-route traffic of one poll, only for routes that had requests; read by the optimisation report.
  await sql`
    create table route_point (
      service text not null,
      route text not null,
      at timestamptz not null,
      interval_s double precision not null,
      requests bigint not null check (requests > 0),
      errors bigint not null check (errors >= 0),
      buckets jsonb not null,
      constraint route_point_pk primary key (service, route, at)
    )`.execute(db);
  await sql`create index route_point_at_idx on route_point (at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table route_point`.execute(db);
}
