// biome-ignore-all lint/suspicious/noExplicitAny: migrations take Kysely<any> so they never depend on today's schema types (STYLE.md rule 5).
import { type Kysely, sql } from 'kysely';

// Frozen: do not import from src/. This file must mean the same thing a year from now.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table app_user (
      tenant_id uuid not null references tenant (id),
      id uuid not null,
      email text not null check (length(email) between 3 and 254),
      password_hash text not null,
      status text not null default 'active' check (status in ('active', 'disabled')),
      created_at timestamptz not null default now(),
      constraint app_user_pk primary key (tenant_id, id)
    )`.execute(db);
  // E-mail addresses are unique per tenant regardless of case; lower() instead of citext, which needs an extension.
  await sql`create unique index app_user_email_uq on app_user (tenant_id, lower(email))`.execute(db);
  // Login looks an address up across tenants when the client names none.
  await sql`create index app_user_email_idx on app_user (lower(email))`.execute(db);
  await sql`alter table app_user enable row level security`.execute(db);
  await sql`
    create policy app_user_tenant on app_user
      using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
      with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)`.execute(db);
  // Row-level security hides other tenants from the runtime role, so finding the tenants of an address at
  // login needs a narrow function that runs as the owner and returns only what login needs.
  await sql`
    create function find_login_candidates(candidate_email text)
      returns table (tenant_id uuid, id uuid, email text, password_hash text, status text)
      language sql stable security definer set search_path from current
      as $$ select tenant_id, id, email, password_hash, status from app_user where lower(email) = lower(candidate_email) limit 20 $$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop function find_login_candidates(text)`.execute(db);
  await sql`drop table app_user`.execute(db);
}
