// biome-ignore-all lint/suspicious/noExplicitAny: migrations take Kysely<any> so they never depend on today's schema types (STYLE.md rule 5).
import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';

// Frozen: this migration runs in every service schema. Never edit it once shipped; add a new
// `0000_kit_<nnnn>_...` migration instead.

/** The stored responses of requests sent with an `Idempotency-Key`, one row per tenant and key. */
export const createIdempotencyKey: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await sql`
      create table idempotency_key (
        tenant_id uuid not null,
        key text not null check (length(key) between 1 and 255),
        method text not null,
        path text not null,
        request_hash text not null,
        status integer not null check (status between 100 and 599),
        headers jsonb not null default '{}'::jsonb,
        body jsonb,
        created_at timestamptz not null,
        expires_at timestamptz not null,
        constraint idempotency_key_pk primary key (tenant_id, key)
      )`.execute(db);
    await sql`create index idempotency_key_expires_at_idx on idempotency_key (expires_at)`.execute(db);
    await sql`alter table idempotency_key enable row level security`.execute(db);
    await sql`
      create policy idempotency_key_tenant on idempotency_key
        using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
        with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)`.execute(db);
    // Row-level security hides every tenant's keys from a connection without a tenant, so pruning expired
    // keys of all tenants needs a narrow function that runs as the owner and can do nothing else.
    await sql`
      create function kit_prune_idempotency_keys(cutoff timestamptz) returns integer
        language sql volatile security definer set search_path from current
        as $$ with deleted as (delete from idempotency_key where expires_at <= cutoff returning 1) select count(*)::integer from deleted $$`.execute(db);
  },
  async down(db: Kysely<any>): Promise<void> {
    await sql`drop function kit_prune_idempotency_keys(timestamptz)`.execute(db);
    await sql`drop table idempotency_key`.execute(db);
  },
};
