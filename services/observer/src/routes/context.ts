import type { Kysely } from 'kysely';
import type { ObserverDb } from '../db/schema.js';
import type { ConfigSource } from '../observer-config/config-source.js';

/** What every route plugin of the observer receives as `{ context }`. */
export interface RouteContext {
  readonly db: Kysely<ObserverDb>;
  readonly source: ConfigSource;
  readonly memoryLimitMb: number;
  /** Raw polls older than this are gone; series over older ranges read the rollups. */
  readonly rawRetentionMs: number;
  readonly now: () => Date;
}

export interface RouteOptions {
  context: RouteContext;
}

/** Instances and services not polled for this long are no longer shown as current. */
export function recentWindowMs(intervalMs: number): number {
  return Math.max(3 * intervalMs, 30_000);
}
