import { randomUUID } from 'node:crypto';
import { withTenant } from '@erp/kit';
import { appendAudit } from '../db/audit-log.js';
import { toCredentialTransaction } from '../db/credential-schema.js';
import { insertChallenge, lockUserMfa } from '../db/mfa.js';
import type { RouteContext } from '../routes/context.js';
import { hashToken, newTenantToken } from '../session.js';

/** Long enough to open an authenticator app and type a code; short, because it stands for a right password. */
export const MFA_CHALLENGE_TTL_S = 300;

/**
 * After a right password: when the user has a confirmed authenticator, stores a single-use challenge and
 * returns its opaque token (`<tenant id>.<random>`, only its SHA-256 stored) instead of tokens; undefined
 * when the user has no second factor.
 */
export async function startMfaChallenge(
  context: RouteContext,
  user: { tenantId: string; userId: string },
  ip: string,
  now: Date,
): Promise<{ mfaToken: string; expiresInS: number } | undefined> {
  return withTenant(context.db, user.tenantId, async (trx) => {
    const mfa = await lockUserMfa(toCredentialTransaction(trx), user.tenantId, user.userId);
    if (!mfa?.confirmed_at) return undefined;
    const mfaToken = newTenantToken(user.tenantId);
    const expiresAt = new Date(now.getTime() + MFA_CHALLENGE_TTL_S * 1000);
    await insertChallenge(
      toCredentialTransaction(trx),
      { tenant_id: user.tenantId, id: randomUUID(), token_hash: hashToken(mfaToken), user_id: user.userId, expires_at: expiresAt },
      now,
    );
    await appendAudit(trx, { tenantId: user.tenantId, actorId: user.userId, action: 'login.mfa_challenged', ip });
    return { mfaToken, expiresInS: MFA_CHALLENGE_TTL_S };
  });
}
