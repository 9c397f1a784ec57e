// biome-ignore-all lint/suspicious/noExplicitAny: migrations take Kysely<any> so they never depend on today's schema types (STYLE.md rule 5).
import { type Kysely, sql } from 'kysely';

// Frozen: do not import from src/. This file must mean the same thing a year from now.

export async function up(db: Kysely<any>): Promise<void> {
  // A tenant's own LLM provider. The API key is stored sealed with AES-256-GCM; models carry capabilities and prices.
  await sql`
    create table provider_config (
      tenant_id uuid not null,
      name text not null check (name ~ '^[a-z][a-z0-9-]{0,39}$'),
      kind text not null check (kind in ('openai', 'anthropic', 'mistral', 'openai-compatible')),
      base_url text check (length(base_url) <= 500),
      api_key_sealed text,
      timeout_ms integer not null check (timeout_ms between 100 and 600000),
      max_concurrency integer not null check (max_concurrency between 1 and 1000),
      models jsonb not null check (jsonb_typeof(models) = 'array'),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint provider_config_pk primary key (tenant_id, name)
    )`.execute(db);
  await sql`alter table provider_config enable row level security`.execute(db);
  await sql`
    create policy provider_config_tenant on provider_config
      using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
      with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table provider_config`.execute(db);
}
