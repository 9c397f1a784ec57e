import { type Kysely, sql, type Transaction } from 'kysely';
import type { ChartName } from '../domain/chart.js';
import { NotSetUpError } from '../errors.js';
import type { FinanceDb } from './schema.js';

export interface SettingsRow {
  chart: ChartName;
  base_currency: string;
  created_at: Date;
  created_by: string;
}

export async function findSettings(db: Kysely<FinanceDb>, tenantId: string): Promise<SettingsRow | undefined> {
  return db.selectFrom('ledger_settings').select(['chart', 'base_currency', 'created_at', 'created_by']).where('tenant_id', '=', tenantId).executeTakeFirst();
}

/** The tenant's settings; throws FIN_NOT_SET_UP before the set-up. */
export async function getSettings(db: Kysely<FinanceDb>, tenantId: string): Promise<SettingsRow> {
  const settings = await findSettings(db, tenantId);
  if (!settings) throw new NotSetUpError();
  return settings;
}

/**
 * Serialises changes to the shape of the tenant's chart (set-up, account hierarchy) with a transaction-scoped
 * advisory lock; the runtime role may not lock the settings row itself, as it has no right to update it.
 */
export async function lockChart(trx: Transaction<FinanceDb>, tenantId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`finance.chart:${tenantId}`}, 0))`.execute(trx);
}

export async function insertSettings(trx: Transaction<FinanceDb>, tenantId: string, chart: ChartName, createdBy: string): Promise<void> {
  await trx.insertInto('ledger_settings').values({ tenant_id: tenantId, chart, created_by: createdBy }).execute();
}
