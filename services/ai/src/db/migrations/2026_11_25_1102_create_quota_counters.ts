// biome-ignore-all lint/suspicious/noExplicitAny: migrations take Kysely<any> so they never depend on today's schema types (STYLE.md rule 5).
import { type Kysely, sql } from 'kysely';

// Frozen: do not import from src/. This file must mean the same thing a year from now.

export async function up(db: Kysely<any>): Promise<void> {
  // The counters of the quota store when there is no Redis. Amounts are whole nano-euros, as in Redis.
  await sql`
    create table quota_window (
      tenant_id uuid not null,
      window_start timestamptz not null,
      requests bigint not null default 0,
      tokens bigint not null default 0,
      constraint quota_window_pk primary key (tenant_id, window_start)
    )`.execute(db);
  await sql`alter table quota_window enable row level security`.execute(db);
  await sql`
    create policy quota_window_tenant on quota_window
      using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
      with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)`.execute(db);
  // One row per tenant and month; reserving locks it, which serialises a tenant's reservations across replicas.
  await sql`
    create table quota_budget (
      tenant_id uuid not null,
      month text not null check (month ~ '^[0-9]{4}-[0-9]{2}$'),
      spent_nano bigint not null default 0,
      reserved_nano bigint not null default 0 check (reserved_nano >= 0),
      constraint quota_budget_pk primary key (tenant_id, month)
    )`.execute(db);
  await sql`alter table quota_budget enable row level security`.execute(db);
  await sql`
    create policy quota_budget_tenant on quota_budget
      using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
      with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)`.execute(db);
  // Open reservations; one that outlives its expiry (a crashed instance never settled it) is released.
  await sql`
    create table quota_reservation (
      tenant_id uuid not null,
      id uuid not null,
      month text not null,
      cost_nano bigint not null check (cost_nano >= 0),
      expires_at timestamptz not null,
      constraint quota_reservation_pk primary key (tenant_id, id),
      constraint quota_reservation_budget_fk foreign key (tenant_id, month) references quota_budget (tenant_id, month)
    )`.execute(db);
  await sql`alter table quota_reservation enable row level security`.execute(db);
  await sql`
    create policy quota_reservation_tenant on quota_reservation
      using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
      with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)`.execute(db);
  // Pruning crosses tenants, so it runs as the owner; it deletes only windows older than `before`.
  await sql`
    create function prune_quota_windows(before timestamptz) returns integer
      language sql volatile security definer set search_path from current as $$
        with gone as (delete from quota_window where window_start < before returning 1) select count(*)::integer from gone
      $$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop function prune_quota_windows(timestamptz)`.execute(db);
  await sql`drop table quota_reservation`.execute(db);
  await sql`drop table quota_budget`.execute(db);
  await sql`drop table quota_window`.execute(db);
}
