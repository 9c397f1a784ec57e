import { randomUUID } from 'node:crypto';
import { isAppError, withTenant } from '@erp/kit';
import { appendAudit } from '../db/audit-log.js';
import { toCredentialDb, toCredentialTransaction } from '../db/credential-schema.js';
import { resetThrottle } from '../db/login-throttle.js';
import { countChallengeFailure, findChallenge, spendChallenge } from '../db/mfa.js';
import { findUser } from '../db/users.js';
import { accountThrottleKey } from '../domain/login-throttle.js';
import { MfaChallengeInvalidError, MfaCodeInvalidError, MfaNotEnrolledError } from '../errors.js';
import type { KeyCipher } from '../keys/key-encryption.js';
import type { RouteContext } from '../routes/context.js';
import { issueTokens, parseTenantToken, type TokenResponse } from '../session.js';
import { checkSecondFactor, type MfaTarget } from './second-factor.js';

export type MfaLoginOutcome = { kind: 'tokens'; tokens: TokenResponse } | { kind: 'throttled'; retryAfterS: number };

// After this many wrong codes the challenge dies and the password must be entered again.
const CHALLENGE_FAILURES_MAX = 5;

async function challengeTarget(context: RouteContext, mfaToken: string, now: Date): Promise<{ challengeId: string; target: MfaTarget }> {
  const parsed = parseTenantToken(mfaToken);
  if (!parsed) throw new MfaChallengeInvalidError();
  const found = await withTenant(context.db, parsed.tenantId, async (trx) => {
    const challenge = await findChallenge(toCredentialTransaction(trx), parsed.tenantId, parsed.hash);
    if (!challenge || challenge.used_at || challenge.expires_at <= now || challenge.failures >= CHALLENGE_FAILURES_MAX) return undefined;
    const user = await findUser(trx, parsed.tenantId, challenge.user_id);
    return user?.status === 'active' ? { challengeId: challenge.id, target: { tenantId: parsed.tenantId, userId: user.id, email: user.email } } : undefined;
  });
  if (!found) throw new MfaChallengeInvalidError();
  return found;
}

/**
 * Counts a wrong code against the challenge, and turns an authenticator removed since the password step (an
 * administrator's reset) into a dead challenge; rethrows everything else.
 */
async function refuseChallenge(context: RouteContext, tenantId: string, challengeId: string, error: unknown): Promise<never> {
  const code = isAppError(error) ? error.code : undefined;
  if (code === MfaCodeInvalidError.code) await withTenant(toCredentialDb(context.db), tenantId, (trx) => countChallengeFailure(trx, tenantId, challengeId));
  if (code === MfaNotEnrolledError.code) throw new MfaChallengeInvalidError();
  throw error;
}

/**
 * The second step of a login with an authenticator: the challenge of the password step and a TOTP or recovery
 * code for tokens. A wrong code counts against the challenge and the login throttle; the first right one
 * spends the challenge, resets the account's counter and opens a new token family.
 */
export async function completeMfaLogin(
  context: RouteContext,
  cipher: KeyCipher,
  input: { mfaToken: string; code: string; ip: string },
  now: Date,
): Promise<MfaLoginOutcome> {
  const { challengeId, target } = await challengeTarget(context, input.mfaToken, now);
  const outcome = await checkSecondFactor(context, cipher, { target, code: input.code, state: 'enabled', ip: input.ip }, now).catch((error: unknown) =>
    refuseChallenge(context, target.tenantId, challengeId, error),
  );
  if (outcome.kind === 'throttled') return outcome;
  const tokens = await withTenant(context.db, target.tenantId, async (trx) => {
    if (!(await spendChallenge(toCredentialTransaction(trx), target.tenantId, challengeId, now))) throw new MfaChallengeInvalidError();
    await appendAudit(trx, {
      tenantId: target.tenantId,
      actorId: target.userId,
      action: 'login.succeeded',
      details: { second_factor: outcome.method },
      ip: input.ip,
    });
    return issueTokens(trx, context.session, { tenantId: target.tenantId, userId: target.userId }, { familyId: randomUUID(), rotatedFrom: null }, now);
  });
  await resetThrottle(context.db, accountThrottleKey(target.email));
  return { kind: 'tokens', tokens };
}
