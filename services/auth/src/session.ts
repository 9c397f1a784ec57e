import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { insertRefreshToken } from './db/refresh-tokens.js';
import { findUserRoles } from './db/roles.js';
import type { AuthDb } from './db/schema.js';
import { resolvePermissions } from './domain/permissions.js';
import { issueAccessToken } from './keys/access-tokens.js';
import type { KeyStore } from './keys/key-store.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SECRET = /^[A-Za-z0-9_-]{43}$/;

/** What login and refresh answer. */
export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token: string;
}

export interface SessionSettings {
  readonly keys: KeyStore;
  readonly issuer: string;
  readonly accessTokenTtlS: number;
  readonly refreshTokenTtlDays: number;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** A new opaque token of `tenantId` (`<tenant id>.<256 random bits>`), used for refresh and reset tokens. */
export function newTenantToken(tenantId: string): string {
  return `${tenantId}.${randomBytes(32).toString('base64url')}`;
}

/**
 * Reads the tenant out of a token of {@link newTenantToken}. Clients treat the token as opaque; the
 * prefix lets the service look the token up under row-level security without a cross-tenant query, and a
 * changed prefix only yields a hash that matches nothing.
 */
export function parseTenantToken(token: string): { tenantId: string; hash: string } | undefined {
  const [tenantId, secret, extra] = token.split('.');
  if (!tenantId || !secret || extra !== undefined || !UUID.test(tenantId) || !SECRET.test(secret)) return undefined;
  return { tenantId: tenantId.toLowerCase(), hash: hashToken(token) };
}

/**
 * Issues an access token with the user's current roles and a new refresh token of `familyId` (a new family
 * at login, the same one on rotation), inside the caller's transaction.
 */
export async function issueTokens(
  trx: Transaction<AuthDb>,
  settings: SessionSettings,
  user: { tenantId: string; userId: string },
  family: { familyId: string; rotatedFrom: string | null },
  now: Date,
): Promise<TokenResponse> {
  const roles = await findUserRoles(trx, user.tenantId, user.userId);
  const refreshToken = newTenantToken(user.tenantId);
  await insertRefreshToken(trx, {
    tenant_id: user.tenantId,
    id: randomUUID(),
    token_hash: hashToken(refreshToken),
    user_id: user.userId,
    family_id: family.familyId,
    rotated_from: family.rotatedFrom,
    expires_at: new Date(now.getTime() + settings.refreshTokenTtlDays * 86_400_000),
    used_at: null,
    revoked_at: null,
  });
  const subject = { userId: user.userId, tenantId: user.tenantId, roles: roles.map((role) => role.name), permissions: resolvePermissions(roles) };
  const accessToken = await issueAccessToken(settings.keys, { issuer: settings.issuer, ttlS: settings.accessTokenTtlS }, subject, now);
  return { access_token: accessToken, token_type: 'Bearer', expires_in: settings.accessTokenTtlS, refresh_token: refreshToken };
}
