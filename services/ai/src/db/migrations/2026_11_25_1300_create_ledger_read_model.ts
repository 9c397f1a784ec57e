// biome-ignore-all lint/suspicious/noExplicitAny: migrations take Kysely<any> so they never depend on today's schema types (STYLE.md rule 5).
import { type Kysely, sql } from 'kysely';

// Frozen: do not import from src/. This file must mean the same thing a year from now.

const TENANT = sql`tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid`;

async function tenantPolicy(db: Kysely<any>, table: string): Promise<void> {
  await sql`alter table ${sql.table(table)} enable row level security`.execute(db);
  await sql`create policy ${sql.id(`${table}_tenant`)} on ${sql.table(table)} using (${TENANT}) with check (${TENANT})`.execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  // The ai service's own copy of the posted journal, fed by erp.finance.entry.posted.v1 and .reversed.v1.
  await sql`
    create table ledger_entry (
      tenant_id uuid not null,
      entry_id uuid not null,
      posting_date date not null,
      posted_at timestamptz not null,
      posted_by text not null,
      document_ref text not null,
      description text not null,
      currency text not null,
      reversal_of uuid,
      reversed boolean not null default false,
      amount numeric(20, 2) not null check (amount >= 0),
      counterparty text not null,
      tokens text[] not null,
      label text,
      learned boolean not null default false,
      constraint ledger_entry_pk primary key (tenant_id, entry_id)
    )`.execute(db);
  await sql`create index ledger_entry_date_idx on ledger_entry (tenant_id, posting_date)`.execute(db);
  await sql`create index ledger_entry_tokens_idx on ledger_entry using gin (tokens)`.execute(db);
  await tenantPolicy(db, 'ledger_entry');

  await sql`
    create table ledger_line (
      tenant_id uuid not null,
      entry_id uuid not null,
      line_no integer not null check (line_no >= 1),
      account text not null,
      debit numeric(18, 2) not null check (debit >= 0),
      credit numeric(18, 2) not null check (credit >= 0),
      tax_code text,
      tax_of integer,
      text text,
      constraint ledger_line_pk primary key (tenant_id, entry_id, line_no),
      constraint ledger_line_entry_fk foreign key (tenant_id, entry_id) references ledger_entry (tenant_id, entry_id) on delete cascade
    )`.execute(db);
  await sql`create index ledger_line_account_idx on ledger_line (tenant_id, account)`.execute(db);
  await tenantPolicy(db, 'ledger_line');

  // A reversal may arrive before the entry it cancels (events of one tenant are not strictly ordered).
  await sql`
    create table ledger_reversal (
      tenant_id uuid not null,
      entry_id uuid not null,
      reversal_id uuid not null,
      constraint ledger_reversal_pk primary key (tenant_id, entry_id)
    )`.execute(db);
  await tenantPolicy(db, 'ledger_reversal');

  // Bumped by every applied event: cached anomaly and forecast results of an older generation are stale.
  // learned counts what the suggestion model learned (entries and accepted suggestions).
  await sql`
    create table ledger_state (
      tenant_id uuid not null primary key,
      generation bigint not null default 0,
      learned integer not null default 0 check (learned >= 0),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await tenantPolicy(db, 'ledger_state');
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table ledger_state`.execute(db);
  await sql`drop table ledger_reversal`.execute(db);
  await sql`drop table ledger_line`.execute(db);
  await sql`drop table ledger_entry`.execute(db);
}
