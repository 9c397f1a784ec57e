import type { ObserverConfig } from '@erp/contracts';
import type { Transaction } from 'kysely';
import { type IncidentRow, openIncident, resolveIncident, touchOpenIncidents } from '../db/incidents.js';
import { insertPoll } from '../db/polls.js';
import type { ObserverDb } from '../db/schema.js';
import type { TrackerStep } from '../domain/incident-tracker.js';
import type { PollOutcome } from './assemble.js';

export interface RecordedChanges {
  readonly opened: readonly IncidentRow[];
  readonly resolved: readonly IncidentRow[];
}

/**
 * Stores a poll and the incidents it opens and resolves in one transaction: either all of it is recorded, or
 * nothing is and the caller keeps its previous incident state. Each opened incident writes its event here too.
 */
export async function recordPoll(trx: Transaction<ObserverDb>, outcome: PollOutcome, step: TrackerStep, config: ObserverConfig): Promise<RecordedChanges> {
  const at = new Date(outcome.atMs);
  await insertPoll(trx, outcome);
  const opened: IncidentRow[] = [];
  for (const breach of step.opened) {
    const context = { at, consecutiveIntervals: config.alerts.critical_after, notify: config.alerts.notify };
    const row = await openIncident(trx, breach, context);
    if (row) opened.push(row);
  }
  const resolved: IncidentRow[] = [];
  for (const key of step.resolved) {
    const row = await resolveIncident(trx, key, at, `clear for ${config.alerts.critical_after} consecutive intervals`);
    if (row) resolved.push(row);
  }
  await touchOpenIncidents(trx, step.breaching);
  return { opened, resolved };
}
