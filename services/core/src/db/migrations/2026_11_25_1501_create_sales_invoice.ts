// biome-ignore-all lint/suspicious/noExplicitAny: migrations take Kysely<any> so they never depend on today's schema types (STYLE.md rule 5).
import { type Kysely, sql } from 'kysely';

// Frozen: do not import from src/. This file must mean the same thing a year from now.

const TENANT_POLICY = sql`tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid`;

async function protect(db: Kysely<any>, table: string): Promise<void> {
  await sql`alter table ${sql.table(table)} enable row level security`.execute(db);
  await sql`create policy ${sql.id(`${table}_tenant`)} on ${sql.table(table)} using (${TENANT_POLICY}) with check (${TENANT_POLICY})`.execute(db);
}

// The kit's default privileges give the runtime role every DML right on new tables; take back what these must not allow.
async function revokeFromRuntime(db: Kysely<any>, table: string, privileges: string): Promise<void> {
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
  // Issued invoices and credit notes (Rechnungskorrekturen). Numbers run per tenant, kind and year without gaps;
  // `customer` and the amounts are the document as issued and are never changed (§ 14b UStG, GoBD).
  await sql`
    create table sales_invoice (
      tenant_id uuid not null,
      id uuid not null,
      seq bigint generated always as identity,
      kind text not null check (kind in ('invoice', 'credit_note')),
      number text not null check (number ~ '^(RE|RK)-[0-9]{4}-[0-9]{5,}$'),
      year integer not null check (year between 2000 and 9999),
      number_value bigint not null check (number_value > 0),
      order_id uuid not null,
      corrected_invoice_id uuid,
      issue_date date not null,
      due_date date,
      payment_terms jsonb check (jsonb_typeof(payment_terms) = 'object'),
      customer_id uuid not null,
      customer jsonb not null check (jsonb_typeof(customer) = 'object'),
      currency text not null check (currency ~ '^[A-Z]{3}$'),
      exchange_rate numeric check (exchange_rate > 0 and scale(exchange_rate) <= 6),
      net numeric not null check (net >= 0 and scale(net) = 2),
      tax_total numeric not null check (tax_total >= 0 and scale(tax_total) = 2),
      gross numeric not null check (gross >= 0 and scale(gross) = 2),
      tax jsonb not null check (jsonb_typeof(tax) = 'array'),
      reason text check (length(reason) between 1 and 500),
      returned_stock boolean not null default false,
      actor_id text check (length(actor_id) <= 200),
      created_at timestamptz not null default now(),
      constraint sales_invoice_pk primary key (tenant_id, id),
      constraint sales_invoice_number_uq unique (tenant_id, number),
      constraint sales_invoice_series_uq unique (tenant_id, kind, year, number_value),
      constraint sales_invoice_order_fk foreign key (tenant_id, order_id) references sales_order (tenant_id, id),
      constraint sales_invoice_customer_fk foreign key (tenant_id, customer_id) references partner (tenant_id, id),
      constraint sales_invoice_corrected_fk foreign key (tenant_id, corrected_invoice_id) references sales_invoice (tenant_id, id),
      constraint sales_invoice_kind check (
        case kind
          when 'invoice' then corrected_invoice_id is null and due_date is not null and payment_terms is not null and number like 'RE-%'
          else corrected_invoice_id is not null and due_date is null and payment_terms is null and number like 'RK-%'
        end),
      constraint sales_invoice_year check (year = extract(year from issue_date)),
      constraint sales_invoice_due check (due_date is null or due_date >= issue_date),
      constraint sales_invoice_exchange_rate check ((currency = 'EUR') = (exchange_rate is null)),
      constraint sales_invoice_gross check (gross = net + tax_total)
    )`.execute(db);
  await sql`create index sales_invoice_seq_idx on sales_invoice (tenant_id, seq)`.execute(db);
  await sql`create index sales_invoice_order_idx on sales_invoice (tenant_id, order_id, seq)`.execute(db);
  await sql`create index sales_invoice_customer_idx on sales_invoice (tenant_id, customer_id, seq)`.execute(db);
  await protect(db, 'sales_invoice');

  await sql`
    create table sales_invoice_line (
      tenant_id uuid not null,
      invoice_id uuid not null,
      line_no integer not null check (line_no between 1 and 1000),
      order_id uuid not null,
      order_line_no integer not null,
      corrected_line_no integer,
      product_id uuid not null,
      sku text not null,
      description text not null,
      quantity numeric not null check (quantity > 0 and scale(quantity) <= 3),
      unit text not null check (unit ~ '^[A-Z0-9]{2,3}$'),
      unit_price numeric not null check (unit_price >= 0 and scale(unit_price) <= 4),
      discount_percent numeric not null check (discount_percent between 0 and 100 and scale(discount_percent) <= 2),
      vat_rate numeric not null check (vat_rate in (0, 7, 19)),
      tax_category text not null check (tax_category in ('S', 'E', 'AE', 'K', 'G', 'O')),
      net_amount numeric not null check (net_amount >= 0 and scale(net_amount) = 2),
      credited_quantity numeric not null default 0 check (credited_quantity >= 0 and scale(credited_quantity) <= 3),
      credited_net numeric not null default 0 check (credited_net >= 0 and scale(credited_net) <= 2),
      constraint sales_invoice_line_pk primary key (tenant_id, invoice_id, line_no),
      constraint sales_invoice_line_invoice_fk foreign key (tenant_id, invoice_id) references sales_invoice (tenant_id, id),
      constraint sales_invoice_line_order_line_fk foreign key (tenant_id, order_id, order_line_no) references sales_order_line (tenant_id, order_id, line_no),
      constraint sales_invoice_line_credited check (credited_quantity <= quantity and credited_net <= net_amount)
    )`.execute(db);
  await protect(db, 'sales_invoice_line');
}

// An issued document is never changed or deleted; the only change is what later credit notes took back from an invoice line.
async function createGuards(db: Kysely<any>): Promise<void> {
  await sql`
    create function sales_invoice_refuse_change() returns trigger language plpgsql as $$
    begin
      raise exception 'an issued invoice or credit note is never changed or deleted: % on % refused; issue a credit note instead', tg_op, tg_table_name
        using errcode = 'insufficient_privilege';
    end $$`.execute(db);
  await sql`create trigger sales_invoice_keep before update or delete on sales_invoice for each row execute function sales_invoice_refuse_change()`.execute(db);
  await sql`
    create function sales_invoice_line_guard() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' and new.credited_quantity >= old.credited_quantity and new.credited_net >= old.credited_net
         and (to_jsonb(new) - 'credited_quantity' - 'credited_net') = (to_jsonb(old) - 'credited_quantity' - 'credited_net') then
        return new;
      end if;
      raise exception 'an issued invoice line is never changed or deleted: % refused', tg_op using errcode = 'insufficient_privilege';
    end $$`.execute(db);
  await sql`
    create trigger sales_invoice_line_guard before update or delete on sales_invoice_line for each row execute function sales_invoice_line_guard()`.execute(db);
  for (const table of ['sales_invoice', 'sales_invoice_line']) {
    await sql`create trigger ${sql.id(`${table}_no_truncate`)} before truncate on ${sql.table(table)}
      for each statement execute function sales_invoice_refuse_change()`.execute(db);
  }
}

export async function up(db: Kysely<any>): Promise<void> {
  await createTables(db);
  await createGuards(db);
  await revokeFromRuntime(db, 'sales_invoice', 'update, delete, truncate');
  await revokeFromRuntime(db, 'sales_invoice_line', 'delete, truncate');
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table sales_invoice_line`.execute(db);
  await sql`drop table sales_invoice`.execute(db);
  await sql`drop function sales_invoice_line_guard()`.execute(db);
  await sql`drop function sales_invoice_refuse_change()`.execute(db);
}
