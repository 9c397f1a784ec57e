import { appError } from '@erp/kit';
import { type Algorithm, hash, verify } from '@node-rs/argon2';
import { checkPassword } from './domain/password-policy.js';
import { WeakPasswordError } from './errors.js';

// The package's Algorithm is a const enum, which isolated modules cannot read; 2 is its Argon2id member.
const ARGON2ID = 2 as Algorithm;

// The library's defaults (19 MiB, 2 passes, 1 lane) are the OWASP minimum for argon2id.
export async function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: ARGON2ID });
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the time of one verification when no account matched, so response times do not tell an attacker
 * which e-mail addresses exist.
 */
export async function verifyNothing(password: string): Promise<false> {
  dummyHash ??= hashPassword('erp-timing-equaliser-password');
  await verifyPassword(await dummyHash, password);
  return false;
}

/** Throws one 422 problem listing every rule of the password policy that `password` breaks, at `pointer`. */
export function assertStrongPassword(password: string, email: string, pointer = '/password'): void {
  const violations = checkPassword(password, email);
  if (violations.length === 0) return;
  const base = new WeakPasswordError(violations.length);
  const errors = violations.map((violation) => ({ pointer, detail: `${violation.rule}: ${violation.detail}` }));
  throw appError({ code: base.code, status: base.status, title: base.title, detail: base.detail, errors });
}
