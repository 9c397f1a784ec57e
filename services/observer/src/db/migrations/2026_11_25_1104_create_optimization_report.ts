// biome-ignore-all lint/suspicious/noExplicitAny: migrations take Kysely<any> so they never depend on today's schema types (STYLE.md rule 5).
import { type Kysely, sql } from 'kysely';

// Frozen: do not import from src/. This file must mean the same thing a year from now.
// Observer tables describe the installation, not a tenant: no tenant_id and no row-level security.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table optimization_report (
      id uuid not null,
      created_at timestamptz not null,
      window_from timestamptz not null,
      window_to timestamptz not null,
      previous_id uuid,
      body jsonb not null,
      constraint optimization_report_pk primary key (id)
    )`.execute(db);
  await sql`create index optimization_report_created_at_idx on optimization_report (created_at desc, id desc)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table optimization_report`.execute(db);
}
