// biome-ignore-all lint/suspicious/noExplicitAny: migrations take Kysely<any> so they never depend on today's schema types (STYLE.md rule 5).
import { type Kysely, sql } from 'kysely';

// Frozen: do not import from src/. This file must mean the same thing a year from now.

export async function up(db: Kysely<any>): Promise<void> {
  // The semantic cache is opt-in per task; 0.8 was the default threshold when this was written.
  await sql`
    alter table task_policy
      add column semantic_cache boolean not null default false,
      add column semantic_threshold double precision not null default 0.8 check (semantic_threshold between 0.5 and 1),
      add column semantic_embedding_model text check (length(semantic_embedding_model) between 3 and 241)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    alter table task_policy
      drop column semantic_embedding_model,
      drop column semantic_threshold,
      drop column semantic_cache`.execute(db);
}
