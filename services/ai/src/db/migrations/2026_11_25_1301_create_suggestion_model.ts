// biome-ignore-all lint/suspicious/noExplicitAny: migrations take Kysely<any> so they never depend on today's schema types (STYLE.md rule 5).
import { type Kysely, sql } from 'kysely';

// Frozen: do not import from src/. This file must mean the same thing a year from now.

const TENANT = sql`tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid`;

async function tenantPolicy(db: Kysely<any>, table: string): Promise<void> {
  await sql`alter table ${sql.table(table)} enable row level security`.execute(db);
  await sql`create policy ${sql.id(`${table}_tenant`)} on ${sql.table(table)} using (${TENANT}) with check (${TENANT})`.execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  // The posting-suggestion model: how often each label (debit|credit|tax code) was learned ...
  await sql`
    create table suggestion_label (
      tenant_id uuid not null,
      label text not null,
      entries integer not null default 0 check (entries >= 0),
      cost_centre text,
      constraint suggestion_label_pk primary key (tenant_id, label)
    )`.execute(db);
  await sql`create index suggestion_label_entries_idx on suggestion_label (tenant_id, entries desc)`.execute(db);
  await tenantPolicy(db, 'suggestion_label');

  // ... and how often each token occurred with it, in learned entries and in rejected suggestions.
  await sql`
    create table suggestion_token (
      tenant_id uuid not null,
      token text not null,
      label text not null,
      entries integer not null default 0 check (entries >= 0),
      rejected integer not null default 0 check (rejected >= 0),
      constraint suggestion_token_pk primary key (tenant_id, token, label)
    )`.execute(db);
  await tenantPolicy(db, 'suggestion_token');

  // Suggestions given, so that feedback can name one and teach the model what was right.
  await sql`
    create table suggestion (
      tenant_id uuid not null,
      id uuid not null,
      created_at timestamptz not null,
      kind text not null check (kind in ('bank_transaction', 'incoming_invoice', 'draft_entry')),
      tokens text[] not null,
      proposals jsonb not null,
      outcome text check (outcome in ('accepted', 'rejected')),
      chosen text,
      cost_centre text,
      decided_at timestamptz,
      constraint suggestion_pk primary key (tenant_id, id)
    )`.execute(db);
  await sql`create index suggestion_created_idx on suggestion (tenant_id, created_at)`.execute(db);
  await tenantPolicy(db, 'suggestion');
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table suggestion`.execute(db);
  await sql`drop table suggestion_token`.execute(db);
  await sql`drop table suggestion_label`.execute(db);
}
