import { withTenant } from '@erp/kit';
import { appendAudit } from './db/audit-log.js';
import { lockRefreshToken, markUsed, revokeFamily } from './db/refresh-tokens.js';
import { findUser } from './db/users.js';
import { RefreshTokenInvalidError, RefreshTokenReusedError } from './errors.js';
import type { RouteContext } from './routes/context.js';
import { issueTokens, parseTenantToken, type TokenResponse } from './session.js';

type RotationOutcome = TokenResponse | 'invalid' | 'reused';

/**
 * Exchanges a refresh token for new tokens and spends it. A token that was already spent means it leaked or
 * was replayed: the whole family (the login it belongs to) is revoked and audited, and the call fails. The
 * revocation commits before the error is thrown.
 */
export async function rotateRefreshToken(context: RouteContext, token: string, ip: string, now: Date): Promise<TokenResponse> {
  const parsed = parseTenantToken(token);
  if (!parsed) throw new RefreshTokenInvalidError();
  const outcome = await withTenant(context.db, parsed.tenantId, async (trx): Promise<RotationOutcome> => {
    const row = await lockRefreshToken(trx, parsed.tenantId, parsed.hash);
    if (!row || (row.revoked_at && !row.used_at) || row.expires_at <= now) return 'invalid';
    if (row.used_at) {
      await revokeFamily(trx, row.tenant_id, row.family_id, now);
      await appendAudit(trx, { tenantId: row.tenant_id, actorId: row.user_id, action: 'token.reuse_detected', details: { family_id: row.family_id }, ip });
      return 'reused';
    }
    await markUsed(trx, row.tenant_id, row.id, now);
    const user = await findUser(trx, row.tenant_id, row.user_id);
    if (user?.status !== 'active') {
      await revokeFamily(trx, row.tenant_id, row.family_id, now);
      return 'invalid';
    }
    return issueTokens(trx, context.session, { tenantId: row.tenant_id, userId: row.user_id }, { familyId: row.family_id, rotatedFrom: row.id }, now);
  });
  if (outcome === 'reused') throw new RefreshTokenReusedError();
  if (outcome === 'invalid') throw new RefreshTokenInvalidError();
  return outcome;
}

/** Revokes the family of `token`; an unknown token is not an error, so logging out twice is harmless. */
export async function revokeRefreshToken(context: RouteContext, token: string, ip: string, now: Date): Promise<void> {
  const parsed = parseTenantToken(token);
  if (!parsed) return;
  await withTenant(context.db, parsed.tenantId, async (trx) => {
    const row = await lockRefreshToken(trx, parsed.tenantId, parsed.hash);
    if (!row) return;
    await revokeFamily(trx, row.tenant_id, row.family_id, now);
    await appendAudit(trx, { tenantId: row.tenant_id, actorId: row.user_id, action: 'logout', details: { family_id: row.family_id }, ip });
  });
}
