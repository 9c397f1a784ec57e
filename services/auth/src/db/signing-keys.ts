import { type Kysely, sql, type Transaction } from 'kysely';
import type { AuthDb } from './schema.js';

export interface SigningKeyRow {
  kid: string;
  algorithm: string;
  public_jwk: Record<string, unknown>;
  private_jwk: string;
  created_at: Date;
  retires_at: Date | null;
}

/** The key new tokens are signed with: the newest one not yet retiring. */
export async function findCurrentKey(db: Kysely<AuthDb>): Promise<SigningKeyRow | undefined> {
  return db
    .selectFrom('signing_key')
    .selectAll()
    .where('retires_at', 'is', null)
    .orderBy('created_at', 'desc')
    .orderBy('kid', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Every key whose tokens may still be valid at `now`: the current one and retiring ones not yet past. */
export async function findPublishedKeys(db: Kysely<AuthDb>, now: Date): Promise<SigningKeyRow[]> {
  return db
    .selectFrom('signing_key')
    .selectAll()
    .where((eb) => eb.or([eb('retires_at', 'is', null), eb('retires_at', '>', now)]))
    .orderBy('created_at', 'desc')
    .execute();
}

/** Serialises key creation between instances, so two starting at once do not both create a current key. */
export async function lockSigningKeys(trx: Transaction<AuthDb>): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext('erp_auth_signing_key'))`.execute(trx);
}

export async function insertKey(trx: Transaction<AuthDb>, row: Omit<SigningKeyRow, 'created_at' | 'retires_at'>, now: Date): Promise<void> {
  await trx
    .insertInto('signing_key')
    .values({ ...row, public_jwk: JSON.stringify(row.public_jwk), created_at: now, retires_at: null })
    .execute();
}

/** Marks every current key as retiring at `retiresAt`; they keep verifying until then. */
export async function retireCurrentKeys(trx: Transaction<AuthDb>, retiresAt: Date): Promise<void> {
  await trx.updateTable('signing_key').set({ retires_at: retiresAt }).where('retires_at', 'is', null).execute();
}
