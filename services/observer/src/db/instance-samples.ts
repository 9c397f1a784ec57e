import type { Kysely, Selectable } from 'kysely';
import type { InstanceSampleTable, ObserverDb } from './schema.js';

export type InstanceSampleRow = Selectable<InstanceSampleTable>;

/** The newest sample of every instance polled since `since`, by service then URL. */
export async function findLatestSamples(db: Kysely<ObserverDb>, since: Date): Promise<InstanceSampleRow[]> {
  return db
    .selectFrom('instance_sample')
    .selectAll()
    .distinctOn(['service', 'instance_url'])
    .where('at', '>=', since)
    .orderBy('service')
    .orderBy('instance_url')
    .orderBy('at', 'desc')
    .execute();
}
