import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { OptimizationReport } from '../domain/report/report-types.js';
import type { ObserverDb } from './schema.js';

export interface StoredReport {
  readonly id: string;
  readonly createdAt: Date;
  readonly report: OptimizationReport;
}

/** Stores a generated report; returns its id. */
export async function insertReport(trx: Transaction<ObserverDb>, report: OptimizationReport): Promise<string> {
  const id = randomUUID();
  await trx
    .insertInto('optimization_report')
    .values({
      id,
      created_at: new Date(report.generated_at),
      window_from: new Date(report.window.from),
      window_to: new Date(report.window.to),
      previous_id: report.previous?.id ?? null,
      body: JSON.stringify(report),
    })
    .execute();
  return id;
}

/** The newest stored report, the base of the next report's changes. */
export async function findLatestReport(db: Kysely<ObserverDb>): Promise<StoredReport | undefined> {
  const row = await db
    .selectFrom('optimization_report')
    .select(['id', 'created_at', 'body'])
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row && { id: row.id, createdAt: row.created_at, report: row.body as unknown as OptimizationReport };
}

export async function findReport(db: Kysely<ObserverDb>, id: string): Promise<StoredReport | undefined> {
  const row = await db.selectFrom('optimization_report').select(['id', 'created_at', 'body']).where('id', '=', id).executeTakeFirst();
  return row && { id: row.id, createdAt: row.created_at, report: row.body as unknown as OptimizationReport };
}

/** Stored reports, newest first, without their bodies. */
export async function listReports(db: Kysely<ObserverDb>, limit: number, before?: { createdAt: Date; id: string }) {
  let query = db
    .selectFrom('optimization_report')
    .select(['id', 'created_at', 'window_from', 'window_to', 'previous_id'])
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit);
  if (before)
    query = query.where((eb) => eb.or([eb('created_at', '<', before.createdAt), eb.and([eb('created_at', '=', before.createdAt), eb('id', '<', before.id)])]));
  return query.execute();
}
