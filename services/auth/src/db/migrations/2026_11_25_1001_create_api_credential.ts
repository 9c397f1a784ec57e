// biome-ignore-all lint/suspicious/noExplicitAny: migrations take Kysely<any> so they never depend on today's schema types (STYLE.md rule 5).
import { type Kysely, sql } from 'kysely';

// Frozen: do not import from src/. This file must mean the same thing a year from now.

export async function up(db: Kysely<any>): Promise<void> {
  // API keys and OAuth clients are one idea (a named machine credential of a tenant with fixed permissions)
  // presented two ways, so they share a table. Only the SHA-256 of the secret is stored.
  await sql`
    create table api_credential (
      tenant_id uuid not null,
      id uuid not null,
      kind text not null check (kind in ('api_key', 'client')),
      name text not null check (length(name) between 1 and 100),
      permissions text[] not null,
      secret_hash text not null,
      created_by uuid not null,
      created_at timestamptz not null default now(),
      expires_at timestamptz,
      revoked_at timestamptz,
      last_used_at timestamptz,
      constraint api_credential_pk primary key (tenant_id, id),
      constraint api_credential_hash_uq unique (tenant_id, secret_hash),
      constraint api_credential_creator_fk foreign key (tenant_id, created_by) references app_user (tenant_id, id)
    )`.execute(db);
  await sql`create index api_credential_kind_idx on api_credential (tenant_id, kind, created_at)`.execute(db);
  await sql`alter table api_credential enable row level security`.execute(db);
  await sql`
    create policy api_credential_tenant on api_credential
      using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
      with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table api_credential`.execute(db);
}
