// biome-ignore-all lint/suspicious/noExplicitAny: migrations take Kysely<any> so they never depend on today's schema types (STYLE.md rule 5).
import { type Kysely, sql } from 'kysely';

// Frozen: do not import from src/. This file must mean the same thing a year from now.

export async function up(db: Kysely<any>): Promise<void> {
  // One row per call (or cache hit, or failed request), the record usage and costs are reported from.
  await sql`
    create table usage_record (
      tenant_id uuid not null,
      id uuid not null,
      occurred_at timestamptz not null,
      api text not null check (api in ('native', 'openai')),
      operation text not null check (operation in ('chat', 'embeddings')),
      task text not null,
      priority text not null check (priority in ('critical', 'normal', 'batch')),
      provider text not null,
      model text not null,
      outcome text not null check (outcome in ('ok', 'cached', 'failed')),
      input_tokens integer not null check (input_tokens >= 0),
      output_tokens integer not null check (output_tokens >= 0),
      cost_eur numeric(24, 12) not null check (cost_eur >= 0),
      latency_ms integer not null check (latency_ms >= 0),
      attempts integer not null check (attempts >= 0),
      request_id text not null,
      constraint usage_record_pk primary key (tenant_id, occurred_at, id)
    )`.execute(db);
  await sql`alter table usage_record enable row level security`.execute(db);
  await sql`
    create policy usage_record_tenant on usage_record
      using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
      with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table usage_record`.execute(db);
}
