import { type Kysely, sql, type Transaction } from 'kysely';
import type { CredentialDb, MfaChallengeTable, UserMfaTable } from './credential-schema.js';

export type UserMfaRow = Omit<UserMfaTable, 'created_at'>;
export type MfaChallengeRow = Omit<MfaChallengeTable, 'failures'> & { failures: number };

/** Locks the user's authenticator row, so two codes checked at once cannot both use the same step. */
export async function lockUserMfa(trx: Transaction<CredentialDb>, tenantId: string, userId: string): Promise<UserMfaRow | undefined> {
  return trx
    .selectFrom('user_mfa')
    .select(['tenant_id', 'user_id', 'secret_sealed', 'confirmed_at', 'last_used_step'])
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .forUpdate()
    .executeTakeFirst();
}

export async function findUserMfa(db: Kysely<CredentialDb>, tenantId: string, userId: string): Promise<UserMfaRow | undefined> {
  return db
    .selectFrom('user_mfa')
    .select(['tenant_id', 'user_id', 'secret_sealed', 'confirmed_at', 'last_used_step'])
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

/** Starts (or restarts) a pending enrolment with a new sealed secret. */
export async function upsertPendingMfa(trx: Transaction<CredentialDb>, tenantId: string, userId: string, secretSealed: string, now: Date): Promise<void> {
  await trx
    .insertInto('user_mfa')
    .values({ tenant_id: tenantId, user_id: userId, secret_sealed: secretSealed, confirmed_at: null, last_used_step: null, created_at: now })
    .onConflict((conflict) => conflict.columns(['tenant_id', 'user_id']).doUpdateSet({ secret_sealed: secretSealed, last_used_step: null, created_at: now }))
    .execute();
}

/** Records the step of an accepted code; confirms a pending enrolment at the same time when `confirm` is set. */
export async function markStepUsed(trx: Transaction<CredentialDb>, tenantId: string, userId: string, step: number, confirmAt: Date | undefined): Promise<void> {
  await trx
    .updateTable('user_mfa')
    .set({ last_used_step: step, ...(confirmAt ? { confirmed_at: confirmAt } : {}) })
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .execute();
}

export async function deleteUserMfa(trx: Transaction<CredentialDb>, tenantId: string, userId: string): Promise<void> {
  await trx.deleteFrom('user_mfa').where('tenant_id', '=', tenantId).where('user_id', '=', userId).execute();
}

/** Replaces the user's recovery codes with `hashes`. */
export async function replaceRecoveryCodes(trx: Transaction<CredentialDb>, tenantId: string, userId: string, hashes: readonly string[]): Promise<void> {
  await trx.deleteFrom('mfa_recovery_code').where('tenant_id', '=', tenantId).where('user_id', '=', userId).execute();
  await trx
    .insertInto('mfa_recovery_code')
    .values(hashes.map((codeHash) => ({ tenant_id: tenantId, user_id: userId, code_hash: codeHash, used_at: null })))
    .execute();
}

/** Spends the unused recovery code of `hash`; false when there is none. */
export async function spendRecoveryCode(trx: Transaction<CredentialDb>, tenantId: string, userId: string, hash: string, now: Date): Promise<boolean> {
  const row = await trx
    .updateTable('mfa_recovery_code')
    .set({ used_at: now })
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .where('code_hash', '=', hash)
    .where('used_at', 'is', null)
    .returning('code_hash')
    .executeTakeFirst();
  return row !== undefined;
}

export async function countUnusedRecoveryCodes(trx: Kysely<CredentialDb>, tenantId: string, userId: string): Promise<number> {
  const row = await trx
    .selectFrom('mfa_recovery_code')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}

/** Adds a challenge and drops the user's expired ones, so abandoned logins do not pile up. */
export async function insertChallenge(trx: Transaction<CredentialDb>, row: Omit<MfaChallengeRow, 'failures' | 'used_at'>, now: Date): Promise<void> {
  await trx.deleteFrom('mfa_challenge').where('tenant_id', '=', row.tenant_id).where('user_id', '=', row.user_id).where('expires_at', '<', now).execute();
  await trx
    .insertInto('mfa_challenge')
    .values({ ...row, used_at: null })
    .execute();
}

export async function findChallenge(trx: Transaction<CredentialDb>, tenantId: string, tokenHash: string): Promise<MfaChallengeRow | undefined> {
  return trx
    .selectFrom('mfa_challenge')
    .select(['tenant_id', 'id', 'token_hash', 'user_id', 'failures', 'expires_at', 'used_at'])
    .where('tenant_id', '=', tenantId)
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
}

export async function countChallengeFailure(trx: Transaction<CredentialDb>, tenantId: string, id: string): Promise<void> {
  await trx.updateTable('mfa_challenge').set({ failures: sql<number>`failures + 1` }).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

/** Spends the challenge; false when a parallel request spent it first. */
export async function spendChallenge(trx: Kysely<CredentialDb>, tenantId: string, id: string, now: Date): Promise<boolean> {
  const row = await trx
    .updateTable('mfa_challenge')
    .set({ used_at: now })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}
