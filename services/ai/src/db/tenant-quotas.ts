import type { Selectable, Transaction } from 'kysely';
import type { AiDb, TenantQuotaTable } from './schema.js';

export type TenantQuotaRow = Selectable<TenantQuotaTable>;
export type TenantQuotaInput = Omit<TenantQuotaRow, 'updated_at'>;

export async function findTenantQuota(trx: Transaction<AiDb>, tenantId: string): Promise<TenantQuotaRow | undefined> {
  return trx.selectFrom('tenant_quota').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst();
}

export async function upsertTenantQuota(trx: Transaction<AiDb>, input: TenantQuotaInput, now: Date): Promise<TenantQuotaRow> {
  const { tenant_id: _tenantId, ...changes } = input;
  return trx
    .insertInto('tenant_quota')
    .values({ ...input, updated_at: now })
    .onConflict((conflict) => conflict.column('tenant_id').doUpdateSet({ ...changes, updated_at: now }))
    .returningAll()
    .executeTakeFirstOrThrow();
}
