import { type Kysely, sql } from 'kysely';
import type { ObserverDb } from './schema.js';

const COLLECTOR = 'collector';

/**
 * Takes or renews the collector lease for `holder` until `ttlMs` from now (database clock, so hosts with
 * skewed clocks agree). Succeeds when nobody holds it, `holder` already does, or the holder's lease expired.
 */
export async function acquireLease(db: Kysely<ObserverDb>, holder: string, ttlMs: number): Promise<boolean> {
  const row = await db
    .insertInto('collector_lease')
    .values({ name: COLLECTOR, holder, expires_at: sql<Date>`now() + ${ttlMs} * interval '1 millisecond'` })
    .onConflict((conflict) =>
      conflict
        .column('name')
        .doUpdateSet({ holder, expires_at: sql<Date>`now() + ${ttlMs} * interval '1 millisecond'` })
        .where((eb) => eb.or([eb('collector_lease.holder', '=', holder), eb('collector_lease.expires_at', '<', sql<Date>`now()`)])),
    )
    .returning('holder')
    .executeTakeFirst();
  return row?.holder === holder;
}

/** Gives the lease up, so another instance takes over at its next poll instead of after the TTL. */
export async function releaseLease(db: Kysely<ObserverDb>, holder: string): Promise<void> {
  await db.deleteFrom('collector_lease').where('name', '=', COLLECTOR).where('holder', '=', holder).execute();
}
