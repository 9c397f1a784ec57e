import type { Kysely } from 'kysely';
import type { ObserverDb } from './schema.js';

/** How long each kind of row is kept. */
export interface Retention {
  readonly rawMs: number;
  readonly minuteRollupMs: number;
  readonly hourRollupMs: number;
  readonly reportMs: number;
}

export interface PruneResult {
  readonly instanceSamples: number;
  readonly servicePoints: number;
  readonly routePoints: number;
  readonly reports: number;
}

/** Deletes rows past their retention; resolved incidents stay as long as the hourly rollups. */
export async function pruneExpired(db: Kysely<ObserverDb>, now: Date, retention: Retention): Promise<PruneResult> {
  const before = (ms: number) => new Date(now.getTime() - ms);
  const count = (result: { numDeletedRows: bigint }) => Number(result.numDeletedRows);
  const instanceSamples = await db.deleteFrom('instance_sample').where('at', '<', before(retention.rawMs)).executeTakeFirst();
  const routePoints = await db.deleteFrom('route_point').where('at', '<', before(retention.rawMs)).executeTakeFirst();
  let servicePoints = 0;
  for (const [resolution, ms] of [
    ['raw', retention.rawMs],
    ['1m', retention.minuteRollupMs],
    ['1h', retention.hourRollupMs],
  ] as const) {
    servicePoints += count(await db.deleteFrom('service_point').where('resolution', '=', resolution).where('at', '<', before(ms)).executeTakeFirst());
  }
  await db.deleteFrom('incident').where('resolved_at', '<', before(retention.hourRollupMs)).execute();
  const reports = await db.deleteFrom('optimization_report').where('created_at', '<', before(retention.reportMs)).executeTakeFirst();
  return { instanceSamples: count(instanceSamples), servicePoints, routePoints: count(routePoints), reports: count(reports) };
}
