// biome-ignore-all lint/suspicious/noExplicitAny: migrations take Kysely<any> so they never depend on today's schema types (STYLE.md rule 5).
import { type Kysely, sql } from 'kysely';

// Frozen: do not import from src/. This file must mean the same thing a year from now.

// The same rules as before for less work per posted line, now that a transaction posts many entries at once:
//
// 1. journal_line_balanced (2026_11_25_1102) summed the whole entry again for each of its lines at commit,
//    although journal_entry_balanced sums it once. A line can only be written into a draft (journal_line_guard
//    refuses lines of a posted entry and holds a share lock on the draft until the line's transaction ends), so
//    at the commit of the line's transaction the entry is either still a draft or was posted by that same
//    transaction, whose journal_entry_balanced checks the balance. The line's own check therefore only has to
//    refuse lines of an entry that is not posted; it no longer sums.
// 2. balance_delta_post (2026_11_25_1700) ran three grouped inserts per posted entry. It now runs once per
//    statement over the entries the statement posted (a transition table), grouping the movements of all of
//    them: the same sums in fewer delta rows.
// 3. journal_line_cost_center (2026_11_25_1400) ran for every line; it now runs only for lines naming a cost centre.

// The entries a statement posted, and (in the lateral subquery, which OFFSET 0 keeps from being flattened into a
// join) each one's lines read through journal_line's primary key, whatever the planner guesses about the
// transition tables: the work grows with the entries posted, never with the journal. `lines` is the subquery's
// select list and FROM clause over journal_line l, `filter` further conditions on them.
type Fragment = ReturnType<typeof sql>;
const postedLines = (lines: Fragment, filter: Fragment = sql``) => sql`
        from posted_now n
        join before_update o on o.tenant_id = n.tenant_id and o.id = n.id and o.status = 'draft'
        cross join lateral (
          select ${lines}
          where l.tenant_id = n.tenant_id and l.entry_id = n.id ${filter} offset 0
        ) as l
        where n.status = 'posted'`;

const DELTA_INSERTS = sql`
      insert into account_balance_delta (tenant_id, fiscal_year, period, account, debit, credit)
        select n.tenant_id, n.fiscal_year, n.period, l.account, sum(l.debit_base), sum(l.credit_base)
        ${postedLines(sql`l.account, l.debit_base, l.credit_base from journal_line l`)}
        group by n.tenant_id, n.fiscal_year, n.period, l.account;
      insert into cost_center_balance_delta (tenant_id, fiscal_year, period, dimension, cost_center, account, debit, credit)
        select n.tenant_id, n.fiscal_year, n.period, l.dimension, l.cost_center, l.account, sum(l.debit_base), sum(l.credit_base)
        ${postedLines(
          sql`d.dimension, d.cost_center, l.account, l.debit_base, l.credit_base
            from journal_line l cross join lateral (values (1, l.cost_center), (2, l.cost_center_2)) as d (dimension, cost_center)`,
          sql`and d.cost_center is not null`,
        )}
        group by n.tenant_id, n.fiscal_year, n.period, l.dimension, l.cost_center, l.account;
      insert into tax_balance_delta (tenant_id, fiscal_year, period, tax_code, account, tax_line, debit, credit)
        select n.tenant_id, n.fiscal_year, n.period, l.tax_code, l.account, l.tax_line, sum(l.debit_base), sum(l.credit_base)
        ${postedLines(sql`l.tax_code, l.account, l.tax_of is not null as tax_line, l.debit_base, l.credit_base from journal_line l`, sql`and l.tax_code is not null`)}
        group by n.tenant_id, n.fiscal_year, n.period, l.tax_code, l.account, l.tax_line;`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create or replace function journal_line_balanced() returns trigger language plpgsql as $$
    begin
      if not exists (select 1 from journal_entry e where e.tenant_id = new.tenant_id and e.id = new.entry_id and e.status = 'posted')
         and exists (select 1 from journal_line l where l.tenant_id = new.tenant_id and l.entry_id = new.entry_id) then
        raise exception 'journal entry % has lines but is not posted; lines are written only by a posting', new.entry_id using errcode = 'FN004';
      end if;
      return null;
    end $$`.execute(db);

  await sql`
    create function balance_delta_post_statement() returns trigger language plpgsql security definer set search_path from current as $$
    begin
      ${DELTA_INSERTS}
      return null;
    end $$`.execute(db);
  await sql`drop trigger balance_delta_post on journal_entry`.execute(db);
  await sql`
    create trigger balance_delta_post after update on journal_entry
      referencing old table as before_update new table as posted_now
      for each statement execute function balance_delta_post_statement()`.execute(db);

  await sql`drop trigger journal_line_cost_center on journal_line`.execute(db);
  await sql`
    create trigger journal_line_cost_center before insert on journal_line
      for each row when (new.cost_center is not null or new.cost_center_2 is not null) execute function journal_line_cost_center()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger journal_line_cost_center on journal_line`.execute(db);
  await sql`create trigger journal_line_cost_center before insert on journal_line for each row execute function journal_line_cost_center()`.execute(db);
  await sql`drop trigger balance_delta_post on journal_entry`.execute(db);
  await sql`drop function balance_delta_post_statement()`.execute(db);
  await sql`
    create trigger balance_delta_post after update on journal_entry
      for each row when (new.status = 'posted' and old.status = 'draft') execute function balance_delta_post()`.execute(db);
  await sql`
    create or replace function journal_line_balanced() returns trigger language plpgsql as $$
    begin
      perform journal_assert_balanced(new.tenant_id, new.entry_id);
      return null;
    end $$`.execute(db);
}
