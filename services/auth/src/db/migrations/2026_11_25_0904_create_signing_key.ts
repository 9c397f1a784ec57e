// biome-ignore-all lint/suspicious/noExplicitAny: migrations take Kysely<any> so they never depend on today's schema types (STYLE.md rule 5).
import { type Kysely, sql } from 'kysely';

// Frozen: do not import from src/. This file must mean the same thing a year from now.

export async function up(db: Kysely<any>): Promise<void> {
  // The keys sign tokens for every tenant, so this table has no tenant column and no row-level security.
  // private_jwk holds the private key encrypted (AES-256-GCM), never in clear.
  await sql`
    create table signing_key (
      kid text primary key,
      algorithm text not null,
      public_jwk jsonb not null,
      private_jwk text not null,
      created_at timestamptz not null default now(),
      retires_at timestamptz
    )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table signing_key`.execute(db);
}
