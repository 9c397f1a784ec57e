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

// The posting no longer adds its movements onto account_balance, cost_center_balance and tax_balance: every
// posting of a tenant and period would lock the same rows (the bank, the receivables, the VAT account) until it
// commits, so postings waited on each other. Instead the posting trigger inserts its movements as delta rows,
// which no other posting touches, and compact_balances() folds the deltas into the balance tables later. A
// balance is always the balance row plus the deltas not folded in yet; the *_now views below read exactly that.

/** The key columns of each balance table, in key order: the delta tables carry the same ones. */
const KEYS = {
  account_balance: ['tenant_id', 'fiscal_year', 'period', 'account'],
  cost_center_balance: ['tenant_id', 'fiscal_year', 'period', 'dimension', 'cost_center', 'account'],
  tax_balance: ['tenant_id', 'fiscal_year', 'period', 'tax_code', 'account', 'tax_line'],
} as const;
type BalanceTable = keyof typeof KEYS;
const TABLES = Object.keys(KEYS) as BalanceTable[];

const columns = (table: BalanceTable) => sql.raw(KEYS[table].join(', '));

async function createDeltaTables(db: Kysely<any>): Promise<void> {
  await sql`
    create table account_balance_delta (
      tenant_id uuid not null,
      id bigint generated always as identity,
      fiscal_year integer not null,
      period smallint not null,
      account text not null,
      debit numeric(20,2) not null check (debit >= 0),
      credit numeric(20,2) not null check (credit >= 0),
      constraint account_balance_delta_pk primary key (tenant_id, id)
    )`.execute(db);
  await sql`
    create table cost_center_balance_delta (
      tenant_id uuid not null,
      id bigint generated always as identity,
      fiscal_year integer not null,
      period smallint not null,
      dimension smallint not null check (dimension in (1, 2)),
      cost_center text not null,
      account text not null,
      debit numeric(20,2) not null check (debit >= 0),
      credit numeric(20,2) not null check (credit >= 0),
      constraint cost_center_balance_delta_pk primary key (tenant_id, id)
    )`.execute(db);
  await sql`
    create table tax_balance_delta (
      tenant_id uuid not null,
      id bigint generated always as identity,
      fiscal_year integer not null,
      period smallint not null,
      tax_code text not null,
      account text not null,
      tax_line boolean not null,
      debit numeric(20,2) not null check (debit >= 0),
      credit numeric(20,2) not null check (credit >= 0),
      constraint tax_balance_delta_pk primary key (tenant_id, id)
    )`.execute(db);
  // No foreign keys: a delta only repeats what the posted lines say, whose own keys are checked; the balance
  // tables check theirs again when the deltas are folded in. Readers select by tenant, year and period.
  for (const table of TABLES) {
    await sql`create index ${sql.id(`${table}_delta_period_idx`)} on ${sql.table(`${table}_delta`)} (tenant_id, fiscal_year, period)`.execute(db);
  }
}

// The posting's movements, grouped like the balance tables, as one function running as the owner: the runtime
// role can read the deltas but never write them, so only a posting makes them. It replaces the triggers
// account_balance_post (2026_11_25_1102) and report_balances_post (2026_11_25_1401), whose functions stay for
// the down migration.
async function createDeltaTrigger(db: Kysely<any>): Promise<void> {
  await sql`
    create function balance_delta_post() returns trigger language plpgsql security definer set search_path from current as $$
    begin
      insert into account_balance_delta (tenant_id, fiscal_year, period, account, debit, credit)
        select new.tenant_id, new.fiscal_year, new.period, l.account, sum(l.debit_base), sum(l.credit_base)
        from journal_line l where l.tenant_id = new.tenant_id and l.entry_id = new.id
        group by l.account;
      insert into cost_center_balance_delta (tenant_id, fiscal_year, period, dimension, cost_center, account, debit, credit)
        select new.tenant_id, new.fiscal_year, new.period, d.dimension, d.cost_center, l.account, sum(l.debit_base), sum(l.credit_base)
        from journal_line l cross join lateral (values (1, l.cost_center), (2, l.cost_center_2)) as d (dimension, cost_center)
        where l.tenant_id = new.tenant_id and l.entry_id = new.id and d.cost_center is not null
        group by d.dimension, d.cost_center, l.account;
      insert into tax_balance_delta (tenant_id, fiscal_year, period, tax_code, account, tax_line, debit, credit)
        select new.tenant_id, new.fiscal_year, new.period, l.tax_code, l.account, l.tax_of is not null, sum(l.debit_base), sum(l.credit_base)
        from journal_line l where l.tenant_id = new.tenant_id and l.entry_id = new.id and l.tax_code is not null
        group by l.tax_code, l.account, l.tax_of is not null;
      return null;
    end $$`.execute(db);
  await sql`drop trigger account_balance_post on journal_entry`.execute(db);
  await sql`drop trigger report_balances_post on journal_entry`.execute(db);
  await sql`
    create trigger balance_delta_post after update on journal_entry
      for each row when (new.status = 'posted' and old.status = 'draft') execute function balance_delta_post()`.execute(db);
}

// Moves up to p_limit deltas of each table into its balance table and returns how many it moved. Deleting the
// deltas and adding them onto the balances is one statement per table, so every snapshot sees each movement
// exactly once: in a delta before, in the balance after. The advisory lock lets one compactor of the database
// run at a time (another returns 0 at once, its deltas wait for the next run); even without it no movement
// could count twice, because a delta adds onto the balance only through the DELETE that removed it.
async function createCompaction(db: Kysely<any>): Promise<void> {
  const fold = (table: BalanceTable) => {
    const keys = columns(table);
    const target = sql.raw(`${table}_b`);
    return sql`
      with moved as (
        delete from ${sql.table(`${table}_delta`)} d
        using (select tenant_id, id from ${sql.table(`${table}_delta`)} limit p_limit) picked
        where d.tenant_id = picked.tenant_id and d.id = picked.id
        returning ${sql.raw(KEYS[table].map((key) => `d.${key}`).join(', '))}, d.debit, d.credit
      ), folded as (
        insert into ${sql.table(table)} as ${target} (${keys}, debit, credit)
          select ${keys}, sum(debit), sum(credit) from moved group by ${keys} order by ${keys}
        on conflict (${keys}) do update set debit = ${target}.debit + excluded.debit, credit = ${target}.credit + excluded.credit
      )
      select count(*) into moved_rows from moved;
      total := total + moved_rows;`;
  };
  await sql`
    create function compact_balances(p_limit integer) returns integer
    language plpgsql security definer set search_path from current as $$
    declare moved_rows integer; total integer := 0;
    begin
      if p_limit is null or p_limit < 1 then
        raise exception 'compact_balances needs a positive limit, not %', p_limit using errcode = '22023';
      end if;
      if not pg_try_advisory_xact_lock(hashtextextended('finance.compact_balances', 0)) then
        return 0;
      end if;
      ${fold('account_balance')}
      ${fold('cost_center_balance')}
      ${fold('tax_balance')}
      return total;
    end $$`.execute(db);
}

// What the reports read: each balance exactly as of the reader's snapshot, the folded rows plus the deltas not
// folded in yet. security_invoker keeps the reader's row-level security on both tables.
async function createViews(db: Kysely<any>): Promise<void> {
  for (const table of TABLES) {
    const keys = columns(table);
    await sql`
      create view ${sql.table(`${table}_now`)} with (security_invoker = true) as
      select ${keys}, sum(debit)::numeric(20,2) as debit, sum(credit)::numeric(20,2) as credit
      from (
        select ${keys}, debit, credit from ${sql.table(table)}
        union all
        select ${keys}, debit, credit from ${sql.table(`${table}_delta`)}
      ) as b
      group by ${keys}`.execute(db);
  }
}

export async function up(db: Kysely<any>): Promise<void> {
  await createDeltaTables(db);
  await createDeltaTrigger(db);
  await createCompaction(db);
  await createViews(db);
  for (const table of TABLES) {
    const delta = `${table}_delta`;
    await sql`alter table ${sql.table(delta)} enable row level security`.execute(db);
    await sql`create policy ${sql.id(`${delta}_tenant`)} on ${sql.table(delta)} using (${TENANT}) with check (${TENANT})`.execute(db);
    // A delta is never changed; only compact_balances (as the owner) removes it, in the statement that folds it in.
    await sql`create trigger ${sql.id(`${delta}_keep`)} before update on ${sql.table(delta)} for each row execute function refuse_change()`.execute(db);
    await sql`create trigger ${sql.id(`${delta}_no_truncate`)} before truncate on ${sql.table(delta)} for each statement execute function refuse_change()`.execute(
      db,
    );
    await revokeFromOthers(db, delta, 'insert, update, delete');
    await revokeFromOthers(db, `${table}_now`, 'insert, update, delete');
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  // Fold every delta in before the tables go, so the balance tables are complete again.
  await sql`select pg_advisory_xact_lock(hashtextextended('finance.compact_balances', 0))`.execute(db);
  for (let moved = 1; moved > 0; ) {
    moved = (await sql<{ moved: number }>`select compact_balances(100000) as moved`.execute(db)).rows[0]?.moved ?? 0;
  }
  for (const table of TABLES) await sql`drop view ${sql.table(`${table}_now`)}`.execute(db);
  await sql`drop function compact_balances(integer)`.execute(db);
  await sql`drop trigger balance_delta_post on journal_entry`.execute(db);
  await sql`drop function balance_delta_post()`.execute(db);
  await sql`
    create trigger account_balance_post after update on journal_entry
      for each row when (new.status = 'posted' and old.status = 'draft') execute function account_balance_post()`.execute(db);
  await sql`
    create trigger report_balances_post after update on journal_entry
      for each row when (new.status = 'posted' and old.status = 'draft') execute function report_balances_post()`.execute(db);
  for (const table of TABLES) await sql`drop table ${sql.table(`${table}_delta`)}`.execute(db);
}
