// biome-ignore-all lint/suspicious/noExplicitAny: migrations take Kysely<any> so they never depend on today's schema types (STYLE.md rule 5).
import { type Kysely, sql } from 'kysely';

// Frozen: do not import from src/. This file must mean the same thing a year from now.

const TENANT_POLICY = sql`tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid`;

async function enableTenantSecurity(db: Kysely<any>, table: string): Promise<void> {
  await sql`alter table ${sql.table(table)} enable row level security`.execute(db);
  await sql`create policy ${sql.id(`${table}_tenant`)} on ${sql.table(table)} using (${TENANT_POLICY}) with check (${TENANT_POLICY})`.execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  // The TOTP secret is stored sealed (AES-256-GCM), never in clear. The enrolment is pending until a first
  // code confirms it. last_used_step is the time step of the last accepted code, so a code works only once;
  // an integer holds 30-second steps until the year 2106.
  await sql`
    create table user_mfa (
      tenant_id uuid not null,
      user_id uuid not null,
      secret_sealed text not null,
      confirmed_at timestamptz,
      last_used_step integer,
      created_at timestamptz not null default now(),
      constraint user_mfa_pk primary key (tenant_id, user_id),
      constraint user_mfa_user_fk foreign key (tenant_id, user_id) references app_user (tenant_id, id) on delete cascade
    )`.execute(db);
  // Only the SHA-256 of a recovery code is stored; each one works once.
  await sql`
    create table mfa_recovery_code (
      tenant_id uuid not null,
      user_id uuid not null,
      code_hash text not null,
      used_at timestamptz,
      constraint mfa_recovery_code_pk primary key (tenant_id, user_id, code_hash),
      constraint mfa_recovery_code_mfa_fk foreign key (tenant_id, user_id) references user_mfa (tenant_id, user_id) on delete cascade
    )`.execute(db);
  // A challenge is the password step of a login waiting for the second factor: short-lived, single-use,
  // and dead after a few wrong codes.
  await sql`
    create table mfa_challenge (
      tenant_id uuid not null,
      id uuid not null,
      token_hash text not null,
      user_id uuid not null,
      failures integer not null default 0,
      expires_at timestamptz not null,
      used_at timestamptz,
      constraint mfa_challenge_pk primary key (tenant_id, id),
      constraint mfa_challenge_hash_uq unique (tenant_id, token_hash),
      constraint mfa_challenge_user_fk foreign key (tenant_id, user_id) references app_user (tenant_id, id) on delete cascade
    )`.execute(db);
  await sql`create index mfa_challenge_user_idx on mfa_challenge (tenant_id, user_id)`.execute(db);
  for (const table of ['user_mfa', 'mfa_recovery_code', 'mfa_challenge']) await enableTenantSecurity(db, table);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table mfa_challenge`.execute(db);
  await sql`drop table mfa_recovery_code`.execute(db);
  await sql`drop table user_mfa`.execute(db);
}
