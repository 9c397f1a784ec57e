import { type Kysely, sql } from 'kysely';
import type { AuthDb } from './schema.js';

/** The latest `blocked_until` among `keys` that lies after `now`, if any. */
export async function findBlockedUntil(db: Kysely<AuthDb>, keys: string[], now: Date): Promise<Date | undefined> {
  const row = await db
    .selectFrom('login_throttle')
    .select((eb) => eb.fn.max('blocked_until').as('until'))
    .where('key', 'in', keys)
    .where('blocked_until', '>', now)
    .executeTakeFirst();
  return row?.until ? new Date(row.until) : undefined;
}

/**
 * Counts one failure for `key` atomically and returns the new count; a counter whose last failure is older
 * than `windowMs` starts again at one.
 */
export async function countFailure(db: Kysely<AuthDb>, key: string, now: Date, windowMs: number): Promise<number> {
  const windowStart = new Date(now.getTime() - windowMs);
  const row = await db
    .insertInto('login_throttle')
    .values({ key, failures: 1, last_failure_at: now, blocked_until: null })
    .onConflict((conflict) =>
      conflict.column('key').doUpdateSet({
        failures: sql<number>`case when login_throttle.last_failure_at < ${windowStart} then 1 else login_throttle.failures + 1 end`,
        last_failure_at: now,
      }),
    )
    .returning('failures')
    .executeTakeFirstOrThrow();
  return row.failures;
}

export async function blockUntil(db: Kysely<AuthDb>, key: string, until: Date): Promise<void> {
  await db.updateTable('login_throttle').set({ blocked_until: until }).where('key', '=', key).execute();
}

export async function resetThrottle(db: Kysely<AuthDb>, key: string): Promise<void> {
  await db.deleteFrom('login_throttle').where('key', '=', key).execute();
}

/**
 * Claims the right to verify one attempt for `key` until `leaseUntil`; false when another attempt holds it.
 * The lease expires by itself, so a crashed request cannot lock an account.
 */
export async function claimAttempt(db: Kysely<AuthDb>, key: string, now: Date, leaseUntil: Date): Promise<boolean> {
  const row = await db
    .insertInto('login_throttle')
    .values({ key, failures: 0, last_failure_at: now, blocked_until: null, in_flight_until: leaseUntil })
    .onConflict((conflict) =>
      conflict
        .column('key')
        .doUpdateSet({ in_flight_until: leaseUntil })
        .where((eb) => eb.or([eb('login_throttle.in_flight_until', 'is', null), eb('login_throttle.in_flight_until', '<', now)])),
    )
    .returning('key')
    .executeTakeFirst();
  return row !== undefined;
}

export async function releaseAttempt(db: Kysely<AuthDb>, key: string): Promise<void> {
  await db.updateTable('login_throttle').set({ in_flight_until: null }).where('key', '=', key).execute();
}
