import { randomUUID } from 'node:crypto';
import { withTenant } from '@erp/kit';
import {
  type ApiCredential,
  type ApiCredentialRow,
  type CredentialKind,
  credentialRowToCredential,
  findCredentialBySecret,
  insertCredential,
  listCredentials,
  revokeCredential,
  touchCredential,
} from './db/api-credentials.js';
import { appendAudit } from './db/audit-log.js';
import { toCredentialTransaction } from './db/credential-schema.js';
import { permissionsBeyond, unknownPermissions } from './domain/permissions.js';
import { ApiCredentialNotFoundError, ExpiryInvalidError, PermissionDeniedError, UnknownPermissionError } from './errors.js';
import type { RouteContext } from './routes/context.js';
import { newTenantToken, parseTenantToken } from './session.js';
import type { Actor } from './user-admin.js';

export type { ApiCredential, CredentialKind } from './db/api-credentials.js';

// A recognisable prefix lets secret scanners (and people) tell a leaked key from random text.
const SECRET_PREFIX: Record<CredentialKind, string> = { api_key: 'erp_ak_', client: 'erp_cs_' };

export interface CredentialInput {
  readonly name: string;
  readonly permissions: readonly string[];
  readonly expiresAt: Date | null;
}

/**
 * A new secret `<prefix><tenant id>.<256 random bits>` and the hash stored for it. SHA-256 suffices where
 * passwords need argon2: a slow hash only helps against guessing a low-entropy secret, and 256 random bits
 * cannot be guessed; a slow hash would instead make every token exchange cost tens of milliseconds of CPU.
 */
function newSecret(kind: CredentialKind, tenantId: string): { secret: string; hash: string } {
  const secret = `${SECRET_PREFIX[kind]}${newTenantToken(tenantId)}`;
  const parsed = parseTenantToken(secret.slice(SECRET_PREFIX[kind].length));
  if (!parsed) throw new Error('A freshly made secret must parse');
  return { secret, hash: parsed.hash };
}

function assertGrantable(actor: Actor, input: CredentialInput, now: Date): void {
  const unknown = unknownPermissions(input.permissions);
  if (unknown.length > 0) throw new UnknownPermissionError(unknown);
  const [beyond] = permissionsBeyond(input.permissions, actor.principal.permissions);
  if (beyond) throw new PermissionDeniedError(beyond);
  if (input.expiresAt && input.expiresAt <= now) throw new ExpiryInvalidError();
}

/** Creates an API key or OAuth client with permissions the actor holds; the secret is returned this once only. */
export async function createCredential(
  context: RouteContext,
  actor: Actor,
  kind: CredentialKind,
  input: CredentialInput,
  now: Date,
): Promise<{ credential: ApiCredential; secret: string }> {
  assertGrantable(actor, input, now);
  const { tenantId, userId } = actor.principal;
  const { secret, hash } = newSecret(kind, tenantId);
  const row: Omit<ApiCredentialRow, 'revoked_at' | 'last_used_at'> = {
    tenant_id: tenantId,
    id: randomUUID(),
    kind,
    name: input.name,
    permissions: [...input.permissions].sort(),
    secret_hash: hash,
    created_by: userId,
    created_at: now,
    expires_at: input.expiresAt,
  };
  await withTenant(context.db, tenantId, async (trx) => {
    await insertCredential(toCredentialTransaction(trx), row);
    await appendAudit(trx, {
      tenantId,
      actorId: userId,
      action: `${kind}.created`,
      details: { id: row.id, name: row.name, permissions: row.permissions },
      ip: actor.ip,
    });
  });
  return { credential: credentialRowToCredential({ ...row, revoked_at: null, last_used_at: null }), secret };
}

export async function listTenantCredentials(context: RouteContext, tenantId: string, kind: CredentialKind): Promise<ApiCredential[]> {
  const rows = await withTenant(context.db, tenantId, (trx) => listCredentials(toCredentialTransaction(trx), tenantId, kind));
  return rows.map(credentialRowToCredential);
}

/** Revokes a credential of the actor's tenant; tokens it already issued live out their short lifetime. */
export async function revokeTenantCredential(context: RouteContext, actor: Actor, kind: CredentialKind, id: string, now: Date): Promise<void> {
  const { tenantId, userId } = actor.principal;
  await withTenant(context.db, tenantId, async (trx) => {
    const row = await revokeCredential(toCredentialTransaction(trx), tenantId, kind, id, now);
    if (!row) throw new ApiCredentialNotFoundError(id);
    await appendAudit(trx, { tenantId, actorId: userId, action: `${kind}.revoked`, details: { id, name: row.name }, ip: actor.ip });
  });
}

/** The live (not revoked, not expired) credential of `kind` whose secret is `secret`, marked as used now. */
export async function findUsableCredential(context: RouteContext, kind: CredentialKind, secret: string, now: Date): Promise<ApiCredentialRow | undefined> {
  const prefix = SECRET_PREFIX[kind];
  const parsed = secret.startsWith(prefix) ? parseTenantToken(secret.slice(prefix.length)) : undefined;
  if (!parsed) return undefined;
  return withTenant(context.db, parsed.tenantId, async (trx) => {
    const row = await findCredentialBySecret(toCredentialTransaction(trx), parsed.tenantId, kind, parsed.hash);
    if (!row || row.revoked_at || (row.expires_at && row.expires_at <= now)) return undefined;
    await touchCredential(toCredentialTransaction(trx), parsed.tenantId, row.id, now);
    return row;
  });
}
