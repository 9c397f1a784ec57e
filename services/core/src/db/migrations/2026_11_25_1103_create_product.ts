// biome-ignore-all lint/suspicious/noExplicitAny: migrations take Kysely<any> so they never depend on today's schema types (STYLE.md rule 5).
import { type Kysely, sql } from 'kysely';

// Frozen: do not import from src/. This file must mean the same thing a year from now.

const TENANT_POLICY = sql`tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid`;

async function protect(db: Kysely<any>, table: string): Promise<void> {
  await sql`alter table ${sql.table(table)} enable row level security`.execute(db);
  await sql`create policy ${sql.id(`${table}_tenant`)} on ${sql.table(table)} using (${TENANT_POLICY}) with check (${TENANT_POLICY})`.execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  // The product catalogue. Amounts and quantities are unconstrained numerics with a bounded scale, so a
  // price keeps the places the client sent ("12.5" stays "12.5", "0.0490" stays "0.0490"). Rows are never
  // deleted (orders and invoices will refer to them); they are archived.
  await sql`
    create table product (
      tenant_id uuid not null,
      id uuid not null,
      sku text not null check (length(sku) between 1 and 64),
      name text not null check (length(name) between 1 and 200),
      description text check (length(description) <= 10000),
      unit text not null check (unit ~ '^[A-Z0-9]{2,3}$'),
      kind text not null check (kind in ('goods', 'service')),
      net_price numeric not null check (net_price >= 0 and net_price < 1e11 and scale(net_price) <= 4),
      net_price_currency text not null check (net_price_currency ~ '^[A-Z]{3}$'),
      vat_rate text not null check (vat_rate in ('19', '7', '0')),
      gtin text check (gtin ~ '^([0-9]{8}|[0-9]{12,14})$'),
      purchase_price numeric check (purchase_price >= 0 and purchase_price < 1e11 and scale(purchase_price) <= 4),
      purchase_price_currency text check (purchase_price_currency ~ '^[A-Z]{3}$'),
      supplier_id uuid,
      reorder_point numeric check (reorder_point >= 0 and reorder_point < 1e12 and scale(reorder_point) <= 3),
      reorder_quantity numeric check (reorder_quantity >= 0 and reorder_quantity < 1e12 and scale(reorder_quantity) <= 3),
      tags text[] not null default '{}' check (cardinality(tags) <= 50),
      version integer not null default 1 check (version > 0),
      archived_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint product_pk primary key (tenant_id, id),
      constraint product_supplier_fk foreign key (tenant_id, supplier_id) references partner (tenant_id, id),
      constraint product_purchase_price check ((purchase_price is null) = (purchase_price_currency is null)),
      constraint product_service_unstocked check (kind = 'goods' or (gtin is null and reorder_point is null and reorder_quantity is null))
    )`.execute(db);
  // One SKU per tenant, ignoring case, so "ab-1" and "AB-1" cannot name two products.
  await sql`create unique index product_sku_uq on product (tenant_id, lower(sku))`.execute(db);
  await sql`create unique index product_gtin_uq on product (tenant_id, gtin) where gtin is not null`.execute(db);
  await sql`create index product_list_idx on product (tenant_id, sku, id)`.execute(db);
  await sql`create index product_supplier_idx on product (tenant_id, supplier_id) where supplier_id is not null`.execute(db);
  await sql`create index product_tags_idx on product using gin (tags)`.execute(db);
  await protect(db, 'product');

  // One row per change of a product, written in the transaction of the change; append-only.
  await sql`
    create table product_history (
      tenant_id uuid not null,
      id bigint generated always as identity,
      product_id uuid not null,
      at timestamptz not null default now(),
      actor_id text check (length(actor_id) <= 200),
      action text not null check (action in ('created', 'updated', 'archived', 'restored')),
      via text not null check (via in ('api', 'csv-import')),
      changes jsonb not null check (jsonb_typeof(changes) = 'array'),
      constraint product_history_pk primary key (tenant_id, id),
      constraint product_history_product_fk foreign key (tenant_id, product_id) references product (tenant_id, id)
    )`.execute(db);
  await sql`create index product_history_product_idx on product_history (tenant_id, product_id, id)`.execute(db);
  await sql`
    create function product_history_refuse_change() returns trigger language plpgsql as $$
    begin
      raise exception 'product_history keeps every change: % refused', tg_op using errcode = 'insufficient_privilege';
    end $$`.execute(db);
  await sql`
    create trigger product_history_append_only before update or delete on product_history
      for each row execute function product_history_refuse_change()`.execute(db);
  await sql`
    create trigger product_history_no_truncate before truncate on product_history
      for each statement execute function product_history_refuse_change()`.execute(db);
  await protect(db, 'product_history');
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table product_history`.execute(db);
  await sql`drop function product_history_refuse_change()`.execute(db);
  await sql`drop table product`.execute(db);
}
