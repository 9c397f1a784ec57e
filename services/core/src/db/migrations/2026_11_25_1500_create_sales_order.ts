// biome-ignore-all lint/suspicious/noExplicitAny: migrations take Kysely<any> so they never depend on today's schema types (STYLE.md rule 5).
import { type Kysely, sql } from 'kysely';

// Frozen: do not import from src/. This file must mean the same thing a year from now.

const TENANT_POLICY = sql`tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid`;

async function protect(db: Kysely<any>, table: string): Promise<void> {
  await sql`alter table ${sql.table(table)} enable row level security`.execute(db);
  await sql`create policy ${sql.id(`${table}_tenant`)} on ${sql.table(table)} using (${TENANT_POLICY}) with check (${TENANT_POLICY})`.execute(db);
}

async function createSeries(db: Kysely<any>): Promise<void> {
  // One row per tenant, series and year: drawing a number updates the row, whose lock lasts until the drawing
  // transaction ends, so concurrent drawers queue up and a rollback gives the number back (no gaps).
  await sql`
    create table document_series (
      tenant_id uuid not null,
      series text not null check (series in ('sales_order', 'delivery', 'invoice', 'credit_note', 'purchase_order', 'goods_receipt')),
      year integer not null check (year between 2000 and 9999),
      next_value bigint not null check (next_value > 0),
      constraint document_series_pk primary key (tenant_id, series, year)
    )`.execute(db);
  await protect(db, 'document_series');
}

async function createOrder(db: Kysely<any>): Promise<void> {
  // A quote or sales order. `customer` is the customer as it was when the document was made; amounts are the
  // totals of the lines (net per line rounded to cents, tax per category and rate on the group's net).
  await sql`
    create table sales_order (
      tenant_id uuid not null,
      id uuid not null,
      seq bigint generated always as identity,
      number text not null check (number ~ '^AU-[0-9]{4}-[0-9]{5,}$'),
      status text not null check (status in ('quote', 'order', 'confirmed', 'partially_delivered', 'delivered', 'invoiced', 'cancelled')),
      customer_id uuid not null,
      customer jsonb not null check (jsonb_typeof(customer) = 'object'),
      currency text not null check (currency ~ '^[A-Z]{3}$'),
      exchange_rate numeric check (exchange_rate > 0 and scale(exchange_rate) <= 6),
      payment_net_days integer not null check (payment_net_days between 0 and 365),
      skonto_percent numeric check (skonto_percent > 0 and skonto_percent < 100 and scale(skonto_percent) <= 2),
      skonto_days integer check (skonto_days between 0 and 365),
      warehouse_id uuid,
      customer_reference text check (length(customer_reference) between 1 and 100),
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
      accepted_at timestamptz,
      confirmed_at timestamptz,
      cancelled_at timestamptz,
      constraint sales_order_pk primary key (tenant_id, id),
      constraint sales_order_number_uq unique (tenant_id, number),
      constraint sales_order_customer_fk foreign key (tenant_id, customer_id) references partner (tenant_id, id),
      constraint sales_order_warehouse_fk foreign key (tenant_id, warehouse_id) references warehouse (tenant_id, id),
      constraint sales_order_exchange_rate check ((currency = 'EUR') = (exchange_rate is null)),
      constraint sales_order_skonto check ((skonto_percent is null) = (skonto_days is null) and (skonto_days is null or skonto_days <= payment_net_days)),
      constraint sales_order_gross check (gross = net + tax_total),
      constraint sales_order_cancelled check ((status = 'cancelled') = (cancelled_at is not null)),
      constraint sales_order_confirmed_warehouse check (confirmed_at is null or warehouse_id is not null or status = 'cancelled')
    )`.execute(db);
  await sql`create index sales_order_seq_idx on sales_order (tenant_id, seq)`.execute(db);
  await sql`create index sales_order_customer_idx on sales_order (tenant_id, customer_id, seq)`.execute(db);
  await sql`create index sales_order_status_idx on sales_order (tenant_id, status, seq)`.execute(db);
  await protect(db, 'sales_order');

  await sql`
    create table sales_order_line (
      tenant_id uuid not null,
      order_id uuid not null,
      line_no integer not null check (line_no between 1 and 1000),
      id uuid not null,
      product_id uuid not null,
      sku text not null check (length(sku) between 1 and 64),
      description text not null check (length(description) between 1 and 500),
      unit text not null check (unit ~ '^[A-Z0-9]{2,3}$'),
      kind text not null check (kind in ('goods', 'service')),
      quantity numeric not null check (quantity > 0 and quantity < 1e12 and scale(quantity) <= 3),
      unit_price numeric not null check (unit_price >= 0 and unit_price < 1e11 and scale(unit_price) <= 4),
      discount_percent numeric not null check (discount_percent between 0 and 100 and scale(discount_percent) <= 2),
      vat_rate numeric not null check (vat_rate in (0, 7, 19)),
      tax_category text not null check (tax_category in ('S', 'E', 'AE', 'K', 'G', 'O')),
      net_amount numeric not null check (net_amount >= 0 and net_amount < 1e12 and scale(net_amount) = 2),
      delivered_quantity numeric not null default 0 check (delivered_quantity >= 0 and scale(delivered_quantity) <= 3),
      invoiced_quantity numeric not null default 0 check (invoiced_quantity >= 0 and scale(invoiced_quantity) <= 3),
      constraint sales_order_line_pk primary key (tenant_id, order_id, line_no),
      constraint sales_order_line_id_uq unique (tenant_id, id),
      constraint sales_order_line_order_fk foreign key (tenant_id, order_id) references sales_order (tenant_id, id),
      constraint sales_order_line_product_fk foreign key (tenant_id, product_id) references product (tenant_id, id),
      constraint sales_order_line_delivered check (delivered_quantity <= quantity),
      constraint sales_order_line_invoiced check (invoiced_quantity <= delivered_quantity),
      constraint sales_order_line_tax check ((tax_category = 'S') = (vat_rate > 0))
    )`.execute(db);
  await protect(db, 'sales_order_line');
}

async function createDelivery(db: Kysely<any>): Promise<void> {
  // A delivery (Lieferschein): what left the warehouse for the order at once, per order line.
  await sql`
    create table sales_delivery (
      tenant_id uuid not null,
      id uuid not null,
      number text not null check (number ~ '^LS-[0-9]{4}-[0-9]{5,}$'),
      order_id uuid not null,
      actor_id text check (length(actor_id) <= 200),
      delivered_at timestamptz not null default now(),
      constraint sales_delivery_pk primary key (tenant_id, id),
      constraint sales_delivery_number_uq unique (tenant_id, number),
      constraint sales_delivery_order_fk foreign key (tenant_id, order_id) references sales_order (tenant_id, id)
    )`.execute(db);
  await sql`create index sales_delivery_order_idx on sales_delivery (tenant_id, order_id, delivered_at)`.execute(db);
  await protect(db, 'sales_delivery');
  await sql`
    create table sales_delivery_line (
      tenant_id uuid not null,
      delivery_id uuid not null,
      order_id uuid not null,
      line_no integer not null,
      quantity numeric not null check (quantity > 0 and scale(quantity) <= 3),
      movement_ids uuid[] not null default '{}',
      constraint sales_delivery_line_pk primary key (tenant_id, delivery_id, line_no),
      constraint sales_delivery_line_delivery_fk foreign key (tenant_id, delivery_id) references sales_delivery (tenant_id, id),
      constraint sales_delivery_line_order_line_fk foreign key (tenant_id, order_id, line_no) references sales_order_line (tenant_id, order_id, line_no)
    )`.execute(db);
  await protect(db, 'sales_delivery_line');
}

async function createSearchSync(db: Kysely<any>): Promise<void> {
  // Orders are found by the search of migration 1400 like customers and products: by number, customer and reference.
  await sql`
    create function sales_order_search_sync() returns trigger language plpgsql as $$
    begin
      perform search_entry_upsert(new.tenant_id, 'sales_order', new.id, new.number, coalesce(new.customer ->> 'name', new.number),
        concat_ws(' ', new.number, new.customer ->> 'number', new.customer ->> 'name', new.customer_reference), new.status = 'cancelled');
      return null;
    end $$`.execute(db);
  await sql`create trigger sales_order_search_sync after insert or update on sales_order for each row execute function sales_order_search_sync()`.execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  await createSeries(db);
  await createOrder(db);
  await createDelivery(db);
  await createSearchSync(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger sales_order_search_sync on sales_order`.execute(db);
  await sql`drop function sales_order_search_sync()`.execute(db);
  await sql`delete from search_entry where kind = 'sales_order'`.execute(db);
  for (const table of ['sales_delivery_line', 'sales_delivery', 'sales_order_line', 'sales_order', 'document_series'])
    await sql`drop table ${sql.table(table)}`.execute(db);
}
