import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { ValuationMethod } from '../domain/valuation.js';
import type { CoreDb, InventorySettingsTable } from './schema.js';

/** A tenant's inventory settings as the API shows them. */
export interface InventorySettings {
  valuation_method: ValuationMethod;
  currency: string;
  version: number;
  updated_at: string | null;
}

/** What a tenant that never saved settings (and never moved stock) works with. */
export const DEFAULT_SETTINGS: InventorySettings = { valuation_method: 'moving_average', currency: 'EUR', version: 1, updated_at: null };

function settingsRowToSettings(row: Selectable<InventorySettingsTable>): InventorySettings {
  return { valuation_method: row.valuation_method, currency: row.currency, version: row.version, updated_at: row.updated_at.toISOString() };
}

export async function findSettings(db: Kysely<CoreDb>, tenantId: string): Promise<InventorySettings> {
  const row = await db.selectFrom('inventory_settings').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst();
  return row ? settingsRowToSettings(row) : DEFAULT_SETTINGS;
}

/**
 * The settings, written with the defaults if the tenant has none yet, locked until the transaction ends:
 * `share` for a movement (many may run at once), `update` for a change, which so waits for running movements
 * and makes later ones wait for it.
 */
export async function lockSettings(trx: Transaction<CoreDb>, tenantId: string, mode: 'share' | 'update'): Promise<InventorySettings> {
  await trx
    .insertInto('inventory_settings')
    .values({ tenant_id: tenantId })
    .onConflict((conflict) => conflict.column('tenant_id').doNothing())
    .execute();
  const query = trx.selectFrom('inventory_settings').selectAll().where('tenant_id', '=', tenantId);
  const row = await (mode === 'update' ? query.forUpdate() : query.forShare()).executeTakeFirstOrThrow();
  return settingsRowToSettings(row);
}

export async function updateSettings(
  trx: Transaction<CoreDb>,
  tenantId: string,
  fields: { valuation_method: ValuationMethod; currency: string },
): Promise<void> {
  await trx
    .updateTable('inventory_settings')
    .set({ ...fields, version: sql<number>`version + 1`, updated_at: sql<Date>`now()` })
    .where('tenant_id', '=', tenantId)
    .execute();
}

/** Whether the tenant has moved any stock yet. */
export async function hasMovements(db: Kysely<CoreDb>, tenantId: string): Promise<boolean> {
  return (await db.selectFrom('stock_movement').select('id').where('tenant_id', '=', tenantId).limit(1).executeTakeFirst()) !== undefined;
}
