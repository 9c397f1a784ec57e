// biome-ignore-all lint/suspicious/noExplicitAny: migrations take Kysely<any> so they never depend on today's schema types (STYLE.md rule 5).
import { type Kysely, sql } from 'kysely';

// Frozen: do not import from src/. This file must mean the same thing a year from now.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table role (
      tenant_id uuid not null references tenant (id),
      id uuid not null,
      name text not null check (name ~ '^[a-z][a-z0-9_-]{0,62}$'),
      permissions text[] not null,
      built_in boolean not null default false,
      created_at timestamptz not null default now(),
      constraint role_pk primary key (tenant_id, id),
      constraint role_name_uq unique (tenant_id, name)
    )`.execute(db);
  await sql`
    create table user_role (
      tenant_id uuid not null,
      user_id uuid not null,
      role_id uuid not null,
      constraint user_role_pk primary key (tenant_id, user_id, role_id),
      constraint user_role_user_fk foreign key (tenant_id, user_id) references app_user (tenant_id, id) on delete cascade,
      constraint user_role_role_fk foreign key (tenant_id, role_id) references role (tenant_id, id) on delete cascade
    )`.execute(db);
  for (const table of ['role', 'user_role']) {
    await sql`alter table ${sql.table(table)} enable row level security`.execute(db);
    await sql`
      create policy ${sql.id(`${table}_tenant`)} on ${sql.table(table)}
        using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
        with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table user_role`.execute(db);
  await sql`drop table role`.execute(db);
}
