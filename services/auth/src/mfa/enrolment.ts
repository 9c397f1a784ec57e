import { withTenant } from '@erp/kit';
import { Secret } from 'otpauth';
import { appendAudit } from '../db/audit-log.js';
import { toCredentialDb, toCredentialTransaction } from '../db/credential-schema.js';
import { countUnusedRecoveryCodes, deleteUserMfa, findUserMfa, lockUserMfa, replaceRecoveryCodes, upsertPendingMfa } from '../db/mfa.js';
import { findUser } from '../db/users.js';
import { formatRecoveryCode, totpUri } from '../domain/totp.js';
import { MfaAlreadyEnabledError, UserNotFoundError } from '../errors.js';
import type { KeyCipher } from '../keys/key-encryption.js';
import type { RouteContext } from '../routes/context.js';
import { checkSecondFactor, hashRecoveryCode, type MfaTarget, type SecondFactorOutcome } from './second-factor.js';

/** What an authenticator app is set up with, shown once at enrolment. */
export interface TotpEnrolment {
  secret: string;
  otpauth_uri: string;
}

const RECOVERY_CODE_COUNT = 10;
// The name authenticator apps show above the code.
const TOTP_ISSUER = 'ERP';

/** New recovery codes (shown this once), or the wait a blocked account must observe first. */
export type RecoveryCodesOutcome = { kind: 'issued'; recoveryCodes: string[] } | { kind: 'throttled'; retryAfterS: number };

/** The MFA step's view of one request: who, from where, and the cipher the TOTP secrets are sealed with. */
export interface MfaRequest {
  readonly context: RouteContext;
  readonly cipher: KeyCipher;
  readonly tenantId: string;
  readonly userId: string;
  readonly ip: string;
}

async function mfaTarget(request: MfaRequest): Promise<MfaTarget> {
  const user = await withTenant(request.context.db, request.tenantId, (trx) => findUser(trx, request.tenantId, request.userId));
  if (!user) throw new UserNotFoundError(request.userId);
  return { tenantId: request.tenantId, userId: request.userId, email: user.email };
}

function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => formatRecoveryCode(new Secret({ size: 10 }).base32));
}

/** Starts an enrolment with a new secret (replacing a pending one); refused while one is enabled. */
export async function enrolTotp(request: MfaRequest, now: Date): Promise<TotpEnrolment> {
  const target = await mfaTarget(request);
  const secret = new Secret({ size: 20 }).base32;
  await withTenant(request.context.db, target.tenantId, async (trx) => {
    if ((await lockUserMfa(toCredentialTransaction(trx), target.tenantId, target.userId))?.confirmed_at) throw new MfaAlreadyEnabledError();
    await upsertPendingMfa(toCredentialTransaction(trx), target.tenantId, target.userId, request.cipher.encrypt(secret), now);
    await appendAudit(trx, { tenantId: target.tenantId, actorId: target.userId, action: 'mfa.enrolment_started', ip: request.ip });
  });
  return { secret, otpauth_uri: totpUri(secret, TOTP_ISSUER, target.email) };
}

/**
 * Confirms the pending enrolment with a first code and returns the recovery codes, the only time they are
 * shown. Returns the throttle outcome instead when the account is blocked.
 */
export async function confirmTotp(request: MfaRequest, code: string, now: Date): Promise<RecoveryCodesOutcome> {
  const target = await mfaTarget(request);
  const outcome = await checkSecondFactor(request.context, request.cipher, { target, code, state: 'pending', ip: request.ip }, now);
  if (outcome.kind === 'throttled') return outcome;
  const recoveryCodes = newRecoveryCodes();
  await withTenant(request.context.db, target.tenantId, async (trx) => {
    await replaceRecoveryCodes(toCredentialTransaction(trx), target.tenantId, target.userId, recoveryCodes.map(hashRecoveryCode));
    await appendAudit(trx, { tenantId: target.tenantId, actorId: target.userId, action: 'mfa.enabled', details: { method: 'totp' }, ip: request.ip });
  });
  return { kind: 'issued', recoveryCodes };
}

/** Replaces the recovery codes after a valid code or recovery code; the new ones are shown this once. */
export async function regenerateRecoveryCodes(request: MfaRequest, code: string, now: Date): Promise<RecoveryCodesOutcome> {
  const target = await mfaTarget(request);
  const outcome = await checkSecondFactor(request.context, request.cipher, { target, code, state: 'enabled', ip: request.ip }, now);
  if (outcome.kind === 'throttled') return outcome;
  const recoveryCodes = newRecoveryCodes();
  await withTenant(request.context.db, target.tenantId, async (trx) => {
    await replaceRecoveryCodes(toCredentialTransaction(trx), target.tenantId, target.userId, recoveryCodes.map(hashRecoveryCode));
    await appendAudit(trx, { tenantId: target.tenantId, actorId: target.userId, action: 'mfa.recovery_codes_replaced', ip: request.ip });
  });
  return { kind: 'issued', recoveryCodes };
}

/** Removes the authenticator and its recovery codes after a valid code or recovery code. */
export async function disableTotp(request: MfaRequest, code: string, now: Date): Promise<SecondFactorOutcome> {
  const target = await mfaTarget(request);
  const outcome = await checkSecondFactor(request.context, request.cipher, { target, code, state: 'enabled', ip: request.ip }, now);
  if (outcome.kind === 'throttled') return outcome;
  await withTenant(request.context.db, target.tenantId, async (trx) => {
    await deleteUserMfa(toCredentialTransaction(trx), target.tenantId, target.userId);
    await appendAudit(trx, { tenantId: target.tenantId, actorId: target.userId, action: 'mfa.disabled', details: { proof: outcome.method }, ip: request.ip });
  });
  return outcome;
}

/** Whether the caller has an authenticator, and how many recovery codes are left. */
export async function mfaStatus(request: MfaRequest): Promise<{ totp: 'disabled' | 'pending' | 'enabled'; recovery_codes_left: number }> {
  return withTenant(toCredentialDb(request.context.db), request.tenantId, async (trx) => {
    const mfa = await findUserMfa(trx, request.tenantId, request.userId);
    if (!mfa) return { totp: 'disabled', recovery_codes_left: 0 };
    return { totp: mfa.confirmed_at ? 'enabled' : 'pending', recovery_codes_left: await countUnusedRecoveryCodes(trx, request.tenantId, request.userId) };
  });
}
