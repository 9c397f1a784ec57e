import { getService, SERVICES, type ServiceName } from '@erp/contracts';
import { parseEnvOrExit, type ServiceConfig, serviceEnvProperties, toServiceConfig } from '@erp/kit';
import Type from 'typebox';
import { type BalancingConfig, balancingEnvProperties, toBalancingConfig } from './balancing/config.js';
import { type GraphqlConfig, graphqlEnvProperties, toGraphqlConfig } from './graphql/config.js';
import { type RateLimitConfig, rateLimitEnvProperties, toRateLimitConfig } from './rate-limit/config.js';
import { type ResponseCacheConfig, responseCacheEnvProperties, toResponseCacheConfig } from './response-cache/config.js';
import { type TransformConfig, toTransformConfig, transformEnvProperties } from './transform/config.js';

const upstreamNames = SERVICES.filter((service) => service.name !== 'gateway').map((service) => service.name);
const upstreamVariable = (name: ServiceName) => `${name.toUpperCase()}_URL`;

const Env = Type.Object({
  ...serviceEnvProperties(getService('gateway').port),
  ...Object.fromEntries(
    upstreamNames.map((name) => [upstreamVariable(name), Type.String({ pattern: '^https?://', default: `http://127.0.0.1:${getService(name).port}` })]),
  ),
  UPSTREAM_TIMEOUT_MS: Type.Integer({ default: 10_000, minimum: 100 }),
  UPSTREAM_EJECT_MS: Type.Integer({ default: 5000, minimum: 0 }),
  REGISTRY_REFRESH_MS: Type.Integer({ default: 1000, minimum: 50 }),
  AUTH_JWKS_URL: Type.Optional(Type.String({ pattern: '^https?://' })),
  AUTH_ISSUER: Type.String({ minLength: 1, default: `http://127.0.0.1:${getService('auth').port}` }),
  ...rateLimitEnvProperties,
  ...transformEnvProperties,
  ...balancingEnvProperties,
  ...graphqlEnvProperties,
  ...responseCacheEnvProperties,
});

export interface GatewayConfig extends ServiceConfig, RateLimitConfig, TransformConfig, BalancingConfig, ResponseCacheConfig, GraphqlConfig {
  /** Base URL of each upstream service, from `<SERVICE>_URL`; used when the registry lists no instance. */
  readonly upstreams: Readonly<Record<string, string>>;
  readonly upstreamTimeoutMs: number;
  /** How long an instance that failed to answer stays out of the rotation. */
  readonly upstreamEjectMs: number;
  /** How old the gateway's copy of the instance registry may get. */
  readonly registryRefreshMs: number;
  /** Where the auth service publishes its signing keys; `<AUTH_URL>/.well-known/jwks.json` by default. */
  readonly authJwksUrl: string;
  /** The `iss` every access token must carry. */
  readonly authIssuer: string;
}

type ParsedEnv = Record<string, unknown> &
  Parameters<typeof toServiceConfig>[0] &
  Parameters<typeof toBalancingConfig>[0] &
  Parameters<typeof toGraphqlConfig>[0] &
  Parameters<typeof toResponseCacheConfig>[0] & {
    UPSTREAM_TIMEOUT_MS: number;
    UPSTREAM_EJECT_MS: number;
    REGISTRY_REFRESH_MS: number;
    AUTH_JWKS_URL?: string;
    AUTH_ISSUER: string;
    RATE_LIMITS: string;
    RATE_LIMIT_REDIS_TIMEOUT_MS: number;
    CORS_ORIGINS: string;
  };

/** Reads and validates the gateway's environment once; a bad value exits with one clear line. */
export function loadConfig(env: Record<string, string | undefined> = process.env): GatewayConfig {
  const parsed = parseEnvOrExit(Env, env) as ParsedEnv;
  const upstreams = Object.fromEntries(upstreamNames.map((name) => [name, String(parsed[upstreamVariable(name)])]));
  return Object.freeze({
    ...toServiceConfig(parsed),
    upstreams,
    upstreamTimeoutMs: parsed.UPSTREAM_TIMEOUT_MS,
    upstreamEjectMs: parsed.UPSTREAM_EJECT_MS,
    registryRefreshMs: parsed.REGISTRY_REFRESH_MS,
    authJwksUrl: parsed.AUTH_JWKS_URL ?? `${String(upstreams.auth).replace(/\/+$/, '')}/.well-known/jwks.json`,
    authIssuer: parsed.AUTH_ISSUER,
    ...toRateLimitConfig(parsed),
    ...toTransformConfig(parsed),
    ...toBalancingConfig(parsed),
    ...toGraphqlConfig(parsed),
    ...toResponseCacheConfig(parsed),
  });
}
