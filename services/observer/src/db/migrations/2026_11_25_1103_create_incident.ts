// biome-ignore-all lint/suspicious/noExplicitAny: migrations take Kysely<any> so they never depend on today's schema types (STYLE.md rule 5).
import { type Kysely, sql } from 'kysely';

// Frozen: do not import from src/. This file must mean the same thing a year from now.
// Observer tables describe the installation, not a tenant: no tenant_id and no row-level security.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table incident (
      id uuid not null,
      subject_key text not null,
      service text not null,
      instance_url text,
      metric text not null,
      route text,
      opened_at timestamptz not null,
      resolved_at timestamptz,
      consecutive_intervals integer not null,
      threshold double precision,
      value_at_open double precision,
      last_value double precision,
      peak_value double precision,
      detail text not null,
      resolution_detail text,
      event_id uuid,
      constraint incident_pk primary key (id),
      constraint incident_resolved_after_open check (resolved_at is null or resolved_at >= opened_at)
    )`.execute(db);
  // At most one open incident per subject, whatever the collector does: the database refuses a second one,
  // so its event cannot be written twice either.
  await sql`create unique index incident_open_subject_idx on incident (subject_key) where resolved_at is null`.execute(db);
  await sql`create index incident_opened_at_idx on incident (opened_at desc, id desc)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table incident`.execute(db);
}
