import type { ServiceApp } from '@erp/kit';
import { totpCode, totpStep } from '../src/domain/totp.js';
import { bearer } from './helpers.js';

/**
 * The code of the step `offset` steps from now. Tests use offsets 0 and +1 only: both stay inside the
 * accepted window even when a step boundary passes between making the code and checking it.
 */
export function codeAt(secret: string, offset = 0): string {
  return totpCode(secret, totpStep(new Date()) + offset);
}

export interface Enrolled {
  secret: string;
  recoveryCodes: string[];
}

/** Enrols and confirms an authenticator for the token's user, confirming with the current step's code. */
export async function enableMfa(app: ServiceApp, accessToken: string): Promise<Enrolled> {
  const enrolment = await app.inject({ method: 'POST', url: '/api/v1/auth/mfa/totp', headers: bearer(accessToken) });
  if (enrolment.statusCode !== 201) throw new Error(`enrolment failed: ${enrolment.body}`);
  const { secret } = enrolment.json() as { secret: string };
  const confirmation = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/mfa/totp/confirm',
    headers: bearer(accessToken),
    payload: { code: codeAt(secret) },
  });
  if (confirmation.statusCode !== 200) throw new Error(`confirmation failed: ${confirmation.body}`);
  return { secret, recoveryCodes: (confirmation.json() as { recovery_codes: string[] }).recovery_codes };
}

/** The password step of a login that must answer an mfa challenge; returns its token. */
export async function passwordStep(app: ServiceApp, account: { email: string; password: string }, remoteAddress = '127.0.0.1'): Promise<string> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email: account.email, password: account.password },
    remoteAddress,
  });
  const body = response.json() as { mfa_required?: boolean; mfa_token?: string };
  if (response.statusCode !== 200 || !body.mfa_required || !body.mfa_token) throw new Error(`expected an mfa challenge: ${response.body}`);
  return body.mfa_token;
}
