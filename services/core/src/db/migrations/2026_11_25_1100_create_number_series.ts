// biome-ignore-all lint/suspicious/noExplicitAny: migrations take Kysely<any> so they never depend on today's schema types (STYLE.md rule 5).
import { type Kysely, sql } from 'kysely';

// Frozen: do not import from src/. This file must mean the same thing a year from now.

export async function up(db: Kysely<any>): Promise<void> {
  // One row per tenant and series: drawing a number updates the row, whose lock lasts until the drawing
  // transaction ends. A rolled-back transaction gives its number back, so the series has no gaps.
  await sql`
    create table number_series (
      tenant_id uuid not null,
      name text not null check (name ~ '^[a-z_]{1,40}$'),
      prefix text not null check (prefix ~ '^[A-Z]{0,5}$'),
      next_value bigint not null check (next_value > 0),
      constraint number_series_pk primary key (tenant_id, name)
    )`.execute(db);
  await sql`alter table number_series enable row level security`.execute(db);
  await sql`
    create policy number_series_tenant on number_series
      using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
      with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table number_series`.execute(db);
}
