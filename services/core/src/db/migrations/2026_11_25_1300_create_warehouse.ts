// biome-ignore-all lint/suspicious/noExplicitAny: migrations take Kysely<any> so they never depend on today's schema types (STYLE.md rule 5).
import { type Kysely, sql } from 'kysely';

// Frozen: do not import from src/. This file must mean the same thing a year from now.

const TENANT_POLICY = sql`tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid`;

async function protect(db: Kysely<any>, table: string): Promise<void> {
  await sql`alter table ${sql.table(table)} enable row level security`.execute(db);
  await sql`create policy ${sql.id(`${table}_tenant`)} on ${sql.table(table)} using (${TENANT_POLICY}) with check (${TENANT_POLICY})`.execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  // Warehouses and their locations (bins). Rows are never deleted, because the stock ledger refers to them;
  // they are archived, and only when they hold no stock.
  await sql`
    create table warehouse (
      tenant_id uuid not null,
      id uuid not null,
      code text not null check (code ~ '^[A-Za-z0-9][A-Za-z0-9._/-]{0,19}$'),
      name text not null check (length(name) between 1 and 200),
      version integer not null default 1 check (version > 0),
      archived_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint warehouse_pk primary key (tenant_id, id)
    )`.execute(db);
  // One code per tenant, ignoring case, as for SKUs.
  await sql`create unique index warehouse_code_uq on warehouse (tenant_id, lower(code))`.execute(db);
  await sql`create index warehouse_list_idx on warehouse (tenant_id, code, id)`.execute(db);
  await protect(db, 'warehouse');

  // Every warehouse has exactly one default location, where a movement goes that names only the warehouse;
  // it cannot be archived. The unique key with warehouse_id lets stock rows name both and have them agree.
  await sql`
    create table warehouse_location (
      tenant_id uuid not null,
      id uuid not null,
      warehouse_id uuid not null,
      code text not null check (code ~ '^[A-Za-z0-9][A-Za-z0-9._/-]{0,29}$'),
      name text check (length(name) between 1 and 200),
      is_default boolean not null default false,
      version integer not null default 1 check (version > 0),
      archived_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint warehouse_location_pk primary key (tenant_id, id),
      constraint warehouse_location_of_warehouse_uq unique (tenant_id, warehouse_id, id),
      constraint warehouse_location_warehouse_fk foreign key (tenant_id, warehouse_id) references warehouse (tenant_id, id),
      constraint warehouse_location_default_active check (not (is_default and archived_at is not null))
    )`.execute(db);
  await sql`create unique index warehouse_location_code_uq on warehouse_location (tenant_id, warehouse_id, lower(code))`.execute(db);
  await sql`create unique index warehouse_location_default_uq on warehouse_location (tenant_id, warehouse_id) where is_default`.execute(db);
  await sql`create index warehouse_location_list_idx on warehouse_location (tenant_id, warehouse_id, code, id)`.execute(db);
  await protect(db, 'warehouse_location');
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table warehouse_location`.execute(db);
  await sql`drop table warehouse`.execute(db);
}
