// biome-ignore-all lint/suspicious/noExplicitAny: migrations take Kysely<any> so they never depend on today's schema types (STYLE.md rule 5).
import { type Kysely, sql } from 'kysely';

// Frozen: do not import from src/. This file must mean the same thing a year from now.

export async function up(db: Kysely<any>): Promise<void> {
  // Failed logins counted per account ('account:<email>') and per address ('ip:<ip>') in the database, so
  // every instance of the service applies the same delay. Keys span tenants, hence no row-level security.
  // in_flight_until marks an attempt being verified, so parallel guesses cannot all pass the check before
  // the first failure is counted.
  await sql`
    create table login_throttle (
      key text primary key,
      failures integer not null,
      last_failure_at timestamptz not null,
      blocked_until timestamptz,
      in_flight_until timestamptz
    )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table login_throttle`.execute(db);
}
