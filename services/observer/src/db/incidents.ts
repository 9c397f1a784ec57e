import { randomUUID } from 'node:crypto';
import { OBSERVER_EVENT_TYPES, type ObserverThresholdBreachedV1 } from '@erp/contracts';
import { writeEvent } from '@erp/kit';
import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { Evaluation } from '../domain/judge.js';
import type { IncidentTable, ObserverDb } from './schema.js';

export type IncidentRow = Selectable<IncidentTable>;

const EVENT_SOURCE = '/erp/observer';

/**
 * Opens an incident and writes `erp.observer.threshold.breached.v1` to the outbox in the same transaction.
 * When the subject already has an open incident nothing is written and `undefined` is returned, so neither
 * the incident nor its event can exist twice.
 */
export async function openIncident(
  trx: Transaction<ObserverDb>,
  breach: Evaluation,
  context: { at: Date; consecutiveIntervals: number; notify: { channel: string; to: string } },
): Promise<IncidentRow | undefined> {
  const id = randomUUID();
  const row = await trx
    .insertInto('incident')
    .values({
      id,
      subject_key: breach.key,
      service: breach.service,
      instance_url: breach.instanceUrl,
      metric: breach.metric,
      route: breach.route,
      opened_at: context.at,
      consecutive_intervals: context.consecutiveIntervals,
      threshold: breach.threshold,
      value_at_open: breach.value,
      last_value: breach.value,
      peak_value: breach.value,
      detail: breach.detail,
    })
    .onConflict((conflict) => conflict.column('subject_key').where('resolved_at', 'is', null).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!row) return undefined;
  const data: ObserverThresholdBreachedV1 = {
    incident_id: id,
    service: breach.service,
    instance_url: breach.instanceUrl,
    metric: breach.metric,
    route: breach.route,
    value: breach.value,
    threshold: breach.threshold,
    consecutive_intervals: context.consecutiveIntervals,
    opened_at: context.at.toISOString(),
    detail: breach.detail.slice(0, 500),
    notify: context.notify,
  };
  const eventId = await writeEvent(trx, { type: OBSERVER_EVENT_TYPES.thresholdBreached, subject: id, data }, { source: EVENT_SOURCE });
  return trx.updateTable('incident').set({ event_id: eventId }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

/** Resolves the open incident of `subjectKey`; returns it, or `undefined` when none was open. */
export async function resolveIncident(trx: Transaction<ObserverDb>, subjectKey: string, at: Date, detail: string): Promise<IncidentRow | undefined> {
  return trx
    .updateTable('incident')
    .set({ resolved_at: at, resolution_detail: detail })
    .where('subject_key', '=', subjectKey)
    .where('resolved_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

/** Records the current value of open incidents still in breach, and their peak. */
export async function touchOpenIncidents(trx: Transaction<ObserverDb>, breaches: readonly Evaluation[]): Promise<void> {
  for (const breach of breaches) {
    if (breach.value === null) continue;
    await trx
      .updateTable('incident')
      .set({ last_value: breach.value, peak_value: sql<number>`greatest(peak_value, ${breach.value})` })
      .where('subject_key', '=', breach.key)
      .where('resolved_at', 'is', null)
      .execute();
  }
}

/** The subject keys of every open incident. */
export async function findOpenIncidentKeys(db: Kysely<ObserverDb>): Promise<string[]> {
  const rows = await db.selectFrom('incident').select('subject_key').where('resolved_at', 'is', null).execute();
  return rows.map((row) => row.subject_key);
}

/** The number of open incidents per service. */
export async function countOpenIncidents(db: Kysely<ObserverDb>): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('incident')
    .select(['service', (eb) => eb.fn.countAll<string>().as('open')])
    .where('resolved_at', 'is', null)
    .groupBy('service')
    .execute();
  return new Map(rows.map((row) => [row.service, Number(row.open)]));
}

export interface IncidentFilter {
  readonly status?: 'open' | 'resolved' | undefined;
  readonly service?: string | undefined;
  readonly limit: number;
  /** Continue after this incident (newest first). */
  readonly after?: { openedAt: Date; id: string } | undefined;
}

/** Incidents, newest first. */
export async function listIncidents(db: Kysely<ObserverDb>, filter: IncidentFilter): Promise<IncidentRow[]> {
  let query = db.selectFrom('incident').selectAll().orderBy('opened_at', 'desc').orderBy('id', 'desc').limit(filter.limit);
  if (filter.status === 'open') query = query.where('resolved_at', 'is', null);
  if (filter.status === 'resolved') query = query.where('resolved_at', 'is not', null);
  if (filter.service) query = query.where('service', '=', filter.service);
  const after = filter.after;
  if (after)
    query = query.where((eb) => eb.or([eb('opened_at', '<', after.openedAt), eb.and([eb('opened_at', '=', after.openedAt), eb('id', '<', after.id)])]));
  return query.execute();
}
