import type { IncidentRow } from '../db/incidents.js';
import type { StoredBreach } from '../db/schema.js';
import type { RoundPoint } from './dashboard-queries.js';
import { type DashboardValues, dashboardValues } from './history.js';

export type ServiceStatus = 'pass' | 'warn' | 'fail';

/** What the stream sends after one collection round: the new point of each service and the incident changes. */
export interface RoundMessage {
  readonly at: string;
  readonly services: readonly {
    readonly name: string;
    readonly status: ServiceStatus;
    readonly open_incidents: number;
    /** Epoch seconds, as the charts' time axis. */
    readonly t: number;
    readonly values: DashboardValues;
    readonly instances_up: number | null;
    readonly breaches: readonly StoredBreach[];
  }[];
  readonly incidents: { readonly opened: readonly IncidentView[]; readonly resolved: readonly IncidentView[] };
}

/** An incident as `GET /incidents` shows it. */
export type IncidentView = Omit<IncidentRow, 'opened_at' | 'resolved_at' | 'subject_key'> & {
  status: 'open' | 'resolved';
  opened_at: string;
  resolved_at: string | null;
};

export function incidentRowToView({ subject_key: _subjectKey, ...row }: IncidentRow): IncidentView {
  return {
    ...row,
    status: row.resolved_at ? 'resolved' : 'open',
    opened_at: row.opened_at.toISOString(),
    resolved_at: row.resolved_at?.toISOString() ?? null,
  };
}

/**
 * Groups the points of several rounds into one message per round, oldest first. An incident belongs to the
 * round at or before which it was opened or resolved (after the round before). A service's status is as the
 * services list shows it: `fail` with an open incident (counted now), `warn` with a breach in that round.
 */
export function toRoundMessages(
  points: readonly RoundPoint[],
  incidents: readonly IncidentRow[],
  openIncidents: ReadonlyMap<string, number>,
  previousRoundMs: number,
): { atMs: number; message: RoundMessage }[] {
  const rounds = new Map<number, RoundPoint[]>();
  for (const point of points) rounds.set(point.atMs, [...(rounds.get(point.atMs) ?? []), point]);
  let afterMs = previousRoundMs;
  return [...rounds.entries()]
    .sort(([a], [b]) => a - b)
    .map(([atMs, roundPoints]) => {
      const inRound = (date: Date | null) => date !== null && date.getTime() > afterMs && date.getTime() <= atMs;
      const message: RoundMessage = {
        at: new Date(atMs).toISOString(),
        services: roundPoints.map(({ service, point, breaches }) => {
          const open = openIncidents.get(service) ?? 0;
          return {
            name: service,
            status: open > 0 ? 'fail' : breaches.length > 0 ? 'warn' : 'pass',
            open_incidents: open,
            t: atMs / 1000,
            values: dashboardValues(point),
            instances_up: point.instancesUp,
            breaches,
          };
        }),
        incidents: {
          opened: incidents.filter((row) => inRound(row.opened_at)).map(incidentRowToView),
          resolved: incidents.filter((row) => inRound(row.resolved_at)).map(incidentRowToView),
        },
      };
      afterMs = atMs;
      return { atMs, message };
    });
}

/** One server-sent event: the round's time (epoch ms) as its id, so a reconnecting client can resume after it. */
export function toServerSentEvent(event: string, data: unknown, id?: number): string {
  return `${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}
