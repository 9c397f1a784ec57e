import type { Transaction } from 'kysely';
import type { AuthDb } from './schema.js';

export async function insertPasswordReset(
  trx: Transaction<AuthDb>,
  row: { tenantId: string; id: string; userId: string; tokenHash: string; expiresAt: Date },
): Promise<void> {
  await trx
    .insertInto('password_reset')
    .values({ tenant_id: row.tenantId, id: row.id, user_id: row.userId, token_hash: row.tokenHash, expires_at: row.expiresAt, used_at: null })
    .execute();
}

/** Locks the reset row of `tokenHash`, so a token cannot be spent twice by concurrent requests. */
export async function lockPasswordReset(trx: Transaction<AuthDb>, tenantId: string, tokenHash: string) {
  return trx
    .selectFrom('password_reset')
    .select(['id', 'user_id', 'expires_at', 'used_at'])
    .where('tenant_id', '=', tenantId)
    .where('token_hash', '=', tokenHash)
    .forUpdate()
    .executeTakeFirst();
}

export async function markResetUsed(trx: Transaction<AuthDb>, tenantId: string, id: string, now: Date): Promise<void> {
  await trx.updateTable('password_reset').set({ used_at: now }).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}
