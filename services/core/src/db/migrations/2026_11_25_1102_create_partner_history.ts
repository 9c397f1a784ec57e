// biome-ignore-all lint/suspicious/noExplicitAny: migrations take Kysely<any> so they never depend on today's schema types (STYLE.md rule 5).
import { type Kysely, sql } from 'kysely';

// Frozen: do not import from src/. This file must mean the same thing a year from now.

export async function up(db: Kysely<any>): Promise<void> {
  // One row per change of a partner, written in the transaction of the change. Rows are never deleted;
  // only a GDPR erasure rewrites the values in `changes` (to null), which is why updates stay allowed.
  await sql`
    create table partner_history (
      tenant_id uuid not null,
      id bigint generated always as identity,
      partner_id uuid not null,
      at timestamptz not null default now(),
      actor_id text check (length(actor_id) <= 200),
      action text not null check (action in ('created', 'updated', 'archived', 'restored', 'erased')),
      via text not null check (via in ('api', 'csv-import')),
      changes jsonb not null check (jsonb_typeof(changes) = 'array'),
      constraint partner_history_pk primary key (tenant_id, id),
      constraint partner_history_partner_fk foreign key (tenant_id, partner_id) references partner (tenant_id, id)
    )`.execute(db);
  await sql`create index partner_history_partner_idx on partner_history (tenant_id, partner_id, id)`.execute(db);
  await sql`
    create function partner_history_refuse_delete() returns trigger language plpgsql as $$
    begin
      raise exception 'partner_history keeps every change: % refused', tg_op using errcode = 'insufficient_privilege';
    end $$`.execute(db);
  await sql`
    create trigger partner_history_no_delete before delete on partner_history
      for each row execute function partner_history_refuse_delete()`.execute(db);
  await sql`
    create trigger partner_history_no_truncate before truncate on partner_history
      for each statement execute function partner_history_refuse_delete()`.execute(db);
  await sql`alter table partner_history enable row level security`.execute(db);
  await sql`
    create policy partner_history_tenant on partner_history
      using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
      with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table partner_history`.execute(db);
  await sql`drop function partner_history_refuse_delete()`.execute(db);
}
