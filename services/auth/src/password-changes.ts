import { randomUUID } from 'node:crypto';
import { withTenant, writeEvent } from '@erp/kit';
import { appendAudit } from './db/audit-log.js';
import { findBlockedUntil } from './db/login-throttle.js';
import { insertPasswordReset, lockPasswordReset, markResetUsed } from './db/password-resets.js';
import { revokeUserTokens } from './db/refresh-tokens.js';
import { findLoginCandidates, findPasswordHash, findUser, setPasswordHash } from './db/users.js';
import { accountThrottleKey, retryAfterSeconds } from './domain/login-throttle.js';
import { CurrentPasswordWrongError, ResetTokenInvalidError, UserNotFoundError } from './errors.js';
import { recordFailure } from './login.js';
import { assertStrongPassword, hashPassword, verifyPassword } from './passwords.js';
import { rateLimit } from './rate-limit.js';
import type { RouteContext } from './routes/context.js';
import { hashToken, newTenantToken, parseTenantToken } from './session.js';
import type { Actor } from './user-admin.js';

export const RESET_REQUESTED_EVENT = 'erp.auth.password.reset_requested.v1';

const RESETS_PER_ADDRESS_HOUR = 5;

/** What the reset event carries: enough for the notification service to send the link. */
export interface ResetRequestedData {
  user_id: string;
  email: string;
  reset_token: string;
  expires_at: string;
}

/**
 * Changes the caller's password after checking the current one. A wrong current password counts as a
 * failed login of the account, so a stolen access token cannot be used to guess it; every refresh token of
 * the user is revoked, so other sessions end. Returns the seconds to wait when the account is blocked.
 */
export async function changePassword(
  context: RouteContext,
  actor: Actor,
  input: { current: string; next: string },
  now: Date,
): Promise<{ retryAfterS: number } | undefined> {
  const { tenantId, userId } = actor.principal;
  const user = await withTenant(context.db, tenantId, (trx) => findUser(trx, tenantId, userId));
  if (!user) throw new UserNotFoundError(userId);
  const accountKey = accountThrottleKey(user.email);
  const blockedUntil = await findBlockedUntil(context.db, [accountKey], now);
  if (blockedUntil) return { retryAfterS: retryAfterSeconds(blockedUntil, now) };
  const currentHash = await withTenant(context.db, tenantId, (trx) => findPasswordHash(trx, tenantId, userId));
  if (!currentHash || !(await verifyPassword(currentHash, input.current))) {
    await recordFailure(context, [[accountKey, context.config.login]], now);
    throw new CurrentPasswordWrongError();
  }
  assertStrongPassword(input.next, user.email, '/new_password');
  const passwordHash = await hashPassword(input.next);
  await withTenant(context.db, tenantId, async (trx) => {
    await setPasswordHash(trx, tenantId, userId, passwordHash);
    await revokeUserTokens(trx, tenantId, userId, now);
    await appendAudit(trx, { tenantId, actorId: userId, action: 'password.changed', ip: actor.ip });
  });
  return undefined;
}

/**
 * Creates a reset token for every active account of `email` (in `tenant` when given) and writes it as an
 * event through the outbox in the same transaction, for the notification service to deliver. Unknown
 * addresses do nothing, and the caller answers the same either way.
 */
export async function requestPasswordReset(context: RouteContext, input: { email: string; tenant?: string | undefined }, ip: string, now: Date): Promise<void> {
  // Each request sends mail to the address; past the hourly share further requests are dropped silently,
  // because an error would tell the caller that the address exists.
  const key = `reset:${accountThrottleKey(input.email)}`;
  if (await rateLimit(context.db, key, RESETS_PER_ADDRESS_HOUR, 3_600_000, now)) return;
  const candidates = (await findLoginCandidates(context.db, input.email)).filter(
    (candidate) => candidate.status === 'active' && (!input.tenant || candidate.tenant_id === input.tenant.toLowerCase()),
  );
  const expiresAt = new Date(now.getTime() + context.config.passwordResetTtlMin * 60_000);
  for (const account of candidates) {
    const token = newTenantToken(account.tenant_id);
    await withTenant(context.db, account.tenant_id, async (trx) => {
      await insertPasswordReset(trx, { tenantId: account.tenant_id, id: randomUUID(), userId: account.id, tokenHash: hashToken(token), expiresAt });
      const data: ResetRequestedData = { user_id: account.id, email: account.email, reset_token: token, expires_at: expiresAt.toISOString() };
      await writeEvent(trx, { type: RESET_REQUESTED_EVENT, subject: account.id, tenantId: account.tenant_id, data }, { source: '/erp/auth' });
      await appendAudit(trx, { tenantId: account.tenant_id, actorId: null, action: 'password.reset_requested', details: { user_id: account.id }, ip });
    });
  }
}

/** Sets a new password with a reset token, spends the token and ends every session of the user. */
export async function resetPassword(context: RouteContext, input: { token: string; next: string }, ip: string, now: Date): Promise<void> {
  const parsed = parseTenantToken(input.token);
  if (!parsed) throw new ResetTokenInvalidError();
  const { tenantId } = parsed;
  // Hashing before the transaction keeps the row lock short; the policy check needs the user's e-mail first.
  const user = await withTenant(context.db, tenantId, async (trx) => {
    const row = await lockPasswordReset(trx, tenantId, parsed.hash);
    return row && !row.used_at && row.expires_at > now ? findUser(trx, tenantId, row.user_id) : undefined;
  });
  if (user?.status !== 'active') throw new ResetTokenInvalidError();
  assertStrongPassword(input.next, user.email, '/new_password');
  const passwordHash = await hashPassword(input.next);
  const spent = await withTenant(context.db, tenantId, async (trx) => {
    const row = await lockPasswordReset(trx, tenantId, parsed.hash);
    if (!row || row.used_at) return false;
    await markResetUsed(trx, tenantId, row.id, now);
    await setPasswordHash(trx, tenantId, row.user_id, passwordHash);
    await revokeUserTokens(trx, tenantId, row.user_id, now);
    await appendAudit(trx, { tenantId, actorId: row.user_id, action: 'password.reset', ip });
    return true;
  });
  if (!spent) throw new ResetTokenInvalidError();
}
