import type { Kysely, Transaction } from 'kysely';
import type { ApiCredentialTable, CredentialDb } from './credential-schema.js';

export type ApiCredentialRow = Omit<ApiCredentialTable, 'created_at'> & { created_at: Date };
export type CredentialKind = ApiCredentialTable['kind'];

/** A credential as the API shows it: never the secret or its hash. */
export interface ApiCredential {
  id: string;
  name: string;
  permissions: string[];
  created_by: string;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
}

const COLUMNS = [
  'tenant_id',
  'id',
  'kind',
  'name',
  'permissions',
  'secret_hash',
  'created_by',
  'created_at',
  'expires_at',
  'revoked_at',
  'last_used_at',
] as const;

export function credentialRowToCredential(row: ApiCredentialRow): ApiCredential {
  return {
    id: row.id,
    name: row.name,
    permissions: row.permissions,
    created_by: row.created_by,
    created_at: row.created_at.toISOString(),
    expires_at: row.expires_at?.toISOString() ?? null,
    revoked_at: row.revoked_at?.toISOString() ?? null,
    last_used_at: row.last_used_at?.toISOString() ?? null,
  };
}

export async function insertCredential(trx: Transaction<CredentialDb>, row: Omit<ApiCredentialRow, 'revoked_at' | 'last_used_at'>): Promise<void> {
  await trx
    .insertInto('api_credential')
    .values({ ...row, revoked_at: null, last_used_at: null })
    .execute();
}

/** The tenant's credentials of `kind`, newest first; run inside `withTenant`. */
export async function listCredentials(db: Kysely<CredentialDb>, tenantId: string, kind: CredentialKind): Promise<ApiCredentialRow[]> {
  return db.selectFrom('api_credential').select(COLUMNS).where('tenant_id', '=', tenantId).where('kind', '=', kind).orderBy('created_at', 'desc').execute();
}

/** Revokes the credential (again, harmlessly, if it already is); undefined when the tenant has none of that id. */
export async function revokeCredential(
  trx: Transaction<CredentialDb>,
  tenantId: string,
  kind: CredentialKind,
  id: string,
  now: Date,
): Promise<ApiCredentialRow | undefined> {
  const row = await trx
    .selectFrom('api_credential')
    .select(COLUMNS)
    .where('tenant_id', '=', tenantId)
    .where('kind', '=', kind)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!row || row.revoked_at) return row;
  await trx.updateTable('api_credential').set({ revoked_at: now }).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
  return { ...row, revoked_at: now };
}

export async function findCredentialBySecret(
  db: Kysely<CredentialDb>,
  tenantId: string,
  kind: CredentialKind,
  secretHash: string,
): Promise<ApiCredentialRow | undefined> {
  return db
    .selectFrom('api_credential')
    .select(COLUMNS)
    .where('tenant_id', '=', tenantId)
    .where('kind', '=', kind)
    .where('secret_hash', '=', secretHash)
    .executeTakeFirst();
}

export async function touchCredential(db: Kysely<CredentialDb>, tenantId: string, id: string, now: Date): Promise<void> {
  await db.updateTable('api_credential').set({ last_used_at: now }).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}
