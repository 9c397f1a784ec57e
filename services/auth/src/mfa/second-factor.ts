import { createHash } from 'node:crypto';
import { withTenant } from '@erp/kit';
import type { Transaction } from 'kysely';
import { audit } from '../db/audit.js';
import { type CredentialDb, toCredentialDb } from '../db/credential-schema.js';
import { claimAttempt, findBlockedUntil, releaseAttempt } from '../db/login-throttle.js';
import { lockUserMfa, markStepUsed, spendRecoveryCode } from '../db/mfa.js';
import { accountThrottleKey, retryAfterSeconds } from '../domain/login-throttle.js';
import { isTotpCode, matchTotpStep, normaliseRecoveryCode } from '../domain/totp.js';
import { MfaCodeInvalidError, MfaNotEnrolledError } from '../errors.js';
import type { KeyCipher } from '../keys/key-encryption.js';
import { loginThrottleKeys, recordFailure } from '../login.js';
import type { RouteContext } from '../routes/context.js';

/** The user whose code is checked; the e-mail address names the throttle counter the login uses too. */
export interface MfaTarget {
  readonly tenantId: string;
  readonly userId: string;
  readonly email: string;
}

/** What the code must prove: a pending enrolment (TOTP only, and it confirms it) or an enabled one. */
export type MfaState = 'pending' | 'enabled';

export type SecondFactorOutcome = { kind: 'accepted'; method: 'totp' | 'recovery_code' } | { kind: 'throttled'; retryAfterS: number };

// Longer than one check takes; only a crashed request ever waits for it to run out.
const ATTEMPT_LEASE_MS = 10_000;

/** Recovery codes carry 80 random bits, so a fast hash is enough: guessing a preimage is out of reach. */
export function hashRecoveryCode(code: string): string {
  return createHash('sha256').update(normaliseRecoveryCode(code)).digest('base64url');
}

/**
 * Spends `code` inside one transaction holding the user's authenticator row: a TOTP code of a step after the
 * last used one, or (for an enabled authenticator) an unused recovery code. Undefined when it fits neither.
 */
async function spendCode(trx: Transaction<CredentialDb>, cipher: KeyCipher, target: MfaTarget, code: string, state: MfaState, now: Date) {
  const mfa = await lockUserMfa(trx, target.tenantId, target.userId);
  if (!mfa || (state === 'enabled') !== (mfa.confirmed_at !== null)) throw new MfaNotEnrolledError(state);
  if (isTotpCode(code)) {
    const step = matchTotpStep(cipher.decrypt(mfa.secret_sealed), code, now, mfa.last_used_step);
    if (step === undefined) return undefined;
    await markStepUsed(trx, target.tenantId, target.userId, step, state === 'pending' ? now : undefined);
    return 'totp' as const;
  }
  if (state === 'pending') return undefined;
  return (await spendRecoveryCode(trx, target.tenantId, target.userId, hashRecoveryCode(code), now)) ? ('recovery_code' as const) : undefined;
}

/**
 * Checks a second-factor code under the login throttle of the account: a blocked account or address is
 * refused before the code is looked at, and a wrong code counts as a failed login (audited as
 * `mfa.code_failed`), so codes cannot be guessed faster than passwords. Throws `AUTH_MFA_CODE_INVALID`.
 */
export async function checkSecondFactor(
  context: RouteContext,
  cipher: KeyCipher,
  request: { target: MfaTarget; code: string; state: MfaState; ip: string },
  now: Date,
): Promise<SecondFactorOutcome> {
  const { target, ip } = request;
  const keys = loginThrottleKeys(context.config.login, target.email, ip);
  const accountKey = accountThrottleKey(target.email);
  if (!(await claimAttempt(context.db, accountKey, now, new Date(now.getTime() + ATTEMPT_LEASE_MS)))) return { kind: 'throttled', retryAfterS: 1 };
  try {
    const blockedUntil = await findBlockedUntil(
      context.db,
      keys.map(([key]) => key),
      now,
    );
    if (blockedUntil) return { kind: 'throttled', retryAfterS: retryAfterSeconds(blockedUntil, now) };
    const method = await withTenant(toCredentialDb(context.db), target.tenantId, (trx) => spendCode(trx, cipher, target, request.code, request.state, now));
    if (method) return { kind: 'accepted', method };
    await recordFailure(context, keys, now);
    await audit(context.db, { tenantId: target.tenantId, actorId: target.userId, action: 'mfa.code_failed', ip });
    throw new MfaCodeInvalidError();
  } finally {
    await releaseAttempt(context.db, accountKey);
  }
}
