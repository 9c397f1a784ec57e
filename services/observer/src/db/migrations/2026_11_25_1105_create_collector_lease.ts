// biome-ignore-all lint/suspicious/noExplicitAny: migrations take Kysely<any> so they never depend on today's schema types (STYLE.md rule 5).
import { type Kysely, sql } from 'kysely';

// Frozen: do not import from src/. This file must mean the same thing a year from now.
// Observer tables describe the installation, not a tenant: no tenant_id and no row-level security.

export async function up(db: Kysely<any>): Promise<void> {
  // Several observer instances may run; the one holding the lease polls, the others only answer the API.
  await sql`
    create table collector_lease (
      name text not null,
      holder text not null,
      expires_at timestamptz not null,
      constraint collector_lease_pk primary key (name)
    )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table collector_lease`.execute(db);
}
