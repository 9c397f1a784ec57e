// biome-ignore-all lint/suspicious/noExplicitAny: migrations take Kysely<any> so they never depend on today's schema types (STYLE.md rule 5).
import { type Kysely, sql } from 'kysely';

// Frozen: do not import from src/. This file must mean the same thing a year from now.

const TENANT_POLICY = sql`tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid`;

async function protect(db: Kysely<any>, table: string): Promise<void> {
  await sql`alter table ${sql.table(table)} enable row level security`.execute(db);
  await sql`create policy ${sql.id(`${table}_tenant`)} on ${sql.table(table)} using (${TENANT_POLICY}) with check (${TENANT_POLICY})`.execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  // Customers and suppliers share one table: the same fields, rules and history, told apart by role and
  // numbered from separate series. Rows are never deleted (invoices and postings refer to them); they are
  // archived, and a person's personal fields can be erased.
  await sql`
    create table partner (
      tenant_id uuid not null,
      id uuid not null,
      role text not null check (role in ('customer', 'supplier')),
      number text not null check (length(number) between 1 and 30),
      number_value bigint not null,
      kind text not null check (kind in ('company', 'person')),
      company_name text check (length(company_name) <= 200),
      salutation text check (length(salutation) <= 50),
      title text check (length(title) <= 50),
      first_name text check (length(first_name) <= 100),
      last_name text check (length(last_name) <= 100),
      name text generated always as (
        case when kind = 'company' then company_name
             else coalesce(title || ' ', '') || coalesce(first_name || ' ', '') || last_name end) stored,
      email text check (length(email) <= 254),
      phone text check (length(phone) <= 41),
      website text check (length(website) <= 500),
      vat_id text check (vat_id ~ '^[A-Z]{2}[A-Z0-9+*]{2,13}$'),
      tax_number text check (length(tax_number) <= 20),
      leitweg_id text check (length(leitweg_id) <= 46),
      register_court text check (length(register_court) <= 100),
      register_number text check (length(register_number) <= 30),
      payment_net_days integer check (payment_net_days between 0 and 365),
      skonto_percent numeric(4, 2) check (skonto_percent > 0),
      skonto_days integer check (skonto_days between 0 and 365),
      credit_limit numeric(15, 2) check (credit_limit >= 0),
      credit_limit_currency text check (credit_limit_currency ~ '^[A-Z]{3}$'),
      tags text[] not null default '{}' check (cardinality(tags) <= 50),
      notes text check (length(notes) <= 10000),
      version integer not null default 1 check (version > 0),
      archived_at timestamptz,
      erased_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint partner_pk primary key (tenant_id, id),
      constraint partner_number_uq unique (tenant_id, role, number),
      constraint partner_company_name check (kind <> 'company' or company_name is not null),
      constraint partner_person_name check (kind <> 'person' or last_name is not null),
      constraint partner_register check ((register_court is null) = (register_number is null)),
      constraint partner_credit_limit check ((credit_limit is null) = (credit_limit_currency is null)),
      constraint partner_skonto check ((skonto_percent is null) = (skonto_days is null)),
      constraint partner_skonto_terms check (skonto_days is null or (payment_net_days is not null and skonto_days <= payment_net_days))
    )`.execute(db);
  await sql`create index partner_list_idx on partner (tenant_id, role, number_value, id)`.execute(db);
  await sql`create index partner_vat_id_idx on partner (tenant_id, role, vat_id) where vat_id is not null`.execute(db);
  await sql`create index partner_tags_idx on partner using gin (tags)`.execute(db);
  await protect(db, 'partner');

  await sql`
    create table partner_contact (
      tenant_id uuid not null,
      id uuid not null,
      partner_id uuid not null,
      sort_order integer not null,
      salutation text check (length(salutation) <= 50),
      first_name text check (length(first_name) <= 100),
      last_name text check (length(last_name) <= 100),
      position text check (length(position) <= 100),
      email text check (length(email) <= 254),
      phone text check (length(phone) <= 41),
      constraint partner_contact_pk primary key (tenant_id, id),
      constraint partner_contact_partner_fk foreign key (tenant_id, partner_id) references partner (tenant_id, id)
    )`.execute(db);
  await sql`create index partner_contact_partner_idx on partner_contact (tenant_id, partner_id, sort_order)`.execute(db);
  await protect(db, 'partner_contact');

  await sql`
    create table partner_address (
      tenant_id uuid not null,
      id uuid not null,
      partner_id uuid not null,
      sort_order integer not null,
      type text not null check (type in ('billing', 'shipping')),
      is_default boolean not null default false,
      addition text check (length(addition) <= 200),
      street text check (length(street) <= 200),
      postal_code text check (length(postal_code) <= 20),
      city text check (length(city) <= 100),
      country text not null check (country ~ '^[A-Z]{2}$'),
      constraint partner_address_pk primary key (tenant_id, id),
      constraint partner_address_partner_fk foreign key (tenant_id, partner_id) references partner (tenant_id, id)
    )`.execute(db);
  await sql`create index partner_address_partner_idx on partner_address (tenant_id, partner_id, sort_order)`.execute(db);
  await sql`create unique index partner_address_default_uq on partner_address (tenant_id, partner_id, type) where is_default`.execute(db);
  await protect(db, 'partner_address');
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table partner_address`.execute(db);
  await sql`drop table partner_contact`.execute(db);
  await sql`drop table partner`.execute(db);
}
