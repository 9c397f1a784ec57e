import { createHmac } from 'node:crypto';
import { getService } from '@erp/contracts';
import { parseEnvOrExit, type ServiceConfig, serviceEnvProperties, toServiceConfig } from '@erp/kit';
import Type, { type Static } from 'typebox';

const Env = Type.Object({
  ...serviceEnvProperties(getService('auth').port),
  AUTH_ISSUER: Type.String({ pattern: '^https?://', default: 'http://127.0.0.1:8001' }),
  AUTH_KEY_SECRET: Type.Optional(Type.String({ minLength: 16 })),
  ACCESS_TOKEN_TTL_S: Type.Integer({ default: 900, minimum: 30, maximum: 86_400 }),
  REFRESH_TOKEN_TTL_DAYS: Type.Integer({ default: 30, minimum: 1, maximum: 365 }),
  PASSWORD_RESET_TTL_MIN: Type.Integer({ default: 60, minimum: 5, maximum: 1440 }),
  REGISTRATIONS_PER_IP_HOUR: Type.Integer({ default: 10, minimum: 1 }),
  TRUSTED_PROXIES: Type.String({ default: '127.0.0.1,::1,::ffff:127.0.0.1', maxLength: 2000 }),
  LOGIN_FREE_ATTEMPTS: Type.Integer({ default: 3, minimum: 1 }),
  LOGIN_DELAY_BASE_MS: Type.Integer({ default: 1000, minimum: 0 }),
  LOGIN_DELAY_MAX_MS: Type.Integer({ default: 60_000, minimum: 0 }),
  LOGIN_LOCKOUT_AFTER: Type.Integer({ default: 10, minimum: 1 }),
  LOGIN_LOCKOUT_S: Type.Integer({ default: 900, minimum: 1 }),
  LOGIN_IP_LOCKOUT_AFTER: Type.Integer({ default: 50, minimum: 1 }),
  LOGIN_WINDOW_S: Type.Integer({ default: 3600, minimum: 1 }),
  AUTH_OPERATORS: Type.String({ default: '', maxLength: 2000, description: 'E-mail addresses of the administrators who run this installation.' }),
  SSO_ALLOW_HTTP: Type.Union([Type.Literal('true'), Type.Literal('false')], { default: 'false' }),
});

/** How failed logins slow down and lock an account or an address. */
export interface LoginThrottleConfig {
  /** The failure that starts the delay (the ones before it cost nothing). */
  readonly freeAttempts: number;
  /** The delay after the first counted failure; it doubles with each further one. */
  readonly delayBaseMs: number;
  readonly delayMaxMs: number;
  /** Failures of one account after which it is locked for `lockoutMs`. */
  readonly lockoutAfter: number;
  /** Failures from one address after which it is locked for `lockoutMs`. */
  readonly ipLockoutAfter: number;
  readonly lockoutMs: number;
  /** A counter whose last failure is older than this starts again from zero. */
  readonly windowMs: number;
}

export interface AuthConfig extends ServiceConfig {
  /** The `iss` of every access token and the base of the discovery document. */
  readonly issuer: string;
  /** The secret the signing keys' encryption key is derived from. */
  readonly keySecret: string;
  readonly accessTokenTtlS: number;
  readonly refreshTokenTtlDays: number;
  readonly passwordResetTtlMin: number;
  /** Registrations one client address may make per hour. */
  readonly registrationsPerIpHour: number;
  /** Peers whose `X-Forwarded-For` names the client (the gateway). */
  readonly trustedProxies: readonly string[];
  readonly login: LoginThrottleConfig;
  /** Whether SSO may talk to identity providers over plain http (tests and local development only). */
  readonly ssoAllowHttp: boolean;
  /**
   * E-mail addresses (lower case) of the people who run the installation. An admin of a company is not one of
   * them: any company can register itself, and installation-wide actions such as rotating the signing keys must
   * stay with the operators.
   */
  readonly operators: readonly string[];
}

/**
 * Without AUTH_KEY_SECRET the key is derived from the database admin password, the way the kit derives the
 * runtime role passwords, so every instance computes the same one without another setting.
 */
function deriveKeySecret(databaseUrl: string): string {
  const password = new URL(databaseUrl).password || 'erp-no-admin-password';
  return createHmac('sha256', password).update('erp_auth_signing_keys').digest('base64url');
}

function toLoginConfig(parsed: Static<typeof Env>): LoginThrottleConfig {
  return Object.freeze({
    freeAttempts: parsed.LOGIN_FREE_ATTEMPTS,
    delayBaseMs: parsed.LOGIN_DELAY_BASE_MS,
    delayMaxMs: parsed.LOGIN_DELAY_MAX_MS,
    lockoutAfter: parsed.LOGIN_LOCKOUT_AFTER,
    ipLockoutAfter: parsed.LOGIN_IP_LOCKOUT_AFTER,
    lockoutMs: parsed.LOGIN_LOCKOUT_S * 1000,
    windowMs: parsed.LOGIN_WINDOW_S * 1000,
  });
}

/** Reads and validates the auth service's environment once; a bad value exits with one clear line. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AuthConfig {
  const parsed = parseEnvOrExit(Env, env);
  return Object.freeze({
    ...toServiceConfig(parsed),
    issuer: parsed.AUTH_ISSUER.replace(/\/+$/, ''),
    keySecret: parsed.AUTH_KEY_SECRET ?? deriveKeySecret(parsed.DATABASE_URL),
    accessTokenTtlS: parsed.ACCESS_TOKEN_TTL_S,
    refreshTokenTtlDays: parsed.REFRESH_TOKEN_TTL_DAYS,
    passwordResetTtlMin: parsed.PASSWORD_RESET_TTL_MIN,
    registrationsPerIpHour: parsed.REGISTRATIONS_PER_IP_HOUR,
    trustedProxies: Object.freeze(
      parsed.TRUSTED_PROXIES.split(',')
        .map((address) => address.trim())
        .filter(Boolean),
    ),
    login: toLoginConfig(parsed),
    ssoAllowHttp: parsed.SSO_ALLOW_HTTP === 'true',
    operators: Object.freeze(
      parsed.AUTH_OPERATORS.split(',')
        .map((email) => email.trim().toLowerCase())
        .filter(Boolean),
    ),
  });
}
