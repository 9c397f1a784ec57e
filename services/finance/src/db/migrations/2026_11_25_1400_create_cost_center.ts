// biome-ignore-all lint/suspicious/noExplicitAny: migrations take Kysely<any> so they never depend on today's schema types (STYLE.md rule 5).
import { type Kysely, sql } from 'kysely';

// Frozen: do not import from src/. This file must mean the same thing a year from now.

const TENANT = sql.raw(`tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid`);

// The kit's default privileges give the runtime role every DML right; take back what these tables must not allow.
async function revokeFromOthers(db: Kysely<any>, table: string, privileges: string): Promise<void> {
  await sql`
    do $$
    declare grantee text;
    begin
      for grantee in
        select distinct acl.grantee::regrole::text from pg_class c cross join lateral aclexplode(c.relacl) acl
        where c.oid = ${sql.lit(table)}::regclass and acl.grantee <> c.relowner and acl.grantee <> 0
      loop
        execute format('revoke ${sql.raw(privileges)} on %I from %s', ${sql.lit(table)}, grantee);
      end loop;
    end $$`.execute(db);
}

// Cost centres (DATEV KOST1) and cost objects (KOST2) share one table; the dimension is part of the key, so
// the same code may exist in both. A cost centre is never deleted and its code never changes: lines refer to it.
async function createCostCenter(db: Kysely<any>): Promise<void> {
  await sql`
    create table cost_center (
      tenant_id uuid not null,
      dimension smallint not null check (dimension in (1, 2)),
      code text not null check (code ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,35}$'),
      name text not null check (length(name) between 1 and 200),
      inactive boolean not null default false,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      created_by text not null check (length(created_by) between 1 and 200),
      updated_at timestamptz not null default now(),
      constraint cost_center_pk primary key (tenant_id, dimension, code)
    )`.execute(db);
  await sql`
    create function cost_center_guard() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        raise exception 'cost centre %/% cannot be deleted; set it inactive', old.dimension, old.code using errcode = 'FN006';
      end if;
      if (new.tenant_id, new.dimension, new.code, new.created_at, new.created_by) is distinct from (old.tenant_id, old.dimension, old.code, old.created_at, old.created_by) then
        raise exception 'only the name and the inactive flag of cost centre %/% can change', old.dimension, old.code using errcode = 'FN006';
      end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger cost_center_guard before update or delete on cost_center for each row execute function cost_center_guard()`.execute(db);
  await sql`create trigger cost_center_no_truncate before truncate on cost_center for each statement execute function refuse_change()`.execute(db);
  await sql`alter table cost_center enable row level security`.execute(db);
  await sql`create policy cost_center_tenant on cost_center using (${TENANT}) with check (${TENANT})`.execute(db);
  await revokeFromOthers(db, 'cost_center', 'delete');
}

// A line names a cost centre of dimension 1 in cost_center and one of dimension 2 in cost_center_2, and only on
// a revenue or expense account. The service checks this first (with the inactive flag); the trigger makes sure
// that nothing that goes around the service writes a line the reports could not place.
async function createLineCheck(db: Kysely<any>): Promise<void> {
  await sql`alter table journal_line add column cost_center_2 text`.execute(db);
  await sql`
    create function journal_line_cost_center() returns trigger language plpgsql as $$
    begin
      if new.cost_center is null and new.cost_center_2 is null then
        return new;
      end if;
      if not exists (select 1 from account a where a.tenant_id = new.tenant_id and a.number = new.account and a.type in ('revenue', 'expense')) then
        raise exception 'line % of entry % names a cost centre on account %, which is no revenue or expense account', new.line_no, new.entry_id, new.account
          using errcode = 'FN020';
      end if;
      if new.cost_center is not null
         and not exists (select 1 from cost_center c where c.tenant_id = new.tenant_id and c.dimension = 1 and c.code = new.cost_center) then
        raise exception 'line % of entry % names the unknown cost centre % (dimension 1)', new.line_no, new.entry_id, new.cost_center using errcode = 'FN021';
      end if;
      if new.cost_center_2 is not null
         and not exists (select 1 from cost_center c where c.tenant_id = new.tenant_id and c.dimension = 2 and c.code = new.cost_center_2) then
        raise exception 'line % of entry % names the unknown cost centre % (dimension 2)', new.line_no, new.entry_id, new.cost_center_2 using errcode = 'FN021';
      end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger journal_line_cost_center before insert on journal_line for each row execute function journal_line_cost_center()`.execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  await createCostCenter(db);
  await createLineCheck(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger journal_line_cost_center on journal_line`.execute(db);
  await sql`drop function journal_line_cost_center()`.execute(db);
  await sql`alter table journal_line drop column cost_center_2`.execute(db);
  await sql`drop table cost_center`.execute(db);
  await sql`drop function cost_center_guard()`.execute(db);
}
