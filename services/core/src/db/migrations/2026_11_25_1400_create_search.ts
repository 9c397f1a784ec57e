// biome-ignore-all lint/suspicious/noExplicitAny: migrations take Kysely<any> so they never depend on today's schema types (STYLE.md rule 5).
import { type Kysely, sql } from 'kysely';

// Frozen: do not import from src/. This file must mean the same thing a year from now.

const TENANT_POLICY = sql`tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid`;

export async function up(db: Kysely<any>): Promise<void> {
  // The fold both sides of a search go through: lower case, ß as ss, and the German vowel spellings made one:
  // ä, ae and a all become a (ö, oe → o; ü, ue → u), so "Mueller", "Müller" and "Muller" all read "muller".
  // Other Latin accents are dropped. A word such as "Quelle" folds to "qulle" on both sides alike, so it
  // still finds itself. Immutable, so indexes may use it. pg_trgm lives in `public` (created by the admin
  // before migrations run).
  await sql`
    create function search_fold(value text) returns text
    language sql immutable parallel safe strict
    return translate(
      replace(replace(replace(replace(replace(lower(value), 'ß', 'ss'), 'ẞ', 'ss'), 'ae', 'a'), 'oe', 'o'), 'ue', 'u'),
      'äöüáàâãåéèêëíìîïóòôõøúùûýÿçñčšžłœæ',
      'aouaaaaaeeeeiiiiooooouuuyycncszloa')`.execute(db);

  // One row per searchable record, kept by triggers in the transaction of every write, so search reads one
  // table with two indexes instead of widening every record: trigrams for typos and parts of words, and a
  // simple-configuration text vector for whole words.
  await sql`
    create table search_entry (
      tenant_id uuid not null,
      kind text not null check (kind in ('customer', 'supplier', 'product', 'sales_order', 'purchase_order')),
      id uuid not null,
      number text not null,
      title text not null,
      search_text text not null,
      search_vector tsvector generated always as (to_tsvector('simple'::regconfig, search_text)) stored,
      archived boolean not null default false,
      updated_at timestamptz not null default now(),
      constraint search_entry_pk primary key (tenant_id, kind, id)
    )`.execute(db);
  await sql`create index search_entry_trgm_idx on search_entry using gin (search_text public.gin_trgm_ops)`.execute(db);
  await sql`create index search_entry_vector_idx on search_entry using gin (search_vector)`.execute(db);
  await sql`alter table search_entry enable row level security`.execute(db);
  await sql`create policy search_entry_tenant on search_entry using (${TENANT_POLICY}) with check (${TENANT_POLICY})`.execute(db);

  await sql`
    create function search_entry_upsert(p_tenant uuid, p_kind text, p_id uuid, p_number text, p_title text, p_text text, p_archived boolean)
    returns void language sql as $$
      insert into search_entry (tenant_id, kind, id, number, title, search_text, archived)
      values (p_tenant, p_kind, p_id, p_number, p_title, search_fold(p_text), p_archived)
      on conflict (tenant_id, kind, id) do update
        set number = excluded.number, title = excluded.title, search_text = excluded.search_text,
            archived = excluded.archived, updated_at = now()
    $$`.execute(db);

  await sql`
    create function partner_search_sync() returns trigger language plpgsql as $$
    begin
      perform search_entry_upsert(new.tenant_id, new.role, new.id, new.number, coalesce(new.name, ''),
        concat_ws(' ', new.number, new.company_name, new.first_name, new.last_name, new.email, new.vat_id, array_to_string(new.tags, ' ')),
        new.archived_at is not null);
      return null;
    end $$`.execute(db);
  await sql`create trigger partner_search_sync after insert or update on partner for each row execute function partner_search_sync()`.execute(db);

  await sql`
    create function product_search_sync() returns trigger language plpgsql as $$
    begin
      perform search_entry_upsert(new.tenant_id, 'product', new.id, new.sku, new.name,
        concat_ws(' ', new.sku, new.name, new.gtin, left(new.description, 500), array_to_string(new.tags, ' ')),
        new.archived_at is not null);
      return null;
    end $$`.execute(db);
  await sql`create trigger product_search_sync after insert or update on product for each row execute function product_search_sync()`.execute(db);

  // Records written before this migration.
  await sql`
    insert into search_entry (tenant_id, kind, id, number, title, search_text, archived)
    select tenant_id, role, id, number, coalesce(name, ''),
      search_fold(concat_ws(' ', number, company_name, first_name, last_name, email, vat_id, array_to_string(tags, ' '))), archived_at is not null
    from partner`.execute(db);
  await sql`
    insert into search_entry (tenant_id, kind, id, number, title, search_text, archived)
    select tenant_id, 'product', id, sku, name, search_fold(concat_ws(' ', sku, name, gtin, left(description, 500), array_to_string(tags, ' '))), archived_at is not null
    from product`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger product_search_sync on product`.execute(db);
  await sql`drop trigger partner_search_sync on partner`.execute(db);
  await sql`drop function product_search_sync()`.execute(db);
  await sql`drop function partner_search_sync()`.execute(db);
  await sql`drop function search_entry_upsert(uuid, text, uuid, text, text, text, boolean)`.execute(db);
  await sql`drop table search_entry`.execute(db);
  await sql`drop function search_fold(text)`.execute(db);
}
