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

// A document (Beleg) is a tenant's record of a file kept content-addressed outside the database: the record
// holds the SHA-256 of the unchanged bytes, so the same bytes are stored once however many records name them.
async function createTables(db: Kysely<any>): Promise<void> {
  await sql`
    create table document (
      tenant_id uuid not null,
      id uuid not null,
      document_type text not null check (document_type in ('incoming_invoice', 'outgoing_invoice', 'receipt', 'bank_statement', 'other')),
      content_type text not null check (content_type in ('application/pdf', 'image/png', 'image/jpeg', 'image/tiff', 'application/xml', 'text/xml')),
      size_bytes bigint not null check (size_bytes > 0),
      sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
      file_name text check (length(file_name) between 1 and 255),
      document_date date,
      partner_ref text check (length(partner_ref) between 1 and 100),
      note text check (length(note) between 1 and 2000),
      created_at timestamptz not null default now(),
      created_by text not null check (length(created_by) between 1 and 200),
      constraint document_pk primary key (tenant_id, id)
    )`.execute(db);
  await sql`create index document_list_idx on document (tenant_id, created_at, id)`.execute(db);
  await sql`create index document_sha256_idx on document (sha256, tenant_id)`.execute(db);
  // Deleting a draft entry drops its links; a posted entry is never deleted, so its links stay.
  await sql`
    create table document_link (
      tenant_id uuid not null,
      document_id uuid not null,
      entry_id uuid not null,
      linked_at timestamptz not null default now(),
      linked_by text not null check (length(linked_by) between 1 and 200),
      constraint document_link_pk primary key (tenant_id, document_id, entry_id),
      constraint document_link_document_fk foreign key (tenant_id, document_id) references document (tenant_id, id) on delete cascade,
      constraint document_link_entry_fk foreign key (tenant_id, entry_id) references journal_entry (tenant_id, id) on delete cascade
    )`.execute(db);
  await sql`create index document_link_entry_idx on document_link (tenant_id, entry_id)`.execute(db);
}

// Belegprinzip: a document that a posted entry rests on stays, and so does its link; a record never changes.
async function createGuards(db: Kysely<any>): Promise<void> {
  await sql`
    create function document_guard() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' then
        raise exception 'document % never changes', old.id using errcode = 'FN006';
      end if;
      if exists (select 1 from document_link l join journal_entry e on e.tenant_id = l.tenant_id and e.id = l.entry_id
                 where l.tenant_id = old.tenant_id and l.document_id = old.id and e.status = 'posted') then
        raise exception 'document % is linked to a posted entry and cannot be deleted', old.id using errcode = 'FN013';
      end if;
      return old;
    end $$`.execute(db);
  await sql`create trigger document_guard before update or delete on document for each row execute function document_guard()`.execute(db);
  await sql`
    create function document_link_guard() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' then
        raise exception 'the link of document % never changes', old.document_id using errcode = 'FN006';
      end if;
      if exists (select 1 from journal_entry e where e.tenant_id = old.tenant_id and e.id = old.entry_id and e.status = 'posted') then
        raise exception 'document % is the record of posted entry % and stays linked', old.document_id, old.entry_id using errcode = 'FN013';
      end if;
      return old;
    end $$`.execute(db);
  await sql`create trigger document_link_guard before update or delete on document_link for each row execute function document_link_guard()`.execute(db);
}

// Files are shared by all tenants with the same bytes; the service removes one only when no record of any
// tenant names it. Row-level security hides the other tenants' records, so this function, running as the
// owner, answers for all of them and says nothing else.
async function createContentReferenced(db: Kysely<any>): Promise<void> {
  await sql`
    create function document_content_referenced(p_sha256 text) returns boolean
      language sql stable security definer set search_path from current as $$
      select exists (select 1 from document where sha256 = p_sha256)
    $$`.execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  await createTables(db);
  await createGuards(db);
  await createContentReferenced(db);
  for (const table of ['document', 'document_link']) {
    await sql`alter table ${sql.table(table)} enable row level security`.execute(db);
    await sql`create policy ${sql.id(`${table}_tenant`)} on ${sql.table(table)} using (${TENANT}) with check (${TENANT})`.execute(db);
    await sql`create trigger ${sql.id(`${table}_no_truncate`)} before truncate on ${sql.table(table)} for each statement execute function refuse_change()`.execute(
      db,
    );
    await revokeFromOthers(db, table, 'update');
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop function document_content_referenced(text)`.execute(db);
  await sql`drop table document_link`.execute(db);
  await sql`drop table document`.execute(db);
  await sql`drop function document_link_guard()`.execute(db);
  await sql`drop function document_guard()`.execute(db);
}
