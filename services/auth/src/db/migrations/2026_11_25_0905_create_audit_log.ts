// biome-ignore-all lint/suspicious/noExplicitAny: migrations take Kysely<any> so they never depend on today's schema types (STYLE.md rule 5).
import { type Kysely, sql } from 'kysely';

// Frozen: do not import from src/. This file must mean the same thing a year from now.

export async function up(db: Kysely<any>): Promise<void> {
  // tenant_id is empty for events without a known tenant, such as a failed login for an unknown address.
  await sql`
    create table audit_log (
      tenant_id uuid,
      id bigint generated always as identity,
      actor_id uuid,
      action text not null,
      details jsonb not null default '{}'::jsonb,
      ip text,
      at timestamptz not null default now(),
      constraint audit_log_pk primary key (id)
    )`.execute(db);
  await sql`create index audit_log_tenant_at_idx on audit_log (tenant_id, at)`.execute(db);
  await sql`
    create function audit_log_refuse_change() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_log is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
    end $$`.execute(db);
  await sql`
    create trigger audit_log_append_only before update or delete on audit_log
      for each row execute function audit_log_refuse_change()`.execute(db);
  await sql`
    create trigger audit_log_no_truncate before truncate on audit_log
      for each statement execute function audit_log_refuse_change()`.execute(db);
  // Readers see their own tenant's rows; writers may add rows of their tenant or rows without one.
  await sql`alter table audit_log enable row level security`.execute(db);
  await sql`
    create policy audit_log_read on audit_log for select
      using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)`.execute(db);
  await sql`
    create policy audit_log_append on audit_log for insert
      with check (tenant_id is null or tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table audit_log`.execute(db);
  await sql`drop function audit_log_refuse_change()`.execute(db);
}
