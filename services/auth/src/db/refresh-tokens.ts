import type { Transaction } from 'kysely';
import type { AuthDb, RefreshTokenTable } from './schema.js';

export type RefreshTokenRow = Omit<RefreshTokenTable, 'created_at'>;

export async function insertRefreshToken(trx: Transaction<AuthDb>, row: RefreshTokenRow): Promise<void> {
  await trx.insertInto('refresh_token').values(row).execute();
}

/** Locks the token row of `tokenHash`, so two concurrent refreshes with it cannot both succeed. */
export async function lockRefreshToken(trx: Transaction<AuthDb>, tenantId: string, tokenHash: string): Promise<RefreshTokenRow | undefined> {
  return trx
    .selectFrom('refresh_token')
    .select(['tenant_id', 'id', 'token_hash', 'user_id', 'family_id', 'rotated_from', 'expires_at', 'used_at', 'revoked_at'])
    .where('tenant_id', '=', tenantId)
    .where('token_hash', '=', tokenHash)
    .forUpdate()
    .executeTakeFirst();
}

export async function markUsed(trx: Transaction<AuthDb>, tenantId: string, id: string, now: Date): Promise<void> {
  await trx.updateTable('refresh_token').set({ used_at: now }).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

/** Revokes every live token of a family (one login and all its rotations). */
export async function revokeFamily(trx: Transaction<AuthDb>, tenantId: string, familyId: string, now: Date): Promise<void> {
  await trx
    .updateTable('refresh_token')
    .set({ revoked_at: now })
    .where('tenant_id', '=', tenantId)
    .where('family_id', '=', familyId)
    .where('revoked_at', 'is', null)
    .execute();
}

/** Revokes every live token of a user, e.g. when the user is disabled. */
export async function revokeUserTokens(trx: Transaction<AuthDb>, tenantId: string, userId: string, now: Date): Promise<void> {
  await trx
    .updateTable('refresh_token')
    .set({ revoked_at: now })
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .execute();
}
