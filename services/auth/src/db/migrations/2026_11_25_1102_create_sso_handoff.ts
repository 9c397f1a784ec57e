// biome-ignore-all lint/suspicious/noExplicitAny: migrations take Kysely<any> so they never depend on today's schema types (STYLE.md rule 5).
import { type Kysely, sql } from 'kysely';

// Frozen: do not import from src/. This file must mean the same thing a year from now.

export async function up(db: Kysely<any>): Promise<void> {
  // The one-time code a finished SSO login hands to the UI, which exchanges it for tokens. Only its SHA-256
  // is stored, it lives a minute and is consumed by deleting the row.
  await sql`
    create table sso_handoff (
      tenant_id uuid not null,
      id uuid not null,
      code_hash text not null,
      user_id uuid not null,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      constraint sso_handoff_pk primary key (tenant_id, id),
      constraint sso_handoff_code_uq unique (tenant_id, code_hash),
      constraint sso_handoff_user_fk foreign key (tenant_id, user_id) references app_user (tenant_id, id) on delete cascade
    )`.execute(db);
  await sql`alter table sso_handoff enable row level security`.execute(db);
  await sql`
    create policy sso_handoff_tenant on sso_handoff
      using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
      with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table sso_handoff`.execute(db);
}
