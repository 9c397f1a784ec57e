import type { ColumnType, Kysely, Transaction } from 'kysely';
import type { AuthDb } from './schema.js';

export interface UserMfaTable {
  tenant_id: string;
  user_id: string;
  secret_sealed: string;
  confirmed_at: Date | null;
  last_used_step: number | null;
  created_at: ColumnType<Date, Date | undefined, Date>;
}

export interface MfaRecoveryCodeTable {
  tenant_id: string;
  user_id: string;
  code_hash: string;
  used_at: Date | null;
}

export interface MfaChallengeTable {
  tenant_id: string;
  id: string;
  token_hash: string;
  user_id: string;
  failures: ColumnType<number, number | undefined, number>;
  expires_at: Date;
  used_at: Date | null;
}

export interface ApiCredentialTable {
  tenant_id: string;
  id: string;
  kind: 'api_key' | 'client';
  name: string;
  permissions: string[];
  secret_hash: string;
  created_by: string;
  created_at: ColumnType<Date, Date | undefined, never>;
  expires_at: Date | null;
  revoked_at: Date | null;
  last_used_at: Date | null;
}

/** The auth schema with the tables of the second factor (TOTP, recovery codes, login challenges) and of API keys and OAuth clients. */
export interface CredentialDb extends AuthDb {
  user_mfa: UserMfaTable;
  mfa_recovery_code: MfaRecoveryCodeTable;
  mfa_challenge: MfaChallengeTable;
  api_credential: ApiCredentialTable;
}

/**
 * The same connection seen with the MFA and API credential tables. They are typed apart from `AuthDb` so these
 * features stay in their own files; the cast adds tables and changes nothing at run time.
 */
export function toCredentialDb(db: Kysely<AuthDb>): Kysely<CredentialDb> {
  return db as unknown as Kysely<CredentialDb>;
}

/** {@link toCredentialDb} for a transaction, so one `withTenant` transaction can use both views. */
export function toCredentialTransaction(trx: Transaction<AuthDb>): Transaction<CredentialDb> {
  return trx as unknown as Transaction<CredentialDb>;
}
