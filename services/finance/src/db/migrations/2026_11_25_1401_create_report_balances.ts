// biome-ignore-all lint/suspicious/noExplicitAny: migrations take Kysely<any> so they never depend on today's schema types (STYLE.md rule 5).
import { type Kysely, sql } from 'kysely';

// Frozen: do not import from src/. This file must mean the same thing a year from now.

const TENANT = sql.raw(`tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid`);

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

// Two more balances beside account_balance, for the cost-centre report and the VAT return: per period, the
// movements of each account by cost centre (only lines that carry one), and by tax code, split into base lines
// and the tax lines the code generated. Reports read them instead of scanning the journal.
async function createTables(db: Kysely<any>): Promise<void> {
  await sql`
    create table cost_center_balance (
      tenant_id uuid not null,
      fiscal_year integer not null,
      period smallint not null,
      dimension smallint not null check (dimension in (1, 2)),
      cost_center text not null,
      account text not null,
      debit numeric(20,2) not null default 0 check (debit >= 0),
      credit numeric(20,2) not null default 0 check (credit >= 0),
      constraint cost_center_balance_pk primary key (tenant_id, fiscal_year, period, dimension, cost_center, account),
      constraint cost_center_balance_period_fk foreign key (tenant_id, fiscal_year, period) references fiscal_period (tenant_id, year, period),
      constraint cost_center_balance_account_fk foreign key (tenant_id, account) references account (tenant_id, number) on update restrict,
      constraint cost_center_balance_cost_center_fk foreign key (tenant_id, dimension, cost_center) references cost_center (tenant_id, dimension, code)
    )`.execute(db);
  await sql`
    create table tax_balance (
      tenant_id uuid not null,
      fiscal_year integer not null,
      period smallint not null,
      tax_code text not null,
      account text not null,
      tax_line boolean not null,
      debit numeric(20,2) not null default 0 check (debit >= 0),
      credit numeric(20,2) not null default 0 check (credit >= 0),
      constraint tax_balance_pk primary key (tenant_id, fiscal_year, period, tax_code, account, tax_line),
      constraint tax_balance_period_fk foreign key (tenant_id, fiscal_year, period) references fiscal_period (tenant_id, year, period),
      constraint tax_balance_account_fk foreign key (tenant_id, account) references account (tenant_id, number) on update restrict,
      constraint tax_balance_tax_code_fk foreign key (tenant_id, tax_code) references tax_code (tenant_id, code)
    )`.execute(db);
}

// The statements both the posting trigger and the back-fill of entries posted before this migration run.
const COST_CENTER_MOVEMENTS = `
  select l.tenant_id, e.fiscal_year, e.period, d.dimension, d.cost_center, l.account, sum(l.debit_base) as debit, sum(l.credit_base) as credit
  from journal_line l
  join journal_entry e on e.tenant_id = l.tenant_id and e.id = l.entry_id
  cross join lateral (values (1, l.cost_center), (2, l.cost_center_2)) as d (dimension, cost_center)
  where e.status = 'posted' and d.cost_center is not null`;
const TAX_MOVEMENTS = `
  select l.tenant_id, e.fiscal_year, e.period, l.tax_code, l.account, l.tax_of is not null as tax_line, sum(l.debit_base) as debit, sum(l.credit_base) as credit
  from journal_line l
  join journal_entry e on e.tenant_id = l.tenant_id and e.id = l.entry_id
  where e.status = 'posted' and l.tax_code is not null`;
const COST_CENTER_GROUP = 'group by l.tenant_id, e.fiscal_year, e.period, d.dimension, d.cost_center, l.account';
const TAX_GROUP = 'group by l.tenant_id, e.fiscal_year, e.period, l.tax_code, l.account, l.tax_of is not null';

// Like account_balance: moved by the posting, in its transaction, by a function that runs as the owner, so the
// runtime role can read these balances but never write them.
async function createMaintenance(db: Kysely<any>): Promise<void> {
  await sql`
    create function report_balances_post() returns trigger language plpgsql security definer set search_path from current as $$
    begin
      insert into cost_center_balance as b (tenant_id, fiscal_year, period, dimension, cost_center, account, debit, credit)
        ${sql.raw(COST_CENTER_MOVEMENTS)} and l.tenant_id = new.tenant_id and l.entry_id = new.id
        ${sql.raw(COST_CENTER_GROUP)}
      on conflict (tenant_id, fiscal_year, period, dimension, cost_center, account)
        do update set debit = b.debit + excluded.debit, credit = b.credit + excluded.credit;
      insert into tax_balance as b (tenant_id, fiscal_year, period, tax_code, account, tax_line, debit, credit)
        ${sql.raw(TAX_MOVEMENTS)} and l.tenant_id = new.tenant_id and l.entry_id = new.id
        ${sql.raw(TAX_GROUP)}
      on conflict (tenant_id, fiscal_year, period, tax_code, account, tax_line)
        do update set debit = b.debit + excluded.debit, credit = b.credit + excluded.credit;
      return null;
    end $$`.execute(db);
  await sql`
    create trigger report_balances_post after update on journal_entry
      for each row when (new.status = 'posted' and old.status = 'draft') execute function report_balances_post()`.execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  await createTables(db);
  await createMaintenance(db);
  // The general ledger and the journal select posted entries by posting date.
  await sql`create index journal_entry_posting_date_idx on journal_entry (tenant_id, posting_date) where status = 'posted'`.execute(db);
  // Entries posted before this migration: the owner is not bound by row-level security and sees every tenant.
  await sql`
    insert into cost_center_balance (tenant_id, fiscal_year, period, dimension, cost_center, account, debit, credit)
    ${sql.raw(COST_CENTER_MOVEMENTS)} ${sql.raw(COST_CENTER_GROUP)}`.execute(db);
  await sql`
    insert into tax_balance (tenant_id, fiscal_year, period, tax_code, account, tax_line, debit, credit)
    ${sql.raw(TAX_MOVEMENTS)} ${sql.raw(TAX_GROUP)}`.execute(db);
  for (const table of ['cost_center_balance', 'tax_balance']) {
    await sql`alter table ${sql.table(table)} enable row level security`.execute(db);
    await sql`create policy ${sql.id(`${table}_tenant`)} on ${sql.table(table)} using (${TENANT}) with check (${TENANT})`.execute(db);
    await sql`create trigger ${sql.id(`${table}_no_truncate`)} before truncate on ${sql.table(table)} for each statement execute function refuse_change()`.execute(
      db,
    );
    await revokeFromOthers(db, table, 'insert, update, delete');
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger report_balances_post on journal_entry`.execute(db);
  await sql`drop function report_balances_post()`.execute(db);
  await sql`drop table tax_balance`.execute(db);
  await sql`drop table cost_center_balance`.execute(db);
  await sql`drop index journal_entry_posting_date_idx`.execute(db);
}
