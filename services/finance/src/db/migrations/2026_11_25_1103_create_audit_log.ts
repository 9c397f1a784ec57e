// biome-ignore-all lint/suspicious/noExplicitAny: migrations take Kysely<any> so they never depend on today's schema types (STYLE.md rule 5).
import { type Kysely, sql } from 'kysely';

// Frozen: do not import from src/. This file must mean the same thing a year from now.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table audit_log (
      tenant_id uuid not null,
      id bigint generated always as identity,
      actor_id text check (length(actor_id) <= 200),
      action text not null check (length(action) between 1 and 100),
      subject text check (length(subject) <= 200),
      details jsonb not null default '{}'::jsonb,
      at timestamptz not null default now(),
      constraint audit_log_pk primary key (tenant_id, id)
    )`.execute(db);
  await sql`create trigger audit_log_append_only before update or delete on audit_log for each row execute function refuse_change()`.execute(db);
  await sql`create trigger audit_log_no_truncate before truncate on audit_log for each statement execute function refuse_change()`.execute(db);
  await sql`alter table audit_log enable row level security`.execute(db);
  await sql`
    create policy audit_log_read on audit_log for select
      using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)`.execute(db);
  await sql`
    create policy audit_log_append on audit_log for insert
      with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)`.execute(db);
  await sql`
    do $$
    declare grantee text;
    begin
      for grantee in
        select distinct acl.grantee::regrole::text from pg_class c cross join lateral aclexplode(c.relacl) acl
        where c.oid = 'audit_log'::regclass and acl.grantee <> c.relowner and acl.grantee <> 0
      loop
        execute format('revoke update, delete on audit_log from %s', grantee);
      end loop;
    end $$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table audit_log`.execute(db);
}
