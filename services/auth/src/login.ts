import { randomUUID } from 'node:crypto';
import { withTenant } from '@erp/kit';
import type { LoginThrottleConfig } from './config.js';
import { audit } from './db/audit.js';
import { appendAudit } from './db/audit-log.js';
import { blockUntil, claimAttempt, countFailure, findBlockedUntil, releaseAttempt, resetThrottle } from './db/login-throttle.js';
import { findLoginCandidates, type LoginCandidate } from './db/users.js';
import { accountThrottleKey, addressThrottleKey, retryAfterSeconds, type ThrottlePolicy, throttleDelayMs } from './domain/login-throttle.js';
import { InvalidCredentialsError, TenantRequiredError } from './errors.js';
import { startMfaChallenge } from './mfa/challenges.js';
import { verifyNothing, verifyPassword } from './passwords.js';
import type { RouteContext } from './routes/context.js';
import { issueTokens, type TokenResponse } from './session.js';

export interface LoginInput {
  email: string;
  password: string;
  tenant?: string | undefined;
}

export type LoginOutcome =
  | { kind: 'tokens'; tokens: TokenResponse }
  | { kind: 'throttled'; retryAfterS: number }
  | { kind: 'mfa_required'; mfaToken: string; expiresInS: number };

// Longer than one verification takes; only a crashed request ever waits for it to run out.
const ATTEMPT_LEASE_MS = 10_000;

// An address is shared by everyone behind one NAT, so it gets no growing delay, only the lockout.
function addressPolicy(login: LoginThrottleConfig): ThrottlePolicy {
  return { ...login, freeAttempts: login.ipLockoutAfter, lockoutAfter: login.ipLockoutAfter };
}

/** The throttle keys a failure of `email` from `ip` counts against: the account's and the address's. */
export function loginThrottleKeys(login: LoginThrottleConfig, email: string, ip: string): Array<[string, ThrottlePolicy]> {
  return [
    [accountThrottleKey(email), login],
    [addressThrottleKey(ip), addressPolicy(login)],
  ];
}

/** Counts a failure for each key and blocks the key when its policy asks for a delay. */
export async function recordFailure(context: RouteContext, keys: Array<[string, ThrottlePolicy]>, now: Date): Promise<void> {
  for (const [key, policy] of keys) {
    const failures = await countFailure(context.db, key, now, context.config.login.windowMs);
    const delayMs = throttleDelayMs(failures, policy);
    if (delayMs > 0) await blockUntil(context.db, key, new Date(now.getTime() + delayMs));
  }
}

async function matchingAccounts(context: RouteContext, input: LoginInput): Promise<{ candidates: LoginCandidate[]; matches: LoginCandidate[] }> {
  const candidates = (await findLoginCandidates(context.db, input.email)).filter(
    (candidate) => candidate.status === 'active' && (!input.tenant || candidate.tenant_id === input.tenant.toLowerCase()),
  );
  if (candidates.length === 0) {
    await verifyNothing(input.password);
    return { candidates, matches: [] };
  }
  const verified = await Promise.all(candidates.map((candidate) => verifyPassword(candidate.password_hash, input.password)));
  return { candidates, matches: candidates.filter((_candidate, index) => verified[index]) };
}

/**
 * Logs in with e-mail and password. The tenant is implied when exactly one active account of the address
 * accepts the password; `tenant` chooses when several do. Failures count per account and per address in
 * the database, so every instance applies the same growing delay and lockout.
 */
export async function login(context: RouteContext, input: LoginInput, ip: string, now: Date): Promise<LoginOutcome> {
  const accountKey = accountThrottleKey(input.email);
  // One attempt per account at a time, checked after claiming: a parallel burst of guesses would otherwise
  // all pass the check before the first failure is counted.
  if (!(await claimAttempt(context.db, accountKey, now, new Date(now.getTime() + ATTEMPT_LEASE_MS)))) {
    return { kind: 'throttled', retryAfterS: 1 };
  }
  try {
    return await verifiedLogin(context, input, ip, now);
  } finally {
    await releaseAttempt(context.db, accountKey);
  }
}

async function verifiedLogin(context: RouteContext, input: LoginInput, ip: string, now: Date): Promise<LoginOutcome> {
  const accountKey = accountThrottleKey(input.email);
  const throttleKeys = loginThrottleKeys(context.config.login, input.email, ip);
  const blockedUntil = await findBlockedUntil(
    context.db,
    throttleKeys.map(([key]) => key),
    now,
  );
  if (blockedUntil) {
    await audit(context.db, { tenantId: null, actorId: null, action: 'login.throttled', details: { email: input.email }, ip });
    return { kind: 'throttled', retryAfterS: retryAfterSeconds(blockedUntil, now) };
  }
  const { candidates, matches } = await matchingAccounts(context, input);
  const [account, ...others] = matches;
  if (!account) {
    await recordFailure(context, throttleKeys, now);
    const tenantId = candidates.length === 1 ? (candidates[0]?.tenant_id ?? null) : null;
    await audit(context.db, { tenantId, actorId: null, action: 'login.failed', details: { email: input.email }, ip });
    throw new InvalidCredentialsError();
  }
  if (others.length > 0) throw new TenantRequiredError();
  // The counter is reset only once every factor passed; otherwise each right password would buy fresh code guesses.
  const challenge = await startMfaChallenge(context, { tenantId: account.tenant_id, userId: account.id }, ip, now);
  if (challenge) return { kind: 'mfa_required', ...challenge };
  await resetThrottle(context.db, accountKey);
  const tokens = await withTenant(context.db, account.tenant_id, async (trx) => {
    await appendAudit(trx, { tenantId: account.tenant_id, actorId: account.id, action: 'login.succeeded', ip });
    return issueTokens(trx, context.session, { tenantId: account.tenant_id, userId: account.id }, { familyId: randomUUID(), rotatedFrom: null }, now);
  });
  return { kind: 'tokens', tokens };
}
