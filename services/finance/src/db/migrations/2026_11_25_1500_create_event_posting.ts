// biome-ignore-all lint/suspicious/noExplicitAny: migrations take Kysely<any> so they never depend on today's schema types (STYLE.md rule 5).
import { type Kysely, sql } from 'kysely';

// Frozen: do not import from src/. This file must mean the same thing a year from now.

const TENANT = sql.raw(`tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid`);

// Every event the finance service books leaves a row here: posted at once, or parked with its reason and the
// whole event until someone fixes the cause and retries it. Rows are never removed, and a posted row never
// changes, so no event is ever dropped and each posting can be traced back to the event it came from.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table event_posting (
      tenant_id uuid not null,
      id uuid not null,
      event_id text not null check (length(event_id) between 1 and 200),
      event_type text not null check (length(event_type) between 1 and 200),
      document_id text check (length(document_id) between 1 and 100),
      related_document_id text check (length(related_document_id) between 1 and 100),
      status text not null check (status in ('posted', 'parked', 'retried')),
      reason_code text check (length(reason_code) between 1 and 100),
      reason text check (length(reason) <= 2000),
      reason_errors jsonb,
      event jsonb not null,
      entry_id uuid,
      attempts integer not null default 1 check (attempts >= 1),
      -- Milliseconds, as clients see them, so a page cursor made from one names it exactly.
      received_at timestamptz not null default date_trunc('milliseconds', now()),
      last_attempt_at timestamptz not null default now(),
      resolved_at timestamptz,
      resolved_by text check (length(resolved_by) between 1 and 200),
      constraint event_posting_pk primary key (tenant_id, id),
      constraint event_posting_event_uq unique (tenant_id, event_id),
      constraint event_posting_entry_fk foreign key (tenant_id, entry_id) references journal_entry (tenant_id, id),
      constraint event_posting_state check (
        (status = 'parked' and entry_id is null and reason_code is not null and resolved_at is null)
        or (status = 'posted' and entry_id is not null)
        or (status = 'retried' and entry_id is not null and resolved_at is not null and resolved_by is not null))
    )`.execute(db);
  // One document is booked once, whichever event brings it; a second event for it stays parked.
  await sql`create unique index event_posting_document_uq on event_posting (tenant_id, event_type, document_id) where status <> 'parked'`.execute(db);
  await sql`create index event_posting_status_idx on event_posting (tenant_id, status, received_at, id)`.execute(db);
  await sql`create index event_posting_related_idx on event_posting (tenant_id, related_document_id) where status = 'parked'`.execute(db);
  await sql`
    create function event_posting_guard() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' or old.status <> 'parked' then
        raise exception 'event posting %: % refused; booked events are kept as they are', old.id, tg_op using errcode = 'FN006';
      end if;
      if (new.tenant_id, new.id, new.event_id, new.event_type, new.event, new.received_at)
          is distinct from (old.tenant_id, old.id, old.event_id, old.event_type, old.event, old.received_at) then
        raise exception 'event posting %: the event and its receipt never change', old.id using errcode = 'FN006';
      end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger event_posting_guard before update or delete on event_posting for each row execute function event_posting_guard()`.execute(db);
  await sql`create trigger event_posting_no_truncate before truncate on event_posting for each statement execute function refuse_change()`.execute(db);
  await sql`alter table event_posting enable row level security`.execute(db);
  await sql`create policy event_posting_tenant on event_posting using (${TENANT}) with check (${TENANT})`.execute(db);
  await sql`
    do $$
    declare grantee text;
    begin
      for grantee in
        select distinct acl.grantee::regrole::text from pg_class c cross join lateral aclexplode(c.relacl) acl
        where c.oid = 'event_posting'::regclass and acl.grantee <> c.relowner and acl.grantee <> 0
      loop
        execute format('revoke delete on event_posting from %s', grantee);
      end loop;
    end $$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table event_posting`.execute(db);
  await sql`drop function event_posting_guard()`.execute(db);
}
