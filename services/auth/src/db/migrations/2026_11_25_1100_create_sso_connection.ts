// biome-ignore-all lint/suspicious/noExplicitAny: migrations take Kysely<any> so they never depend on today's schema types (STYLE.md rule 5).
import { type Kysely, sql } from 'kysely';

// Frozen: do not import from src/. This file must mean the same thing a year from now.

export async function up(db: Kysely<any>): Promise<void> {
  // One OpenID Connect provider per tenant. The client secret is stored sealed (AES-256-GCM), like the
  // private signing keys, so a copy of the table alone does not let anyone act as the tenant's client.
  await sql`
    create table sso_connection (
      tenant_id uuid not null references tenant (id),
      issuer text not null check (length(issuer) <= 500),
      client_id text not null check (length(client_id) between 1 and 255),
      client_secret_sealed text not null,
      redirect_uri text not null check (length(redirect_uri) <= 500),
      ui_redirect_uri text not null check (length(ui_redirect_uri) <= 500),
      allowed_domains text[] not null check (cardinality(allowed_domains) between 1 and 50),
      default_roles text[] not null,
      role_claim text,
      role_mappings jsonb not null default '[]',
      auto_provision boolean not null,
      updated_at timestamptz not null default now(),
      constraint sso_connection_pk primary key (tenant_id)
    )`.execute(db);
  await sql`alter table sso_connection enable row level security`.execute(db);
  await sql`
    create policy sso_connection_tenant on sso_connection
      using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
      with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table sso_connection`.execute(db);
}
