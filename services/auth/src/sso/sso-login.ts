import { randomBytes, randomUUID } from 'node:crypto';
import { isAppError, withTenant } from '@erp/kit';
import type { Transaction } from 'kysely';
import { audit } from '../db/audit.js';
import { appendAudit } from '../db/audit-log.js';
import { findRolesByName, replaceUserRoles } from '../db/roles.js';
import { findSsoConnection, type SsoConnectionRow } from '../db/sso-connections.js';
import { insertSsoFlow, insertSsoHandoff, takeSsoFlow } from '../db/sso-flows.js';
import { type SsoDb, toAuthDb, toAuthTrx } from '../db/sso-schema.js';
import { findUserByEmail } from '../db/sso-users.js';
import { insertUser } from '../db/users.js';
import { checkIdentity, type IdentityRefusal, provisionedRoles } from '../domain/sso-identity.js';
import { SsoEmailNotAllowedError, SsoNotConfiguredError, SsoProviderError, SsoStateInvalidError, SsoUserDisabledError } from '../errors.js';
import { hashPassword } from '../passwords.js';
import { hashToken, newTenantToken } from '../session.js';
import type { OidcClientSettings } from './oidc-client.js';
import type { SsoDeps } from './sso-deps.js';

// Long enough to type a password and pass a second factor at the provider, short enough to bound replays.
const FLOW_TTL_MS = 600_000;
// The UI exchanges the code right after the redirect; a minute covers a slow page load.
const HANDOFF_TTL_MS = 60_000;

const UNIQUE_VIOLATION = '23505';

const REFUSALS: Record<IdentityRefusal | 'no_account', string> = {
  email_missing: 'the provider sent no e-mail address',
  email_unverified: 'the provider says the address is not verified',
  domain_not_allowed: 'its domain is not among the allowed ones',
  no_account: 'there is no account for it and automatic provisioning is off',
};

function randomSecret(): string {
  return randomBytes(32).toString('base64url');
}

async function findConnection(deps: SsoDeps, tenantId: string): Promise<SsoConnectionRow> {
  const connection = await withTenant(deps.db, tenantId, (trx) => findSsoConnection(trx, tenantId));
  if (!connection) throw new SsoNotConfiguredError();
  return connection;
}

function clientSettings(deps: SsoDeps, connection: SsoConnectionRow): OidcClientSettings {
  return { issuer: connection.issuer, clientId: connection.client_id, clientSecret: deps.cipher.decrypt(connection.client_secret_sealed) };
}

/**
 * Starts a login at the tenant's provider: stores state, nonce and PKCE verifier and returns where to send
 * the browser, and whether the callback is https (so the state cookie must be `Secure`).
 */
export async function startSsoLogin(deps: SsoDeps, tenantId: string, now: Date): Promise<{ url: URL; state: string; secure: boolean }> {
  const connection = await findConnection(deps, tenantId);
  const checks = { state: randomSecret(), nonce: randomSecret(), codeVerifier: randomSecret() };
  const url = await deps.oidc.authorizationUrl(clientSettings(deps, connection), connection.redirect_uri, checks);
  await withTenant(deps.db, tenantId, (trx) =>
    insertSsoFlow(
      trx,
      {
        tenant_id: tenantId,
        id: randomUUID(),
        state_hash: hashToken(checks.state),
        nonce: checks.nonce,
        code_verifier: checks.codeVerifier,
        expires_at: new Date(now.getTime() + FLOW_TTL_MS),
      },
      now,
    ),
  );
  return { url, state: checks.state, secure: connection.redirect_uri.startsWith('https:') };
}

/** The provider's answer as the browser brought it, and the state the browser's cookie remembers. */
export interface CallbackInput {
  readonly query: Readonly<Record<string, string>>;
  readonly browserState: string | undefined;
  readonly ip: string;
}

type Admission = { kind: 'admitted'; code: string; userId: string; provisioned: boolean } | { kind: 'refused'; reason: 'user_disabled' | 'no_account' };

async function provisionUser(
  trx: Transaction<SsoDb>,
  connection: SsoConnectionRow,
  identity: { email: string; claims: Record<string, unknown>; ip: string },
): Promise<string> {
  const { email, claims, ip } = identity;
  const tenantId = connection.tenant_id;
  const roleNames = provisionedRoles(claims, {
    allowedDomains: connection.allowed_domains,
    defaultRoles: connection.default_roles,
    roleClaim: connection.role_claim,
    roleMappings: connection.role_mappings,
  });
  const authTrx = toAuthTrx(trx);
  const roles = await findRolesByName(authTrx, tenantId, roleNames);
  const id = randomUUID();
  // The account signs in through the provider; a random password keeps password login closed until a reset.
  await insertUser(authTrx, { tenantId, id, email, passwordHash: await hashPassword(randomSecret()) });
  await replaceUserRoles(
    authTrx,
    tenantId,
    id,
    roles.map((role) => role.id),
  );
  await appendAudit(authTrx, {
    tenantId,
    actorId: id,
    action: 'sso.user_provisioned',
    details: { user_id: id, email, roles: roles.map((role) => role.name) },
    ip,
  });
  return id;
}

/** Finds or provisions the account of `email` and stores a one-time code for it, in one transaction. */
async function admit(deps: SsoDeps, connection: SsoConnectionRow, email: string, claims: Record<string, unknown>, ip: string, now: Date): Promise<Admission> {
  const tenantId = connection.tenant_id;
  return withTenant(deps.db, tenantId, async (trx) => {
    const existing = await findUserByEmail(toAuthTrx(trx), tenantId, email);
    if (existing && existing.status !== 'active') return { kind: 'refused', reason: 'user_disabled' };
    if (!existing && !connection.auto_provision) return { kind: 'refused', reason: 'no_account' };
    const userId = existing?.id ?? (await provisionUser(trx, connection, { email, claims, ip }));
    const code = newTenantToken(tenantId);
    await insertSsoHandoff(
      trx,
      { tenant_id: tenantId, id: randomUUID(), code_hash: hashToken(code), user_id: userId, expires_at: new Date(now.getTime() + HANDOFF_TTL_MS) },
      now,
    );
    await appendAudit(toAuthTrx(trx), {
      tenantId,
      actorId: userId,
      action: 'sso.login_succeeded',
      details: { email, issuer: connection.issuer, provisioned: !existing },
      ip,
    });
    return { kind: 'admitted', code, userId, provisioned: !existing };
  });
}

async function consumeFlow(deps: SsoDeps, tenantId: string, input: CallbackInput, now: Date) {
  const state = input.query.state;
  // The state must also match the cookie set at the start, so a callback link made by someone else
  // cannot log this browser in to the other person's account.
  if (!state || state !== input.browserState) throw new SsoStateInvalidError();
  const flow = await withTenant(deps.db, tenantId, (trx) => takeSsoFlow(trx, tenantId, hashToken(state)));
  if (!flow || flow.expires_at <= now) throw new SsoStateInvalidError();
  return { state, nonce: flow.nonce, codeVerifier: flow.code_verifier };
}

/**
 * Finishes a login: the state is spent first, then the code is exchanged with PKCE and the ID token
 * validated by openid-client. Returns the UI address carrying a one-time code for the tokens.
 */
export async function finishSsoLogin(deps: SsoDeps, tenantId: string, input: CallbackInput, now: Date): Promise<URL> {
  const checks = await consumeFlow(deps, tenantId, input, now);
  const connection = await findConnection(deps, tenantId);
  const callbackUrl = new URL(connection.redirect_uri);
  for (const [name, value] of Object.entries(input.query)) callbackUrl.searchParams.set(name, value);
  const refuse = (reason: string, details: Record<string, unknown> = {}) =>
    audit(toAuthDb(deps.db), { tenantId, actorId: null, action: 'sso.login_refused', details: { reason, ...details }, ip: input.ip });
  const claims = await deps.oidc.exchangeCode(clientSettings(deps, connection), callbackUrl, checks).catch(async (error: unknown) => {
    if (isAppError(error) && error.code === SsoProviderError.code) await refuse('provider_error', { detail: error.detail });
    throw error;
  });
  const identity = checkIdentity(claims, connection.allowed_domains);
  if (!identity.ok) {
    await refuse(identity.reason, { email: typeof claims.email === 'string' ? claims.email.slice(0, 254) : null });
    throw new SsoEmailNotAllowedError(REFUSALS[identity.reason]);
  }
  // Two logins of a new address at once both try to provision it; the loser finds the winner's account.
  const admission = await admit(deps, connection, identity.email, claims, input.ip, now).catch((error: unknown) => {
    if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
    return admit(deps, connection, identity.email, claims, input.ip, now);
  });
  if (admission.kind === 'refused') {
    await refuse(admission.reason, { email: identity.email });
    throw admission.reason === 'user_disabled' ? new SsoUserDisabledError() : new SsoEmailNotAllowedError(REFUSALS.no_account);
  }
  const target = new URL(connection.ui_redirect_uri);
  target.searchParams.set('code', admission.code);
  return target;
}
