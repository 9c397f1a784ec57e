import type { Selectable, Transaction } from 'kysely';
import type { AiDb, ModelJson, ProviderConfigTable } from './schema.js';

export type ProviderConfigRow = Selectable<ProviderConfigTable>;

export interface ProviderConfigInput {
  tenant_id: string;
  name: string;
  kind: ProviderConfigRow['kind'];
  base_url: string | null;
  api_key_sealed: string | null;
  timeout_ms: number;
  max_concurrency: number;
  models: ModelJson[];
}

export async function listProviderConfigs(trx: Transaction<AiDb>, tenantId: string): Promise<ProviderConfigRow[]> {
  return trx.selectFrom('provider_config').selectAll().where('tenant_id', '=', tenantId).orderBy('name').execute();
}

export async function findProviderConfig(trx: Transaction<AiDb>, tenantId: string, name: string): Promise<ProviderConfigRow | undefined> {
  return trx.selectFrom('provider_config').selectAll().where('tenant_id', '=', tenantId).where('name', '=', name).executeTakeFirst();
}

/** Inserts or replaces a provider; returns the stored row. */
export async function upsertProviderConfig(trx: Transaction<AiDb>, input: ProviderConfigInput, now: Date): Promise<ProviderConfigRow> {
  const values = { ...input, models: JSON.stringify(input.models), created_at: now, updated_at: now };
  const { created_at: _createdAt, tenant_id: _tenantId, name: _name, ...changes } = values;
  return trx
    .insertInto('provider_config')
    .values(values)
    .onConflict((conflict) => conflict.columns(['tenant_id', 'name']).doUpdateSet(changes))
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function deleteProviderConfig(trx: Transaction<AiDb>, tenantId: string, name: string): Promise<boolean> {
  const result = await trx.deleteFrom('provider_config').where('tenant_id', '=', tenantId).where('name', '=', name).executeTakeFirst();
  return result.numDeletedRows > 0n;
}
