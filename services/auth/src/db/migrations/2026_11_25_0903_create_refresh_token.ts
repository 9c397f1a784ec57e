// biome-ignore-all lint/suspicious/noExplicitAny: migrations take Kysely<any> so they never depend on today's schema types (STYLE.md rule 5).
import { type Kysely, sql } from 'kysely';

// Frozen: do not import from src/. This file must mean the same thing a year from now.

export async function up(db: Kysely<any>): Promise<void> {
  // Only the SHA-256 of a refresh token is stored: a leaked table cannot be replayed. A family is one login;
  // every rotation adds a row to it, and reuse of a spent row revokes the whole family.
  await sql`
    create table refresh_token (
      tenant_id uuid not null,
      id uuid not null,
      token_hash text not null,
      user_id uuid not null,
      family_id uuid not null,
      rotated_from uuid,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      used_at timestamptz,
      revoked_at timestamptz,
      constraint refresh_token_pk primary key (tenant_id, id),
      constraint refresh_token_hash_uq unique (tenant_id, token_hash),
      constraint refresh_token_user_fk foreign key (tenant_id, user_id) references app_user (tenant_id, id) on delete cascade
    )`.execute(db);
  await sql`create index refresh_token_family_idx on refresh_token (tenant_id, family_id)`.execute(db);
  await sql`create index refresh_token_user_idx on refresh_token (tenant_id, user_id)`.execute(db);
  await sql`alter table refresh_token enable row level security`.execute(db);
  await sql`
    create policy refresh_token_tenant on refresh_token
      using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
      with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table refresh_token`.execute(db);
}
