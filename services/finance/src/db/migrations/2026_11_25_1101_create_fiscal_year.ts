// biome-ignore-all lint/suspicious/noExplicitAny: migrations take Kysely<any> so they never depend on today's schema types (STYLE.md rule 5).
import { type Kysely, sql } from 'kysely';

// Frozen: do not import from src/. This file must mean the same thing a year from now.

const TENANT = sql.raw(`tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid`);

async function tenantPolicy(db: Kysely<any>, table: string): Promise<void> {
  await sql`alter table ${sql.table(table)} enable row level security`.execute(db);
  await sql`create policy ${sql.id(`${table}_tenant`)} on ${sql.table(table)} using (${TENANT}) with check (${TENANT})`.execute(db);
}

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

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table fiscal_year (
      tenant_id uuid not null,
      year integer not null check (year between 1900 and 9999),
      start_date date not null,
      end_date date not null,
      created_at timestamptz not null default now(),
      created_by text not null check (length(created_by) between 1 and 200),
      constraint fiscal_year_pk primary key (tenant_id, year),
      constraint fiscal_year_span check (end_date > start_date and end_date < start_date + interval '1 year')
    )`.execute(db);
  await sql`
    create table fiscal_period (
      tenant_id uuid not null,
      year integer not null,
      period smallint not null check (period between 1 and 12),
      start_date date not null,
      end_date date not null check (end_date >= start_date),
      status text not null default 'open' check (status in ('open', 'closed', 'locked')),
      status_changed_at timestamptz,
      status_changed_by text check (length(status_changed_by) <= 200),
      status_reason text check (length(status_reason) <= 500),
      constraint fiscal_period_pk primary key (tenant_id, year, period),
      constraint fiscal_period_year_fk foreign key (tenant_id, year) references fiscal_year (tenant_id, year)
    )`.execute(db);
  await sql`create index fiscal_period_dates_idx on fiscal_period (tenant_id, start_date, end_date)`.execute(db);
  // The row every posting of a fiscal year locks: it hands out the next number and holds the chain's head.
  await sql`
    create table posting_counter (
      tenant_id uuid not null,
      year integer not null,
      last_number integer not null default 0 check (last_number >= 0),
      last_hash text not null check (last_hash ~ '^[0-9a-f]{64}$'),
      constraint posting_counter_pk primary key (tenant_id, year),
      constraint posting_counter_year_fk foreign key (tenant_id, year) references fiscal_year (tenant_id, year)
    )`.execute(db);
  // Fiscal years of a tenant never share a day; the advisory lock makes two concurrent creations check in turn.
  await sql`
    create function fiscal_year_no_overlap() returns trigger language plpgsql as $$
    begin
      perform pg_advisory_xact_lock(hashtextextended('finance.fiscal_year:' || new.tenant_id::text, 0));
      if exists (select 1 from fiscal_year y where y.tenant_id = new.tenant_id
                 and daterange(y.start_date, y.end_date, '[]') && daterange(new.start_date, new.end_date, '[]')) then
        raise exception 'fiscal year % (% to %) overlaps an existing fiscal year', new.year, new.start_date, new.end_date using errcode = 'FN007';
      end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger fiscal_year_no_overlap before insert on fiscal_year for each row execute function fiscal_year_no_overlap()`.execute(db);
  await sql`create trigger fiscal_year_keep before update or delete on fiscal_year for each row execute function refuse_change()`.execute(db);
  // Only the status of a period changes; a locked period never again; reopening needs a reason.
  await sql`
    create function fiscal_period_guard() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        raise exception 'fiscal period %-% cannot be deleted', old.year, old.period using errcode = 'FN006';
      end if;
      if old.status = 'locked' then
        raise exception 'fiscal period %-% is locked for good', old.year, old.period using errcode = 'FN005';
      end if;
      if (new.tenant_id, new.year, new.period, new.start_date, new.end_date) is distinct from (old.tenant_id, old.year, old.period, old.start_date, old.end_date) then
        raise exception 'only the status of fiscal period %-% can change', old.year, old.period using errcode = 'FN006';
      end if;
      if old.status = 'closed' and new.status = 'open' and coalesce(btrim(new.status_reason), '') = '' then
        raise exception 'reopening fiscal period %-% needs a reason', old.year, old.period using errcode = 'FN008';
      end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger fiscal_period_guard before update or delete on fiscal_period for each row execute function fiscal_period_guard()`.execute(db);
  // Numbers are gap-free: the counter only ever moves on by one.
  await sql`
    create function posting_counter_step() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        raise exception 'posting counter %/% cannot be deleted', old.tenant_id, old.year using errcode = 'FN006';
      end if;
      if new.last_number <> old.last_number + 1 or (new.tenant_id, new.year) is distinct from (old.tenant_id, old.year) then
        raise exception 'posting counter of % must move from % to %', old.year, old.last_number, old.last_number + 1 using errcode = 'FN009';
      end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger posting_counter_step before update or delete on posting_counter for each row execute function posting_counter_step()`.execute(db);
  for (const table of ['fiscal_year', 'fiscal_period', 'posting_counter']) {
    await tenantPolicy(db, table);
    await sql`create trigger ${sql.id(`${table}_no_truncate`)} before truncate on ${sql.table(table)} for each statement execute function refuse_change()`.execute(
      db,
    );
  }
  await revokeFromOthers(db, 'fiscal_year', 'update, delete');
  await revokeFromOthers(db, 'fiscal_period', 'delete');
  await revokeFromOthers(db, 'posting_counter', 'delete');
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table posting_counter`.execute(db);
  await sql`drop table fiscal_period`.execute(db);
  await sql`drop table fiscal_year`.execute(db);
  await sql`drop function posting_counter_step()`.execute(db);
  await sql`drop function fiscal_period_guard()`.execute(db);
  await sql`drop function fiscal_year_no_overlap()`.execute(db);
}
