// biome-ignore-all lint/suspicious/noExplicitAny: migrations take Kysely<any> so they never depend on today's schema types (STYLE.md rule 5).
import { type Kysely, sql } from 'kysely';

// Frozen: do not import from src/. This file must mean the same thing a year from now.

export async function up(db: Kysely<any>): Promise<void> {
  // Like refresh tokens, only the SHA-256 of a reset token is stored; a token works once and for a short time.
  await sql`
    create table password_reset (
      tenant_id uuid not null,
      id uuid not null,
      user_id uuid not null,
      token_hash text not null,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      used_at timestamptz,
      constraint password_reset_pk primary key (tenant_id, id),
      constraint password_reset_hash_uq unique (tenant_id, token_hash),
      constraint password_reset_user_fk foreign key (tenant_id, user_id) references app_user (tenant_id, id) on delete cascade
    )`.execute(db);
  await sql`alter table password_reset enable row level security`.execute(db);
  await sql`
    create policy password_reset_tenant on password_reset
      using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
      with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table password_reset`.execute(db);
}
