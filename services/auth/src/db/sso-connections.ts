import type { Kysely, Selectable, Transaction } from 'kysely';
import type { SsoConnectionTable, SsoDb } from './sso-schema.js';

/** A tenant's identity provider as stored; the client secret is still sealed. */
export type SsoConnectionRow = Selectable<SsoConnectionTable>;

export async function findSsoConnection(db: Kysely<SsoDb>, tenantId: string): Promise<SsoConnectionRow | undefined> {
  return db.selectFrom('sso_connection').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst();
}

/** Inserts or replaces the tenant's connection. */
export async function upsertSsoConnection(trx: Transaction<SsoDb>, row: SsoConnectionRow): Promise<void> {
  const values = { ...row, role_mappings: JSON.stringify(row.role_mappings) };
  const { tenant_id: _tenantId, ...changes } = values;
  await trx
    .insertInto('sso_connection')
    .values(values)
    .onConflict((conflict) => conflict.column('tenant_id').doUpdateSet(changes))
    .execute();
}

/** Deletes the tenant's connection and its started logins; tells whether there was one. */
export async function deleteSsoConnection(trx: Transaction<SsoDb>, tenantId: string): Promise<boolean> {
  await trx.deleteFrom('sso_flow').where('tenant_id', '=', tenantId).execute();
  const result = await trx.deleteFrom('sso_connection').where('tenant_id', '=', tenantId).executeTakeFirst();
  return result.numDeletedRows > 0n;
}
