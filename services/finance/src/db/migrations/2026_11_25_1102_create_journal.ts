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

async function createTables(db: Kysely<any>): Promise<void> {
  await sql`
    create table journal_entry (
      tenant_id uuid not null,
      id uuid not null,
      status text not null default 'draft' check (status in ('draft', 'posted')),
      fiscal_year integer,
      period smallint,
      number integer check (number > 0),
      posting_date date not null,
      document_date date not null,
      document_ref text not null check (length(document_ref) between 1 and 36),
      description text not null check (length(description) <= 200),
      currency text not null check (currency ~ '^[A-Z]{3}$'),
      exchange_rate numeric(14,6) not null check (exchange_rate > 0),
      reversal_of uuid,
      draft_lines jsonb,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      created_by text not null check (length(created_by) between 1 and 200),
      posted_at timestamptz,
      posted_by text check (length(posted_by) between 1 and 200),
      seal_version smallint,
      previous_hash text check (previous_hash ~ '^[0-9a-f]{64}$'),
      hash text check (hash ~ '^[0-9a-f]{64}$'),
      constraint journal_entry_pk primary key (tenant_id, id),
      constraint journal_entry_period_fk foreign key (tenant_id, fiscal_year, period) references fiscal_period (tenant_id, year, period),
      constraint journal_entry_reversal_fk foreign key (tenant_id, reversal_of) references journal_entry (tenant_id, id),
      constraint journal_entry_number_uq unique (tenant_id, fiscal_year, number),
      constraint journal_entry_base_rate check (currency <> 'EUR' or exchange_rate = 1),
      constraint journal_entry_state check (
        (status = 'draft' and number is null and fiscal_year is null and period is null and posted_at is null and posted_by is null
          and seal_version is null and previous_hash is null and hash is null)
        or (status = 'posted' and number is not null and fiscal_year is not null and period is not null and posted_at is not null
          and posted_by is not null and seal_version is not null and previous_hash is not null and hash is not null and draft_lines is null))
    )`.execute(db);
  // An entry can be reversed once: a second reversal of the same original breaks this index.
  await sql`create unique index journal_entry_reversal_uq on journal_entry (tenant_id, reversal_of) where reversal_of is not null`.execute(db);
  await sql`create index journal_entry_draft_idx on journal_entry (tenant_id, created_at, id) where status = 'draft'`.execute(db);
  await sql`
    create table journal_line (
      tenant_id uuid not null,
      entry_id uuid not null,
      line_no smallint not null check (line_no > 0),
      account text not null,
      debit numeric(18,2) not null default 0,
      credit numeric(18,2) not null default 0,
      debit_base numeric(18,2) not null default 0,
      credit_base numeric(18,2) not null default 0,
      tax_code text,
      tax_of smallint,
      text text check (length(text) <= 200),
      cost_center text,
      constraint journal_line_pk primary key (tenant_id, entry_id, line_no),
      constraint journal_line_entry_fk foreign key (tenant_id, entry_id) references journal_entry (tenant_id, id),
      constraint journal_line_account_fk foreign key (tenant_id, account) references account (tenant_id, number) on update restrict,
      constraint journal_line_tax_code_fk foreign key (tenant_id, tax_code) references tax_code (tenant_id, code) on update restrict,
      constraint journal_line_non_negative check (debit >= 0 and credit >= 0 and debit_base >= 0 and credit_base >= 0),
      constraint journal_line_one_side check (
        (debit > 0 and credit = 0 and debit_base > 0 and credit_base = 0) or (credit > 0 and debit = 0 and credit_base > 0 and debit_base = 0)),
      constraint journal_line_tax_of check (tax_of is null or (tax_of < line_no and tax_code is not null))
    )`.execute(db);
  await sql`create index journal_line_account_idx on journal_line (tenant_id, account)`.execute(db);
  // Maintained by the posting trigger below, in the posting's transaction; reports read it instead of the journal.
  await sql`
    create table account_balance (
      tenant_id uuid not null,
      fiscal_year integer not null,
      period smallint not null,
      account text not null,
      debit numeric(20,2) not null default 0 check (debit >= 0),
      credit numeric(20,2) not null default 0 check (credit >= 0),
      constraint account_balance_pk primary key (tenant_id, fiscal_year, period, account),
      constraint account_balance_period_fk foreign key (tenant_id, fiscal_year, period) references fiscal_period (tenant_id, year, period),
      constraint account_balance_account_fk foreign key (tenant_id, account) references account (tenant_id, number) on update restrict
    )`.execute(db);
}

// Entries are born drafts; the one allowed change of a posted entry's life is the posting itself, which must
// fall into an open period. FOR SHARE on the period makes a concurrent close wait for this posting.
async function createEntryGuard(db: Kysely<any>): Promise<void> {
  await sql`
    create function journal_entry_guard() returns trigger language plpgsql as $$
    declare p record;
    begin
      if tg_op = 'INSERT' then
        if new.status <> 'draft' then
          raise exception 'journal entry % must be created as a draft and posted by an update', new.id using errcode = 'FN010';
        end if;
        return new;
      end if;
      if old.status = 'posted' then
        raise exception 'journal entry % is posted: % refused; correct it with a reversal', old.id, tg_op using errcode = 'FN001';
      end if;
      if tg_op = 'DELETE' then
        return old;
      end if;
      if (new.tenant_id, new.id) is distinct from (old.tenant_id, old.id) then
        raise exception 'journal entry % cannot change its identity', old.id using errcode = 'FN010';
      end if;
      if new.status = 'posted' then
        select fp.year, fp.period, fp.status into p from fiscal_period fp
          where fp.tenant_id = new.tenant_id and new.posting_date between fp.start_date and fp.end_date
          for share;
        if not found then
          raise exception 'no fiscal period covers %', new.posting_date using errcode = 'FN003';
        end if;
        if p.status = 'locked' then
          raise exception 'fiscal period %-% is locked', p.year, p.period using errcode = 'FN005';
        end if;
        if p.status <> 'open' then
          raise exception 'fiscal period %-% is closed', p.year, p.period using errcode = 'FN002';
        end if;
        if (new.fiscal_year, new.period) is distinct from (p.year, p.period) then
          raise exception 'journal entry % names period %-% but % lies in %-%', new.id, new.fiscal_year, new.period, new.posting_date, p.year, p.period
            using errcode = 'FN010';
        end if;
      end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger journal_entry_guard before insert or update or delete on journal_entry for each row execute function journal_entry_guard()`.execute(
    db,
  );
}

// Lines are only ever inserted, and only into an entry that is still a draft: the posting transaction writes
// them and then posts the entry, so a posted entry's lines are final.
async function createLineGuard(db: Kysely<any>): Promise<void> {
  await sql`
    create function journal_line_guard() returns trigger language plpgsql as $$
    declare entry_status text;
    begin
      if tg_op <> 'INSERT' then
        raise exception 'journal lines are never changed: % refused; correct an entry with a reversal', tg_op using errcode = 'FN001';
      end if;
      select status into entry_status from journal_entry where tenant_id = new.tenant_id and id = new.entry_id for share;
      if entry_status = 'posted' then
        raise exception 'journal entry % is posted: no lines can be added', new.entry_id using errcode = 'FN001';
      end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger journal_line_guard before insert or update or delete on journal_line for each row execute function journal_line_guard()`.execute(db);
}

// Checked at commit: a posted entry has at least two lines whose debits equal its credits, in the entry's
// currency and in euro; lines exist only for posted entries.
async function createBalanceCheck(db: Kysely<any>): Promise<void> {
  await sql`
    create function journal_assert_balanced(p_tenant uuid, p_entry uuid) returns void language plpgsql as $$
    declare entry_status text; totals record;
    begin
      select status into entry_status from journal_entry where tenant_id = p_tenant and id = p_entry;
      select count(*) as lines, coalesce(sum(debit), 0) as debit, coalesce(sum(credit), 0) as credit,
             coalesce(sum(debit_base), 0) as debit_base, coalesce(sum(credit_base), 0) as credit_base
        into totals from journal_line where tenant_id = p_tenant and entry_id = p_entry;
      if entry_status = 'posted' then
        if totals.lines < 2 or totals.debit <> totals.credit or totals.debit_base <> totals.credit_base then
          raise exception 'journal entry % does not balance: % lines, debit % credit %, in EUR debit % credit %',
            p_entry, totals.lines, totals.debit, totals.credit, totals.debit_base, totals.credit_base using errcode = 'FN004';
        end if;
      elsif totals.lines > 0 then
        raise exception 'journal entry % has lines but is not posted; lines are written only by a posting', p_entry using errcode = 'FN004';
      end if;
    end $$`.execute(db);
  await sql`
    create function journal_line_balanced() returns trigger language plpgsql as $$
    begin
      perform journal_assert_balanced(new.tenant_id, new.entry_id);
      return null;
    end $$`.execute(db);
  await sql`
    create function journal_entry_balanced() returns trigger language plpgsql as $$
    begin
      perform journal_assert_balanced(new.tenant_id, new.id);
      return null;
    end $$`.execute(db);
  await sql`
    create constraint trigger journal_line_balanced after insert on journal_line
      deferrable initially deferred for each row execute function journal_line_balanced()`.execute(db);
  await sql`
    create constraint trigger journal_entry_balanced after update on journal_entry
      deferrable initially deferred for each row when (new.status = 'posted' and old.status = 'draft') execute function journal_entry_balanced()`.execute(db);
}

// The balances move with the posting, in its transaction. The function runs as the owner: the runtime role
// may read balances but never write them, so only a posting changes them.
async function createBalanceMaintenance(db: Kysely<any>): Promise<void> {
  await sql`
    create function account_balance_post() returns trigger language plpgsql security definer set search_path from current as $$
    begin
      insert into account_balance as b (tenant_id, fiscal_year, period, account, debit, credit)
        select new.tenant_id, new.fiscal_year, new.period, l.account, sum(l.debit_base), sum(l.credit_base)
        from journal_line l where l.tenant_id = new.tenant_id and l.entry_id = new.id
        group by l.account
      on conflict (tenant_id, fiscal_year, period, account)
        do update set debit = b.debit + excluded.debit, credit = b.credit + excluded.credit;
      return null;
    end $$`.execute(db);
  await sql`
    create trigger account_balance_post after update on journal_entry
      for each row when (new.status = 'posted' and old.status = 'draft') execute function account_balance_post()`.execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  await createTables(db);
  await createEntryGuard(db);
  await createLineGuard(db);
  await createBalanceCheck(db);
  await createBalanceMaintenance(db);
  for (const table of ['journal_entry', 'journal_line', 'account_balance']) {
    await tenantPolicy(db, table);
    await sql`create trigger ${sql.id(`${table}_no_truncate`)} before truncate on ${sql.table(table)} for each statement execute function refuse_change()`.execute(
      db,
    );
  }
  await revokeFromOthers(db, 'journal_line', 'update, delete');
  await revokeFromOthers(db, 'account_balance', 'insert, update, delete');
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table account_balance`.execute(db);
  await sql`drop table journal_line`.execute(db);
  await sql`drop table journal_entry`.execute(db);
  for (const fn of ['account_balance_post', 'journal_entry_balanced', 'journal_line_balanced', 'journal_line_guard', 'journal_entry_guard']) {
    await sql`drop function ${sql.id(fn)}()`.execute(db);
  }
  await sql`drop function journal_assert_balanced(uuid, uuid)`.execute(db);
}
