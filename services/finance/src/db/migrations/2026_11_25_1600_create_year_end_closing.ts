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

// One row per closed fiscal year, written once in the transaction that posts the closing entries (the P&L
// closed into equity on the year's last day) and the opening entries (the balance-sheet accounts carried into
// the next year on its first day). It never changes: a closed year stays closed.
async function createTable(db: Kysely<any>): Promise<void> {
  await sql`
    create table fiscal_year_closing (
      tenant_id uuid not null,
      year integer not null,
      next_year integer not null,
      result numeric(20,2) not null,
      closing_entry_ids uuid[] not null,
      opening_entry_ids uuid[] not null,
      reason text check (length(reason) between 1 and 500),
      closed_at timestamptz not null,
      closed_by text not null check (length(closed_by) between 1 and 200),
      constraint fiscal_year_closing_pk primary key (tenant_id, year),
      constraint fiscal_year_closing_year_fk foreign key (tenant_id, year) references fiscal_year (tenant_id, year),
      constraint fiscal_year_closing_next_year_fk foreign key (tenant_id, next_year) references fiscal_year (tenant_id, year),
      constraint fiscal_year_closing_entries check (array_position(closing_entry_ids, null) is null and array_position(opening_entry_ids, null) is null)
    )`.execute(db);
}

// Before the row is written: the next year starts the day after this one ends, every period of the year is
// closed or locked, the year before (if any) is closed, and the named entries are still drafts, so only
// entries written for this closing can ever post under its name.
async function createInsertGuard(db: Kysely<any>): Promise<void> {
  await sql`
    create function fiscal_year_closing_guard() returns trigger language plpgsql as $$
    declare y record; n record; open_periods text;
    begin
      select start_date, end_date into y from fiscal_year where tenant_id = new.tenant_id and year = new.year;
      select start_date into n from fiscal_year where tenant_id = new.tenant_id and year = new.next_year;
      if y.end_date + 1 is distinct from n.start_date then
        raise exception 'fiscal year % does not start the day after fiscal year % ends', new.next_year, new.year using errcode = 'FN012';
      end if;
      select string_agg(new.year || '-' || lpad(period::text, 2, '0'), ', ' order by period) into open_periods
        from fiscal_period where tenant_id = new.tenant_id and year = new.year and status = 'open';
      if open_periods is not null then
        raise exception 'fiscal year % still has open periods: %', new.year, open_periods using errcode = 'FN012';
      end if;
      if exists (select 1 from fiscal_year p where p.tenant_id = new.tenant_id and p.end_date = y.start_date - 1
                 and not exists (select 1 from fiscal_year_closing c where c.tenant_id = p.tenant_id and c.year = p.year)) then
        raise exception 'the fiscal year before % is not closed', new.year using errcode = 'FN012';
      end if;
      if exists (select 1 from unnest(new.closing_entry_ids || new.opening_entry_ids) as x (id)
                 left join journal_entry e on e.tenant_id = new.tenant_id and e.id = x.id
                 where e.id is null or e.status <> 'draft') then
        raise exception 'the entries of the closing of % must be drafts written for it', new.year using errcode = 'FN012';
      end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger fiscal_year_closing_guard before insert on fiscal_year_closing for each row execute function fiscal_year_closing_guard()`.execute(
    db,
  );
}

// Checked at commit, after the entries are posted: the closing entries lie in the closed year, the opening
// entries on the next year's first day, the P&L accounts of the closed year net to zero, and every other
// account opens the next year with exactly the balance it closed with. The figures are read from the journal
// itself, not from any balance table derived from it: this runs once a year and must not trust a cache.
async function createCommitCheck(db: Kysely<any>): Promise<void> {
  await sql`
    create function fiscal_year_closing_check() returns trigger language plpgsql as $$
    declare next_start date; mismatch text;
    begin
      select start_date into next_start from fiscal_year where tenant_id = new.tenant_id and year = new.next_year;
      if exists (select 1 from unnest(new.closing_entry_ids) as x (id)
                 left join journal_entry e on e.tenant_id = new.tenant_id and e.id = x.id
                 where e.status is distinct from 'posted' or e.fiscal_year is distinct from new.year)
         or exists (select 1 from unnest(new.opening_entry_ids) as x (id)
                 left join journal_entry e on e.tenant_id = new.tenant_id and e.id = x.id
                 where e.status is distinct from 'posted' or e.posting_date is distinct from next_start) then
        raise exception 'the closing of % names entries that are not posted where they belong', new.year using errcode = 'FN012';
      end if;
      select l.account into mismatch from journal_line l
        join journal_entry e on e.tenant_id = l.tenant_id and e.id = l.entry_id
        join account a on a.tenant_id = l.tenant_id and a.number = l.account
        where e.tenant_id = new.tenant_id and e.fiscal_year = new.year and e.status = 'posted' and a.type in ('revenue', 'expense')
        group by l.account having sum(l.debit_base) <> sum(l.credit_base) order by l.account limit 1;
      if mismatch is not null then
        raise exception 'P&L account % still carries a balance after the closing of %', mismatch, new.year using errcode = 'FN012';
      end if;
      select coalesce(c.account, o.account) into mismatch
        from (select l.account, sum(l.debit_base - l.credit_base) as balance from journal_line l
                join journal_entry e on e.tenant_id = l.tenant_id and e.id = l.entry_id
                join account a on a.tenant_id = l.tenant_id and a.number = l.account
                where e.tenant_id = new.tenant_id and e.fiscal_year = new.year and e.status = 'posted' and a.type not in ('revenue', 'expense')
                group by l.account) c
        full join (select l.account, sum(l.debit_base - l.credit_base) as balance from journal_line l
                where l.tenant_id = new.tenant_id and l.entry_id = any (new.opening_entry_ids)
                group by l.account) o on o.account = c.account
        where coalesce(c.balance, 0) <> coalesce(o.balance, 0)
        order by 1 limit 1;
      if mismatch is not null then
        raise exception 'account % does not open % with its closing balance of %', mismatch, new.next_year, new.year using errcode = 'FN012';
      end if;
      return null;
    end $$`.execute(db);
  await sql`
    create constraint trigger fiscal_year_closing_check after insert on fiscal_year_closing
      deferrable initially deferred for each row execute function fiscal_year_closing_check()`.execute(db);
}

// The journal guard of 2026_11_25_1102 with two additions: no entry posts into a closed year, except that the
// closing entries of a year post into its last period while that year's closing is being written, even though
// the period is closed or locked by then.
const GUARD_WITH_CLOSING = sql`
  create or replace function journal_entry_guard() returns trigger language plpgsql as $$
  declare p record; year_closing record;
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
      select fp.year, fp.period, fp.status, fp.end_date into p from fiscal_period fp
        where fp.tenant_id = new.tenant_id and new.posting_date between fp.start_date and fp.end_date
        for share;
      if not found then
        raise exception 'no fiscal period covers %', new.posting_date using errcode = 'FN003';
      end if;
      select c.closing_entry_ids, y.end_date into year_closing from fiscal_year_closing c
        join fiscal_year y on y.tenant_id = c.tenant_id and y.year = c.year
        where c.tenant_id = new.tenant_id and c.year = p.year;
      if found then
        if not (new.id = any (year_closing.closing_entry_ids) and p.end_date = year_closing.end_date) then
          raise exception 'fiscal year % is closed: no more postings', p.year using errcode = 'FN011';
        end if;
      elsif p.status = 'locked' then
        raise exception 'fiscal period %-% is locked', p.year, p.period using errcode = 'FN005';
      elsif p.status <> 'open' then
        raise exception 'fiscal period %-% is closed', p.year, p.period using errcode = 'FN002';
      end if;
      if (new.fiscal_year, new.period) is distinct from (p.year, p.period) then
        raise exception 'journal entry % names period %-% but % lies in %-%', new.id, new.fiscal_year, new.period, new.posting_date, p.year, p.period
          using errcode = 'FN010';
      end if;
    end if;
    return new;
  end $$`;

const ORIGINAL_GUARD = sql`
  create or replace function journal_entry_guard() returns trigger language plpgsql as $$
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
  end $$`;

// A period of a closed year never opens again; locking it (Festschreibung) is still allowed.
async function createPeriodGuard(db: Kysely<any>): Promise<void> {
  await sql`
    create function fiscal_period_year_closed() returns trigger language plpgsql as $$
    begin
      if new.status = 'open' and old.status <> 'open'
         and exists (select 1 from fiscal_year_closing c where c.tenant_id = old.tenant_id and c.year = old.year) then
        raise exception 'fiscal year % is closed: period %-% cannot reopen', old.year, old.year, old.period using errcode = 'FN011';
      end if;
      return new;
    end $$`.execute(db);
  await sql`
    create trigger fiscal_period_year_closed before update on fiscal_period for each row execute function fiscal_period_year_closed()`.execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  await createTable(db);
  await createInsertGuard(db);
  await createCommitCheck(db);
  await GUARD_WITH_CLOSING.execute(db);
  await createPeriodGuard(db);
  await sql`alter table fiscal_year_closing enable row level security`.execute(db);
  await sql`create policy fiscal_year_closing_tenant on fiscal_year_closing using (${TENANT}) with check (${TENANT})`.execute(db);
  await sql`create trigger fiscal_year_closing_keep before update or delete on fiscal_year_closing for each row execute function refuse_change()`.execute(db);
  await sql`create trigger fiscal_year_closing_no_truncate before truncate on fiscal_year_closing for each statement execute function refuse_change()`.execute(
    db,
  );
  await revokeFromOthers(db, 'fiscal_year_closing', 'update, delete');
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger fiscal_period_year_closed on fiscal_period`.execute(db);
  await sql`drop function fiscal_period_year_closed()`.execute(db);
  await ORIGINAL_GUARD.execute(db);
  await sql`drop table fiscal_year_closing`.execute(db);
  await sql`drop function fiscal_year_closing_check()`.execute(db);
  await sql`drop function fiscal_year_closing_guard()`.execute(db);
}
