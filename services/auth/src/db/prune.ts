import { type Kysely, sql } from 'kysely';
import type { AuthDb } from './schema.js';

/**
 * Deletes what can never be used again: refresh and reset tokens expired before `expiredBefore` (in every
 * tenant, through the owner-run function) and throttle counters idle for longer than `idleMs`. Returns the
 * number of rows removed.
 */
export async function pruneExpired(db: Kysely<AuthDb>, now: Date, expiredBefore: Date, idleMs: number): Promise<number> {
  const { rows } = await sql<{ removed: number }>`select prune_expired(${expiredBefore}) as removed`.execute(db);
  const idleSince = new Date(now.getTime() - idleMs);
  const throttles = await db
    .deleteFrom('login_throttle')
    .where('last_failure_at', '<', idleSince)
    .where((eb) => eb.or([eb('blocked_until', 'is', null), eb('blocked_until', '<', now)]))
    .where((eb) => eb.or([eb('in_flight_until', 'is', null), eb('in_flight_until', '<', now)]))
    .executeTakeFirst();
  return (rows[0]?.removed ?? 0) + Number(throttles.numDeletedRows);
}
