import { getService } from '@erp/contracts';
import Type, { type Static } from 'typebox';

const AUTH_DEFAULT_URL = `http://127.0.0.1:${getService('auth').port}`;

/**
 * The environment variables a service reads to verify access tokens: where the auth service is
 * (`AUTH_URL`), where its keys are (`AUTH_JWKS_URL`, `<AUTH_URL>/.well-known/jwks.json` by default) and
 * the issuer every token must name (`AUTH_ISSUER`). Spread it next to {@link serviceEnvProperties}.
 *
 * ### Example
 * ```ts
 * const Env = Type.Object({ ...serviceEnvProperties(8006), ...tokenVerifierEnvProperties() });
 * const config = { ...toServiceConfig(parsed), ...toTokenVerifierConfig(parsed) };
 * ```
 */
export function tokenVerifierEnvProperties() {
  return {
    AUTH_URL: Type.String({ pattern: '^https?://', default: AUTH_DEFAULT_URL }),
    AUTH_JWKS_URL: Type.Optional(Type.String({ pattern: '^https?://' })),
    AUTH_ISSUER: Type.String({ pattern: '^https?://', default: AUTH_DEFAULT_URL }),
  };
}

const TokenVerifierEnv = Type.Object(tokenVerifierEnvProperties());

/** Where a service gets the keys that verify access tokens, and the issuer they must carry. */
export interface TokenVerifierConfig {
  readonly authJwksUrl: string;
  readonly authIssuer: string;
}

/** Maps the parsed variables of {@link tokenVerifierEnvProperties} to a {@link TokenVerifierConfig}. */
export function toTokenVerifierConfig(parsed: Static<typeof TokenVerifierEnv>): TokenVerifierConfig {
  return {
    authJwksUrl: parsed.AUTH_JWKS_URL ?? `${parsed.AUTH_URL.replace(/\/+$/, '')}/.well-known/jwks.json`,
    authIssuer: parsed.AUTH_ISSUER.replace(/\/+$/, ''),
  };
}
