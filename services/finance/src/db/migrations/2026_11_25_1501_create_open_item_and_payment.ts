// biome-ignore-all lint/suspicious/noExplicitAny: migrations take Kysely<any> so they never depend on today's schema types (STYLE.md rule 5).
import { type Kysely, sql } from 'kysely';

// Frozen: do not import from src/. This file must mean the same thing a year from now.

const TENANT = sql.raw(`tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid`);

async function tenantPolicy(db: Kysely<any>, table: string): Promise<void> {
  await sql`alter table ${sql.table(table)} enable row level security`.execute(db);
  await sql`create policy ${sql.id(`${table}_tenant`)} on ${sql.table(table)} using (${TENANT}) with check (${TENANT})`.execute(db);
}

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

async function createOpenItem(db: Kysely<any>): Promise<void> {
  await sql`
    create table open_item (
      tenant_id uuid not null,
      id uuid not null,
      kind text not null check (kind in ('receivable', 'payable')),
      document_type text not null check (document_type in ('invoice', 'credit_note', 'payment_on_account')),
      document_id text not null check (length(document_id) between 1 and 100),
      document_number text not null check (length(document_number) between 1 and 36),
      document_date date not null,
      due_date date not null check (due_date >= document_date),
      partner_id uuid not null,
      partner_number text not null check (length(partner_number) between 1 and 40),
      partner_name text not null check (length(partner_name) between 1 and 200),
      currency text not null check (currency ~ '^[A-Z]{3}$'),
      original_amount numeric(18,2) not null check (original_amount > 0),
      open_amount numeric(18,2) not null check (open_amount >= 0 and open_amount <= original_amount),
      status text generated always as (
        case when open_amount = 0 then 'paid' when open_amount < original_amount then 'partially_paid' else 'open' end) stored,
      skonto_percent numeric(5,2) check (skonto_percent > 0 and skonto_percent < 100),
      skonto_days integer check (skonto_days >= 0),
      skonto_until date,
      tax_groups jsonb not null default '[]'::jsonb,
      entry_id uuid not null,
      dunning_level smallint not null default 0 check (dunning_level >= 0),
      dunned_on date,
      created_at timestamptz not null default now(),
      constraint open_item_pk primary key (tenant_id, id),
      constraint open_item_document_uq unique (tenant_id, kind, document_type, document_id),
      constraint open_item_entry_fk foreign key (tenant_id, entry_id) references journal_entry (tenant_id, id),
      constraint open_item_skonto check (
        (skonto_percent is null and skonto_days is null and skonto_until is null)
        or (document_type = 'invoice' and skonto_percent is not null and skonto_days is not null and skonto_until is not null))
    )`.execute(db);
  await sql`create index open_item_partner_idx on open_item (tenant_id, kind, partner_id, due_date)`.execute(db);
  await sql`create index open_item_due_idx on open_item (tenant_id, kind, due_date, id)`.execute(db);
  await sql`create index open_item_overdue_idx on open_item (due_date) where kind = 'receivable' and document_type = 'invoice' and open_amount > 0`.execute(db);
  // What a document is, whom it concerns and what it was worth never change; only what is still open and
  // how far dunning has gone do, and dunning never goes back.
  await sql`
    create function open_item_guard() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        raise exception 'open item %: DELETE refused; settle it instead', old.id using errcode = 'FN006';
      end if;
      if (new.tenant_id, new.id, new.kind, new.document_type, new.document_id, new.document_number, new.document_date, new.due_date,
          new.partner_id, new.currency, new.original_amount, new.skonto_percent, new.skonto_days, new.skonto_until, new.tax_groups, new.entry_id)
          is distinct from (old.tenant_id, old.id, old.kind, old.document_type, old.document_id, old.document_number, old.document_date, old.due_date,
          old.partner_id, old.currency, old.original_amount, old.skonto_percent, old.skonto_days, old.skonto_until, old.tax_groups, old.entry_id) then
        raise exception 'open item %: only the open amount and the dunning level change', old.id using errcode = 'FN006';
      end if;
      if new.dunning_level < old.dunning_level then
        raise exception 'open item %: the dunning level never goes back', old.id using errcode = 'FN006';
      end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger open_item_guard before update or delete on open_item for each row execute function open_item_guard()`.execute(db);
}

async function createPayment(db: Kysely<any>): Promise<void> {
  await sql`
    create table payment (
      tenant_id uuid not null,
      id uuid not null,
      direction text not null check (direction in ('incoming', 'outgoing')),
      bank_account text not null,
      partner_id uuid,
      currency text not null check (currency ~ '^[A-Z]{3}$'),
      amount numeric(18,2) not null check (amount > 0),
      payment_date date not null,
      reference text not null check (length(reference) between 1 and 36),
      entry_id uuid not null,
      on_account_item_id uuid,
      created_at timestamptz not null default now(),
      created_by text not null check (length(created_by) between 1 and 200),
      constraint payment_pk primary key (tenant_id, id),
      constraint payment_entry_fk foreign key (tenant_id, entry_id) references journal_entry (tenant_id, id),
      constraint payment_bank_account_fk foreign key (tenant_id, bank_account) references account (tenant_id, number) on update restrict,
      constraint payment_on_account_fk foreign key (tenant_id, on_account_item_id) references open_item (tenant_id, id)
    )`.execute(db);
  await sql`create index payment_list_idx on payment (tenant_id, payment_date, id)`.execute(db);
  await sql`
    create table open_item_settlement (
      tenant_id uuid not null,
      id uuid not null,
      open_item_id uuid not null,
      source text not null check (source in ('payment', 'credit_note')),
      payment_id uuid,
      credit_note_id text check (length(credit_note_id) between 1 and 100),
      amount numeric(18,2) not null check (amount >= 0),
      skonto_amount numeric(18,2) not null default 0 check (skonto_amount >= 0),
      settled_on date not null,
      entry_id uuid not null,
      created_at timestamptz not null default now(),
      constraint open_item_settlement_pk primary key (tenant_id, id),
      constraint open_item_settlement_item_fk foreign key (tenant_id, open_item_id) references open_item (tenant_id, id),
      constraint open_item_settlement_payment_fk foreign key (tenant_id, payment_id) references payment (tenant_id, id),
      constraint open_item_settlement_entry_fk foreign key (tenant_id, entry_id) references journal_entry (tenant_id, id),
      constraint open_item_settlement_total check (amount + skonto_amount > 0),
      constraint open_item_settlement_source check (
        (source = 'payment' and payment_id is not null and credit_note_id is null)
        or (source = 'credit_note' and credit_note_id is not null and payment_id is null and skonto_amount = 0))
    )`.execute(db);
  await sql`create index open_item_settlement_item_idx on open_item_settlement (tenant_id, open_item_id, settled_on)`.execute(db);
  await sql`create index open_item_settlement_payment_idx on open_item_settlement (tenant_id, payment_id) where payment_id is not null`.execute(db);
  // The open amount follows the settlements in their transaction; the check on open_item refuses any
  // settlement beyond what is open, whatever the code above it did.
  await sql`
    create function open_item_settle() returns trigger language plpgsql as $$
    begin
      update open_item set open_amount = open_amount - new.amount - new.skonto_amount
        where tenant_id = new.tenant_id and id = new.open_item_id;
      return null;
    end $$`.execute(db);
  await sql`create trigger open_item_settle after insert on open_item_settlement for each row execute function open_item_settle()`.execute(db);
}

// The overdue check runs for all tenants; this function, running as the owner, names the tenants that have
// something to announce, and the check then reads each tenant's items under its row-level security.
async function createOverdueTenants(db: Kysely<any>): Promise<void> {
  await sql`
    create function overdue_tenants(p_as_of date, p_after_days integer, p_levels integer) returns setof uuid
      language sql stable security definer set search_path from current as $$
      select distinct tenant_id from open_item
      where kind = 'receivable' and document_type = 'invoice' and open_amount > 0
        and due_date < p_as_of - p_after_days and dunning_level < p_levels
    $$`.execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  await createOpenItem(db);
  await createPayment(db);
  await createOverdueTenants(db);
  for (const table of ['open_item', 'payment', 'open_item_settlement']) {
    await tenantPolicy(db, table);
    await sql`create trigger ${sql.id(`${table}_no_truncate`)} before truncate on ${sql.table(table)} for each statement execute function refuse_change()`.execute(
      db,
    );
  }
  await sql`create trigger payment_keep before update or delete on payment for each row execute function refuse_change()`.execute(db);
  await sql`create trigger open_item_settlement_keep before update or delete on open_item_settlement for each row execute function refuse_change()`.execute(db);
  await revokeFromOthers(db, 'open_item', 'delete');
  await revokeFromOthers(db, 'payment', 'update, delete');
  await revokeFromOthers(db, 'open_item_settlement', 'update, delete');
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop function overdue_tenants(date, integer, integer)`.execute(db);
  await sql`drop table open_item_settlement`.execute(db);
  await sql`drop table payment`.execute(db);
  await sql`drop table open_item`.execute(db);
  await sql`drop function open_item_settle()`.execute(db);
  await sql`drop function open_item_guard()`.execute(db);
}
