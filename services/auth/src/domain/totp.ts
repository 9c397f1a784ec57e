import { HOTP, Secret, TOTP } from 'otpauth';

/** RFC 6238 defaults, which every authenticator app supports: SHA-1, six digits, 30-second steps. */
export const TOTP_PERIOD_S = 30;
export const TOTP_DIGITS = 6;
const TOTP_ALGORITHM = 'SHA1';
// One step either side tolerates a phone clock that is up to 30 s off and a code typed at the end of its step.
const WINDOW_STEPS = 1;

/** The RFC 6238 time step of `now`. */
export function totpStep(now: Date): number {
  return Math.floor(now.getTime() / 1000 / TOTP_PERIOD_S);
}

/** The six-digit code of `secretBase32` for time step `step`. */
export function totpCode(secretBase32: string, step: number): string {
  return HOTP.generate({ secret: Secret.fromBase32(secretBase32), algorithm: TOTP_ALGORITHM, digits: TOTP_DIGITS, counter: step });
}

// Compares every character whatever the first difference, so the time taken says nothing about the code.
function sameCode(expected: string, given: string): boolean {
  let difference = expected.length ^ given.length;
  for (let i = 0; i < expected.length; i += 1) difference |= expected.charCodeAt(i) ^ given.charCodeAt(i);
  return difference === 0;
}

/**
 * The time step within one step of `now` whose code is `code`, provided it is later than `lastUsedStep`;
 * undefined otherwise. Refusing steps up to the last used one makes every code single-use, even within its
 * window, so a code read over a shoulder or from a log cannot be replayed.
 */
export function matchTotpStep(secretBase32: string, code: string, now: Date, lastUsedStep: number | null): number | undefined {
  const current = totpStep(now);
  for (let step = current - WINDOW_STEPS; step <= current + WINDOW_STEPS; step += 1) {
    if (lastUsedStep !== null && step <= lastUsedStep) continue;
    if (sameCode(totpCode(secretBase32, step), code)) return step;
  }
  return undefined;
}

/** The `otpauth://totp/...` URI an authenticator app reads from a QR code. */
export function totpUri(secretBase32: string, issuer: string, account: string): string {
  const totp = new TOTP({
    issuer,
    label: account,
    secret: Secret.fromBase32(secretBase32),
    algorithm: TOTP_ALGORITHM,
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_S,
  });
  return totp.toString();
}

/** Tells a TOTP code (six digits) apart from a recovery code. */
export function isTotpCode(code: string): boolean {
  return /^[0-9]{6}$/.test(code);
}

/**
 * A recovery code as shown to the user: 16 base32 characters (80 random bits) in groups of four, lower case
 * because that is easier to read and type.
 */
export function formatRecoveryCode(base32: string): string {
  return (base32.toLowerCase().match(/.{1,4}/g) ?? []).join('-');
}

/** A typed recovery code reduced to what is hashed: case, spaces and hyphens do not matter. */
export function normaliseRecoveryCode(input: string): string {
  return input.toLowerCase().replace(/[\s-]/g, '');
}
