// biome-ignore-all lint/suspicious/noExplicitAny: migrations take Kysely<any> so they never depend on today's schema types (STYLE.md rule 5).
import { type Kysely, sql } from 'kysely';

// Frozen: do not import from src/. This file must mean the same thing a year from now.

export async function up(db: Kysely<any>): Promise<void> {
  // A started SSO login: kept in the database so any instance can finish it, consumed by deleting the row.
  // Only the SHA-256 of the state is stored; the nonce and PKCE verifier are useless without it.
  await sql`
    create table sso_flow (
      tenant_id uuid not null references tenant (id),
      id uuid not null,
      state_hash text not null,
      nonce text not null,
      code_verifier text not null,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      constraint sso_flow_pk primary key (tenant_id, id),
      constraint sso_flow_state_uq unique (tenant_id, state_hash)
    )`.execute(db);
  await sql`alter table sso_flow enable row level security`.execute(db);
  await sql`
    create policy sso_flow_tenant on sso_flow
      using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
      with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table sso_flow`.execute(db);
}
