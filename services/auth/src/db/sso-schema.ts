import type { ColumnType, Kysely, Transaction } from 'kysely';
import type { AuthDb } from './schema.js';

export interface SsoConnectionTable {
  tenant_id: string;
  issuer: string;
  client_id: string;
  client_secret_sealed: string;
  redirect_uri: string;
  ui_redirect_uri: string;
  allowed_domains: string[];
  default_roles: string[];
  role_claim: string | null;
  role_mappings: ColumnType<Array<{ value: string; role: string }>, string, string>;
  auto_provision: boolean;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface SsoFlowTable {
  tenant_id: string;
  id: string;
  state_hash: string;
  nonce: string;
  code_verifier: string;
  created_at: ColumnType<Date, Date | undefined, never>;
  expires_at: Date;
}

export interface SsoHandoffTable {
  tenant_id: string;
  id: string;
  code_hash: string;
  user_id: string;
  created_at: ColumnType<Date, Date | undefined, never>;
  expires_at: Date;
}

/** The auth schema with the single sign-on tables. */
export interface SsoDb extends AuthDb {
  sso_connection: SsoConnectionTable;
  sso_flow: SsoFlowTable;
  sso_handoff: SsoHandoffTable;
}

/**
 * The same connection seen with the SSO tables. They are typed apart from `AuthDb` so that this feature
 * stays in its own files; the cast adds tables and changes nothing at run time.
 */
export function toSsoDb(db: Kysely<AuthDb>): Kysely<SsoDb> {
  return db as unknown as Kysely<SsoDb>;
}

/** The transaction seen without the SSO tables, for the shared user, role, audit and token functions. */
export function toAuthTrx(trx: Transaction<SsoDb>): Transaction<AuthDb> {
  return trx as unknown as Transaction<AuthDb>;
}

/** The connection seen without the SSO tables. */
export function toAuthDb(db: Kysely<SsoDb>): Kysely<AuthDb> {
  return db as unknown as Kysely<AuthDb>;
}
