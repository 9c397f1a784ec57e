// biome-ignore-all lint/suspicious/noExplicitAny: migrations take Kysely<any> so they never depend on today's schema types (STYLE.md rule 5).
import { type Kysely, sql } from 'kysely';

// Frozen: do not import from src/. This file must mean the same thing a year from now.

export async function up(db: Kysely<any>): Promise<void> {
  // A deferred chat request of the batch class: accepted with 202, delivered to a worker through the outbox and
  // the event transport, claimed under a lease while it runs, and kept with its result for a few days.
  await sql`
    create table batch_job (
      tenant_id uuid not null,
      id uuid not null,
      status text not null check (status in ('queued', 'running', 'succeeded', 'failed')),
      task text not null,
      request jsonb not null,
      request_id text not null,
      result jsonb,
      error jsonb,
      attempts integer not null default 0 check (attempts >= 0),
      created_at timestamptz not null,
      published_at timestamptz not null,
      started_at timestamptz,
      finished_at timestamptz,
      lease_until timestamptz,
      constraint batch_job_pk primary key (tenant_id, id),
      constraint batch_job_result_ck check ((status = 'succeeded') = (result is not null)),
      constraint batch_job_error_ck check ((status = 'failed') = (error is not null)),
      constraint batch_job_finished_ck check ((status in ('succeeded', 'failed')) = (finished_at is not null)),
      constraint batch_job_lease_ck check ((status = 'running') = (lease_until is not null))
    )`.execute(db);
  await sql`create index batch_job_open_idx on batch_job (published_at) where status in ('queued', 'running')`.execute(db);
  await sql`create index batch_job_finished_idx on batch_job (finished_at) where finished_at is not null`.execute(db);
  await sql`alter table batch_job enable row level security`.execute(db);
  await sql`
    create policy batch_job_tenant on batch_job
      using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
      with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)`.execute(db);
  // Sweeping and pruning cross tenants, so they run as the owner: jobs whose worker's lease ran out, or still
  // queued since before stale_before, are queued again (and their delivery is written again by the caller).
  await sql`
    create function requeue_batch_jobs(at timestamptz, stale_before timestamptz) returns table (tenant_id uuid, id uuid)
      language sql volatile security definer set search_path from current as $$
        update batch_job set status = 'queued', lease_until = null, published_at = at
        where (status = 'running' and lease_until < at) or (status = 'queued' and published_at < stale_before)
        returning batch_job.tenant_id, batch_job.id
      $$`.execute(db);
  await sql`
    create function prune_batch_jobs(before timestamptz) returns integer
      language sql volatile security definer set search_path from current as $$
        with gone as (delete from batch_job where finished_at < before returning 1) select count(*)::integer from gone
      $$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop function prune_batch_jobs(timestamptz)`.execute(db);
  await sql`drop function requeue_batch_jobs(timestamptz, timestamptz)`.execute(db);
  await sql`drop table batch_job`.execute(db);
}
