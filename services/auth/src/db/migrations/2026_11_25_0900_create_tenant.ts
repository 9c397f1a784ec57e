// biome-ignore-all lint/suspicious/noExplicitAny: migrations take Kysely<any> so they never depend on today's schema types (STYLE.md rule 5).
import { type Kysely, sql } from 'kysely';

// Frozen: do not import from src/. This file must mean the same thing a year from now.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table tenant (
      id uuid primary key,
      name text not null check (length(name) between 1 and 200),
      created_at timestamptz not null default now()
    )`.execute(db);
  // A session without app.tenant_id sees no tenant at all; the nullif keeps a reset setting ('') from erroring.
  await sql`alter table tenant enable row level security`.execute(db);
  await sql`
    create policy tenant_isolation on tenant
      using (id = nullif(current_setting('app.tenant_id', true), '')::uuid)
      with check (id = nullif(current_setting('app.tenant_id', true), '')::uuid)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table tenant`.execute(db);
}
