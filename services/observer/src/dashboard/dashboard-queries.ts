import type { Kysely } from 'kysely';
import type { IncidentRow } from '../db/incidents.js';
import type { ObserverDb, ServicePointTable, StoredBreach } from '../db/schema.js';
import { servicePointRowToPoint } from '../db/service-points.js';
import type { ServicePoint } from '../domain/service-point.js';

// Queries of the dashboard and its stream. They read the tables the collector writes, so a dashboard served by
// an observer that does not hold the collector lease shows the same as one served by the holder.

type Resolution = ServicePointTable['resolution'];

/** The points of every service at `resolution` with `from <= at <= to`, oldest first, in one query. */
export async function findPointsOfAllServices(
  db: Kysely<ObserverDb>,
  resolution: Resolution,
  from: Date,
  to: Date,
): Promise<Map<string, { atMs: number; point: ServicePoint }[]>> {
  const rows = await db
    .selectFrom('service_point')
    .selectAll()
    .where('resolution', '=', resolution)
    .where('at', '>=', from)
    .where('at', '<=', to)
    .orderBy('service')
    .orderBy('at')
    .execute();
  const byService = new Map<string, { atMs: number; point: ServicePoint }[]>();
  for (const row of rows) {
    const list = byService.get(row.service) ?? [];
    list.push({ atMs: row.at.getTime(), point: servicePointRowToPoint(row) });
    byService.set(row.service, list);
  }
  return byService;
}

/** The time of the newest collection round, or undefined before the first. */
export async function findLatestRoundMs(db: Kysely<ObserverDb>): Promise<number | undefined> {
  const row = await db
    .selectFrom('service_point')
    .select((eb) => eb.fn.max('at').as('at'))
    .where('resolution', '=', 'raw')
    .executeTakeFirst();
  return row?.at ? new Date(row.at).getTime() : undefined;
}

export interface RoundPoint {
  readonly service: string;
  readonly atMs: number;
  readonly point: ServicePoint;
  readonly breaches: readonly StoredBreach[];
}

/**
 * The service points of the collection rounds after `afterMs`, oldest first: at most `roundsMax` rounds,
 * and never part of one (a round's points share their `at`).
 */
export async function findRoundsAfter(db: Kysely<ObserverDb>, afterMs: number, roundsMax: number): Promise<RoundPoint[]> {
  const times = await db
    .selectFrom('service_point')
    .select('at')
    .where('resolution', '=', 'raw')
    .where('at', '>', new Date(afterMs))
    .groupBy('at')
    .orderBy('at')
    .limit(roundsMax)
    .execute();
  const last = times.at(-1);
  if (!last) return [];
  const rows = await db
    .selectFrom('service_point')
    .selectAll()
    .where('resolution', '=', 'raw')
    .where('at', '>', new Date(afterMs))
    .where('at', '<=', last.at)
    .orderBy('at')
    .orderBy('service')
    .execute();
  return rows.map((row) => ({ service: row.service, atMs: row.at.getTime(), point: servicePointRowToPoint(row), breaches: row.breaches ?? [] }));
}

/** Incidents opened or resolved in `(afterMs, untilMs]`. */
export async function findIncidentChanges(db: Kysely<ObserverDb>, afterMs: number, untilMs: number): Promise<IncidentRow[]> {
  const after = new Date(afterMs);
  const until = new Date(untilMs);
  return db
    .selectFrom('incident')
    .selectAll()
    .where((eb) =>
      eb.or([eb.and([eb('opened_at', '>', after), eb('opened_at', '<=', until)]), eb.and([eb('resolved_at', '>', after), eb('resolved_at', '<=', until)])]),
    )
    .orderBy('opened_at')
    .orderBy('id')
    .execute();
}
