// biome-ignore-all lint/suspicious/noExplicitAny: migrations take Kysely<any> so they never depend on today's schema types (STYLE.md rule 5).
import { type Kysely, sql } from 'kysely';

// Frozen: do not import from src/. This file must mean the same thing a year from now.

const TENANT = sql.raw(`tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid`);

async function tenantPolicy(db: Kysely<any>, table: string): Promise<void> {
  await sql`alter table ${sql.table(table)} enable row level security`.execute(db);
  await sql`create policy ${sql.id(`${table}_tenant`)} on ${sql.table(table)} using (${TENANT}) with check (${TENANT})`.execute(db);
}

// The kit's default privileges give the runtime role every DML right; these tables keep their rows, so the
// right to change or remove them is taken back from every role but the owner.
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
  // One refusal for every table whose rows must not change or disappear; FN006 lets the service tell it apart.
  await sql`
    create function refuse_change() returns trigger language plpgsql as $$
    begin
      raise exception '% on % refused: its rows are never changed or removed', tg_op, tg_table_name using errcode = 'FN006';
    end $$`.execute(db);
  await sql`
    create table ledger_settings (
      tenant_id uuid not null,
      chart text not null check (chart in ('SKR03', 'SKR04')),
      base_currency text not null default 'EUR' check (base_currency = 'EUR'),
      created_at timestamptz not null default now(),
      created_by text not null check (length(created_by) between 1 and 200),
      constraint ledger_settings_pk primary key (tenant_id)
    )`.execute(db);
  await sql`
    create table tax_code (
      tenant_id uuid not null,
      code text not null check (code ~ '^[A-Za-z0-9_]{1,16}$'),
      description text not null check (length(description) between 1 and 300),
      kind text not null check (kind in ('output', 'input', 'intra_eu_acquisition', 'reverse_charge', 'exempt')),
      rate numeric(5,2) not null check (rate >= 0 and rate < 100),
      output_tax_account text,
      input_tax_account text,
      datev_bu_key text check (datev_bu_key ~ '^[0-9]{1,4}$'),
      ustva_base_kz text check (ustva_base_kz ~ '^[0-9]{2}$'),
      ustva_output_tax_kz text check (ustva_output_tax_kz ~ '^[0-9]{2}$'),
      ustva_input_tax_kz text check (ustva_input_tax_kz ~ '^[0-9]{2}$'),
      created_at timestamptz not null default now(),
      constraint tax_code_pk primary key (tenant_id, code),
      constraint tax_code_accounts check (
        (kind = 'output' and output_tax_account is not null and input_tax_account is null and rate > 0)
        or (kind = 'input' and input_tax_account is not null and output_tax_account is null and rate > 0)
        or (kind in ('intra_eu_acquisition', 'reverse_charge') and output_tax_account is not null and input_tax_account is not null and rate > 0)
        or (kind = 'exempt' and output_tax_account is null and input_tax_account is null and rate = 0))
    )`.execute(db);
  await sql`
    create table account (
      tenant_id uuid not null,
      number text not null check (number ~ '^[0-9]{4,8}$'),
      name text not null check (length(name) between 1 and 200),
      type text not null check (type in ('asset', 'liability', 'equity', 'revenue', 'expense')),
      parent_number text check (parent_number <> number),
      default_tax_code text,
      inactive boolean not null default false,
      origin text not null check (origin in ('template', 'custom')),
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint account_pk primary key (tenant_id, number),
      constraint account_parent_fk foreign key (tenant_id, parent_number) references account (tenant_id, number)
        on update cascade deferrable initially deferred,
      constraint account_tax_code_fk foreign key (tenant_id, default_tax_code) references tax_code (tenant_id, code) deferrable initially deferred
    )`.execute(db);
  await sql`create index account_parent_idx on account (tenant_id, parent_number)`.execute(db);
  // An account a tax code posts to keeps its number (restrict); a set-up writes both tables in one transaction.
  await sql`
    alter table tax_code
      add constraint tax_code_output_account_fk foreign key (tenant_id, output_tax_account) references account (tenant_id, number)
        on update restrict deferrable initially deferred,
      add constraint tax_code_input_account_fk foreign key (tenant_id, input_tax_account) references account (tenant_id, number)
        on update restrict deferrable initially deferred`.execute(db);
  for (const table of ['ledger_settings', 'tax_code', 'account']) await tenantPolicy(db, table);
  await sql`create trigger ledger_settings_keep before update or delete on ledger_settings for each row execute function refuse_change()`.execute(db);
  await sql`create trigger tax_code_keep before update or delete on tax_code for each row execute function refuse_change()`.execute(db);
  await sql`create trigger account_keep before delete on account for each row execute function refuse_change()`.execute(db);
  for (const table of ['ledger_settings', 'tax_code', 'account']) {
    await sql`create trigger ${sql.id(`${table}_no_truncate`)} before truncate on ${sql.table(table)} for each statement execute function refuse_change()`.execute(
      db,
    );
  }
  await revokeFromOthers(db, 'ledger_settings', 'update, delete');
  await revokeFromOthers(db, 'tax_code', 'update, delete');
  await revokeFromOthers(db, 'account', 'delete');
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table tax_code drop constraint tax_code_output_account_fk, drop constraint tax_code_input_account_fk`.execute(db);
  await sql`drop table account`.execute(db);
  await sql`drop table tax_code`.execute(db);
  await sql`drop table ledger_settings`.execute(db);
  await sql`drop function refuse_change()`.execute(db);
}
