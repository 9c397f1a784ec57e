// biome-ignore-all lint/suspicious/noExplicitAny: migrations take Kysely<any> so they never depend on today's schema types (STYLE.md rule 5).
import { type Kysely, sql } from 'kysely';

// Frozen: do not import from src/. This file must mean the same thing a year from now.

const TENANT = sql`tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid`;

async function tenantPolicy(db: Kysely<any>, table: string): Promise<void> {
  await sql`alter table ${sql.table(table)} enable row level security`.execute(db);
  await sql`create policy ${sql.id(`${table}_tenant`)} on ${sql.table(table)} using (${TENANT}) with check (${TENANT})`.execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  // The assistant's conversations: each belongs to one user of one tenant, and only that user reads it.
  await sql`
    create table assistant_conversation (
      tenant_id uuid not null,
      id uuid not null,
      user_id text not null check (length(user_id) between 1 and 200),
      title text not null default '' check (length(title) <= 200),
      message_count integer not null default 0 check (message_count >= 0),
      created_at timestamptz not null,
      updated_at timestamptz not null,
      constraint assistant_conversation_pk primary key (tenant_id, id)
    )`.execute(db);
  await sql`create index assistant_conversation_user_idx on assistant_conversation (tenant_id, user_id, updated_at desc, id desc)`.execute(db);
  await tenantPolicy(db, 'assistant_conversation');

  // Its messages in order: the user's questions and the assistant's answers with the tool calls they made.
  await sql`
    create table assistant_message (
      tenant_id uuid not null,
      conversation_id uuid not null,
      seq integer not null check (seq > 0),
      id uuid not null,
      role text not null check (role in ('user', 'assistant')),
      content text not null,
      tool_calls jsonb not null default '[]'::jsonb check (jsonb_typeof(tool_calls) = 'array'),
      mode text check (mode in ('llm', 'rules')),
      model text,
      created_at timestamptz not null,
      constraint assistant_message_pk primary key (tenant_id, conversation_id, seq),
      constraint assistant_message_id_uq unique (tenant_id, id),
      constraint assistant_message_conversation_fk foreign key (tenant_id, conversation_id)
        references assistant_conversation (tenant_id, id) on delete cascade
    )`.execute(db);
  await tenantPolicy(db, 'assistant_message');
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table assistant_message`.execute(db);
  await sql`drop table assistant_conversation`.execute(db);
}
