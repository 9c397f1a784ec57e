// biome-ignore-all lint/suspicious/noExplicitAny: migrations take Kysely<any> so they never depend on today's schema types (STYLE.md rule 5).
import { type Kysely, sql } from 'kysely';

// Frozen: do not import from src/. This file must mean the same thing a year from now.

const TENANT_POLICY = sql`tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid`;

async function protect(db: Kysely<any>, table: string): Promise<void> {
  await sql`alter table ${sql.table(table)} enable row level security`.execute(db);
  await sql`create policy ${sql.id(`${table}_tenant`)} on ${sql.table(table)} using (${TENANT_POLICY}) with check (${TENANT_POLICY})`.execute(db);
}

async function createOrder(db: Kysely<any>): Promise<void> {
  // A purchase order (Bestellung) to a supplier, received into one warehouse.
  await sql`
    create table purchase_order (
      tenant_id uuid not null,
      id uuid not null,
      seq bigint generated always as identity,
      number text not null check (number ~ '^BE-[0-9]{4}-[0-9]{5,}$'),
      status text not null check (status in ('draft', 'ordered', 'partially_received', 'received', 'invoiced', 'cancelled')),
      supplier_id uuid not null,
      supplier jsonb not null check (jsonb_typeof(supplier) = 'object'),
      currency text not null check (currency ~ '^[A-Z]{3}$'),
      exchange_rate numeric check (exchange_rate > 0 and scale(exchange_rate) <= 6),
      payment_net_days integer not null check (payment_net_days between 0 and 365),
      skonto_percent numeric check (skonto_percent > 0 and skonto_percent < 100 and scale(skonto_percent) <= 2),
      skonto_days integer check (skonto_days between 0 and 365),
      warehouse_id uuid not null,
      expected_on date,
      notes text check (length(notes) between 1 and 2000),
      net numeric not null check (net >= 0 and scale(net) = 2),
      tax_total numeric not null check (tax_total >= 0 and scale(tax_total) = 2),
      gross numeric not null check (gross >= 0 and scale(gross) = 2),
      tax jsonb not null check (jsonb_typeof(tax) = 'array'),
      cancel_reason text check (length(cancel_reason) between 1 and 500),
      created_by text check (length(created_by) <= 200),
      version integer not null default 1 check (version > 0),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      ordered_at timestamptz,
      cancelled_at timestamptz,
      constraint purchase_order_pk primary key (tenant_id, id),
      constraint purchase_order_number_uq unique (tenant_id, number),
      constraint purchase_order_supplier_fk foreign key (tenant_id, supplier_id) references partner (tenant_id, id),
      constraint purchase_order_warehouse_fk foreign key (tenant_id, warehouse_id) references warehouse (tenant_id, id),
      constraint purchase_order_exchange_rate check ((currency = 'EUR') = (exchange_rate is null)),
      constraint purchase_order_skonto check ((skonto_percent is null) = (skonto_days is null)),
      constraint purchase_order_gross check (gross = net + tax_total),
      constraint purchase_order_cancelled check ((status = 'cancelled') = (cancelled_at is not null))
    )`.execute(db);
  await sql`create index purchase_order_seq_idx on purchase_order (tenant_id, seq)`.execute(db);
  await sql`create index purchase_order_supplier_idx on purchase_order (tenant_id, supplier_id, seq)`.execute(db);
  await sql`create index purchase_order_status_idx on purchase_order (tenant_id, status, seq)`.execute(db);
  await protect(db, 'purchase_order');

  await sql`
    create table purchase_order_line (
      tenant_id uuid not null,
      order_id uuid not null,
      line_no integer not null check (line_no between 1 and 1000),
      id uuid not null,
      product_id uuid not null,
      sku text not null check (length(sku) between 1 and 64),
      description text not null check (length(description) between 1 and 500),
      unit text not null check (unit ~ '^[A-Z0-9]{2,3}$'),
      quantity numeric not null check (quantity > 0 and quantity < 1e12 and scale(quantity) <= 3),
      unit_price numeric not null check (unit_price >= 0 and unit_price < 1e11 and scale(unit_price) <= 4),
      vat_rate numeric not null check (vat_rate in (0, 7, 19)),
      tax_category text not null check (tax_category in ('S', 'E', 'AE', 'K', 'G', 'O')),
      net_amount numeric not null check (net_amount >= 0 and net_amount < 1e12 and scale(net_amount) = 2),
      received_quantity numeric not null default 0 check (received_quantity >= 0 and scale(received_quantity) <= 3),
      invoiced_quantity numeric not null default 0 check (invoiced_quantity >= 0 and scale(invoiced_quantity) <= 3),
      constraint purchase_order_line_pk primary key (tenant_id, order_id, line_no),
      constraint purchase_order_line_id_uq unique (tenant_id, id),
      constraint purchase_order_line_order_fk foreign key (tenant_id, order_id) references purchase_order (tenant_id, id),
      constraint purchase_order_line_product_fk foreign key (tenant_id, product_id) references product (tenant_id, id),
      constraint purchase_order_line_received check (received_quantity <= quantity),
      constraint purchase_order_line_invoiced check (invoiced_quantity <= received_quantity)
    )`.execute(db);
  await protect(db, 'purchase_order_line');
}

async function createReceipt(db: Kysely<any>): Promise<void> {
  // A goods receipt (Wareneingang): what arrived for the order at once, each line a receipt movement of the ledger.
  await sql`
    create table goods_receipt (
      tenant_id uuid not null,
      id uuid not null,
      number text not null check (number ~ '^WE-[0-9]{4}-[0-9]{5,}$'),
      order_id uuid not null,
      received_on date not null,
      total_value numeric not null check (total_value >= 0 and scale(total_value) = 2),
      actor_id text check (length(actor_id) <= 200),
      created_at timestamptz not null default now(),
      constraint goods_receipt_pk primary key (tenant_id, id),
      constraint goods_receipt_number_uq unique (tenant_id, number),
      constraint goods_receipt_order_fk foreign key (tenant_id, order_id) references purchase_order (tenant_id, id)
    )`.execute(db);
  await sql`create index goods_receipt_order_idx on goods_receipt (tenant_id, order_id, created_at)`.execute(db);
  await protect(db, 'goods_receipt');
  await sql`
    create table goods_receipt_line (
      tenant_id uuid not null,
      receipt_id uuid not null,
      order_id uuid not null,
      line_no integer not null,
      quantity numeric not null check (quantity > 0 and scale(quantity) <= 3),
      unit_cost numeric not null check (unit_cost >= 0 and scale(unit_cost) <= 4),
      value numeric not null check (value >= 0 and scale(value) = 2),
      movement_id uuid not null,
      constraint goods_receipt_line_pk primary key (tenant_id, receipt_id, line_no),
      constraint goods_receipt_line_receipt_fk foreign key (tenant_id, receipt_id) references goods_receipt (tenant_id, id),
      constraint goods_receipt_line_order_line_fk foreign key (tenant_id, order_id, line_no) references purchase_order_line (tenant_id, order_id, line_no),
      constraint goods_receipt_line_movement_fk foreign key (tenant_id, movement_id) references stock_movement (tenant_id, id)
    )`.execute(db);
  await protect(db, 'goods_receipt_line');
}

async function createSupplierInvoice(db: Kysely<any>): Promise<void> {
  // The supplier's invoice as recorded: its own number (unique per supplier, ignoring case), dates and amounts.
  await sql`
    create table supplier_invoice (
      tenant_id uuid not null,
      id uuid not null,
      order_id uuid not null,
      supplier_id uuid not null,
      supplier_invoice_number text not null check (length(supplier_invoice_number) between 1 and 36 and supplier_invoice_number !~ '[[:cntrl:]]'),
      invoice_date date not null,
      received_on date not null,
      due_date date not null,
      payment_terms jsonb not null check (jsonb_typeof(payment_terms) = 'object'),
      supplier jsonb not null check (jsonb_typeof(supplier) = 'object'),
      currency text not null check (currency ~ '^[A-Z]{3}$'),
      exchange_rate numeric check (exchange_rate > 0 and scale(exchange_rate) <= 6),
      net numeric not null check (net >= 0 and scale(net) = 2),
      tax_total numeric not null check (tax_total >= 0 and scale(tax_total) = 2),
      gross numeric not null check (gross >= 0 and scale(gross) = 2),
      tax jsonb not null check (jsonb_typeof(tax) = 'array'),
      actor_id text check (length(actor_id) <= 200),
      created_at timestamptz not null default now(),
      constraint supplier_invoice_pk primary key (tenant_id, id),
      constraint supplier_invoice_order_fk foreign key (tenant_id, order_id) references purchase_order (tenant_id, id),
      constraint supplier_invoice_supplier_fk foreign key (tenant_id, supplier_id) references partner (tenant_id, id),
      constraint supplier_invoice_due check (due_date >= invoice_date),
      constraint supplier_invoice_gross check (gross = net + tax_total)
    )`.execute(db);
  await sql`create unique index supplier_invoice_number_uq on supplier_invoice (tenant_id, supplier_id, lower(supplier_invoice_number))`.execute(db);
  await sql`create index supplier_invoice_order_idx on supplier_invoice (tenant_id, order_id, created_at)`.execute(db);
  await protect(db, 'supplier_invoice');
  await sql`
    create table supplier_invoice_line (
      tenant_id uuid not null,
      invoice_id uuid not null,
      line_no integer not null,
      order_id uuid not null,
      order_line_no integer not null,
      quantity numeric not null check (quantity > 0 and scale(quantity) <= 3),
      unit_price numeric not null check (unit_price >= 0 and scale(unit_price) <= 4),
      net_amount numeric not null check (net_amount >= 0 and scale(net_amount) = 2),
      vat_rate numeric not null check (vat_rate in (0, 7, 19)),
      tax_category text not null check (tax_category in ('S', 'E', 'AE', 'K', 'G', 'O')),
      constraint supplier_invoice_line_pk primary key (tenant_id, invoice_id, line_no),
      constraint supplier_invoice_line_invoice_fk foreign key (tenant_id, invoice_id) references supplier_invoice (tenant_id, id),
      constraint supplier_invoice_line_order_line_fk foreign key (tenant_id, order_id, order_line_no) references purchase_order_line (tenant_id, order_id, line_no)
    )`.execute(db);
  await protect(db, 'supplier_invoice_line');
}

async function createSearchSync(db: Kysely<any>): Promise<void> {
  await sql`
    create function purchase_order_search_sync() returns trigger language plpgsql as $$
    begin
      perform search_entry_upsert(new.tenant_id, 'purchase_order', new.id, new.number, coalesce(new.supplier ->> 'name', new.number),
        concat_ws(' ', new.number, new.supplier ->> 'number', new.supplier ->> 'name'), new.status = 'cancelled');
      return null;
    end $$`.execute(db);
  await sql`create trigger purchase_order_search_sync after insert or update on purchase_order for each row execute function purchase_order_search_sync()`.execute(
    db,
  );
}

export async function up(db: Kysely<any>): Promise<void> {
  await createOrder(db);
  await createReceipt(db);
  await createSupplierInvoice(db);
  await createSearchSync(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger purchase_order_search_sync on purchase_order`.execute(db);
  await sql`drop function purchase_order_search_sync()`.execute(db);
  await sql`delete from search_entry where kind = 'purchase_order'`.execute(db);
  for (const table of ['supplier_invoice_line', 'supplier_invoice', 'goods_receipt_line', 'goods_receipt', 'purchase_order_line', 'purchase_order'])
    await sql`drop table ${sql.table(table)}`.execute(db);
}
