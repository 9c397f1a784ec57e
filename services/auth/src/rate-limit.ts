import type { Kysely } from 'kysely';
import { blockUntil, countFailure, findBlockedUntil } from './db/login-throttle.js';
import type { AuthDb } from './db/schema.js';
import { retryAfterSeconds } from './domain/login-throttle.js';

/**
 * Counts one use of `key` (in the login throttle table, so every instance shares the count) and answers the
 * seconds to wait once `limit` uses fell into one `windowMs`; undefined while the use is allowed.
 */
export async function rateLimit(db: Kysely<AuthDb>, key: string, limit: number, windowMs: number, now: Date): Promise<{ retryAfterS: number } | undefined> {
  const blockedUntil = await findBlockedUntil(db, [key], now);
  if (blockedUntil) return { retryAfterS: retryAfterSeconds(blockedUntil, now) };
  const count = await countFailure(db, key, now, windowMs);
  if (count >= limit) await blockUntil(db, key, new Date(now.getTime() + windowMs));
  return undefined;
}
