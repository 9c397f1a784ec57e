import { withTenant } from '@erp/kit';
import { appendAudit } from '../db/audit-log.js';
import { deleteSsoConnection, findSsoConnection, type SsoConnectionRow, upsertSsoConnection } from '../db/sso-connections.js';
import { toAuthTrx } from '../db/sso-schema.js';
import { SsoNotConfiguredError } from '../errors.js';
import { type Actor, grantableRoleIds } from '../user-admin.js';
import type { SsoDeps } from './sso-deps.js';

/** The settings an administrator sends; `client_secret` is write-only. */
export interface SsoSettingsInput {
  issuer: string;
  client_id: string;
  client_secret: string;
  redirect_uri: string;
  ui_redirect_uri: string;
  allowed_domains: string[];
  default_roles: string[];
  role_claim?: string | undefined;
  role_mappings?: Array<{ value: string; role: string }> | undefined;
  auto_provision: boolean;
}

/** The settings as the API shows them, without the secret. */
export interface SsoSettings extends Omit<SsoSettingsInput, 'client_secret' | 'role_claim' | 'role_mappings'> {
  role_claim: string | null;
  role_mappings: Array<{ value: string; role: string }>;
  updated_at: string;
}

export function connectionRowToSettings(row: SsoConnectionRow): SsoSettings {
  return {
    issuer: row.issuer,
    client_id: row.client_id,
    redirect_uri: row.redirect_uri,
    ui_redirect_uri: row.ui_redirect_uri,
    allowed_domains: row.allowed_domains,
    default_roles: row.default_roles,
    role_claim: row.role_claim,
    role_mappings: row.role_mappings,
    auto_provision: row.auto_provision,
    updated_at: row.updated_at.toISOString(),
  };
}

/** Creates or replaces the caller's tenant's SSO settings, sealing the client secret, and audits it. */
export async function saveSsoSettings(deps: SsoDeps, actor: Actor, input: SsoSettingsInput, now: Date): Promise<SsoSettings> {
  const { tenantId, userId } = actor.principal;
  const row: SsoConnectionRow = {
    tenant_id: tenantId,
    issuer: input.issuer,
    client_id: input.client_id,
    client_secret_sealed: deps.cipher.encrypt(input.client_secret),
    redirect_uri: input.redirect_uri,
    ui_redirect_uri: input.ui_redirect_uri,
    allowed_domains: input.allowed_domains.map((domain) => domain.toLowerCase()),
    default_roles: input.default_roles,
    role_claim: input.role_claim ?? null,
    role_mappings: input.role_mappings ?? [],
    auto_provision: input.auto_provision,
    updated_at: now,
  };
  return withTenant(deps.db, tenantId, async (trx) => {
    // The rule of user creation: only roles that exist and grant nothing beyond the admin's own permissions.
    await grantableRoleIds(toAuthTrx(trx), actor, [...row.default_roles, ...row.role_mappings.map((mapping) => mapping.role)]);
    await upsertSsoConnection(trx, row);
    const details = { issuer: row.issuer, client_id: row.client_id, allowed_domains: row.allowed_domains, auto_provision: row.auto_provision };
    await appendAudit(toAuthTrx(trx), { tenantId, actorId: userId, action: 'sso.configured', details, ip: actor.ip });
    return connectionRowToSettings(row);
  });
}

/** The caller's tenant's SSO settings; 404 when there are none. */
export async function getSsoSettings(deps: SsoDeps, tenantId: string): Promise<SsoSettings> {
  const row = await withTenant(deps.db, tenantId, (trx) => findSsoConnection(trx, tenantId));
  if (!row) throw new SsoNotConfiguredError();
  return connectionRowToSettings(row);
}

/** Removes the caller's tenant's SSO settings; users it provisioned stay. */
export async function deleteSsoSettings(deps: SsoDeps, actor: Actor): Promise<void> {
  const { tenantId, userId } = actor.principal;
  const deleted = await withTenant(deps.db, tenantId, async (trx) => {
    if (!(await deleteSsoConnection(trx, tenantId))) return false;
    await appendAudit(toAuthTrx(trx), { tenantId, actorId: userId, action: 'sso.removed', ip: actor.ip });
    return true;
  });
  if (!deleted) throw new SsoNotConfiguredError();
}
