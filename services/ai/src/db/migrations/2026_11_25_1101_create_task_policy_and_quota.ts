// biome-ignore-all lint/suspicious/noExplicitAny: migrations take Kysely<any> so they never depend on today's schema types (STYLE.md rule 5).
import { type Kysely, sql } from 'kysely';

// Frozen: do not import from src/. This file must mean the same thing a year from now.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table task_policy (
      tenant_id uuid not null,
      task text not null check (task ~ '^[a-z][a-z0-9-]{0,62}$'),
      strategy text not null check (strategy in ('cheapest', 'fastest', 'pinned', 'local-only')),
      model text,
      fallback boolean not null,
      fallback_to_local boolean not null,
      max_attempts integer not null check (max_attempts between 1 and 5),
      cache_ttl_s integer not null check (cache_ttl_s between 0 and 604800),
      max_output_tokens integer not null check (max_output_tokens between 1 and 100000),
      updated_at timestamptz not null default now(),
      constraint task_policy_pk primary key (tenant_id, task),
      constraint task_policy_pinned_ck check (strategy <> 'pinned' or model is not null)
    )`.execute(db);
  await sql`alter table task_policy enable row level security`.execute(db);
  await sql`
    create policy task_policy_tenant on task_policy
      using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
      with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)`.execute(db);
  await sql`
    create table tenant_quota (
      tenant_id uuid not null,
      requests_per_minute integer check (requests_per_minute > 0),
      tokens_per_minute integer check (tokens_per_minute > 0),
      monthly_budget_eur numeric(15, 9) check (monthly_budget_eur >= 0),
      updated_at timestamptz not null default now(),
      constraint tenant_quota_pk primary key (tenant_id)
    )`.execute(db);
  await sql`alter table tenant_quota enable row level security`.execute(db);
  await sql`
    create policy tenant_quota_tenant on tenant_quota
      using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
      with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table tenant_quota`.execute(db);
  await sql`drop table task_policy`.execute(db);
}
