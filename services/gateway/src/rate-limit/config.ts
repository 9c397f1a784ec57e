import Type from 'typebox';
import { DEFAULT_RATE_LIMITS, parseRateLimits, type RateLimitPolicy } from '../domain/rate-limit-policy.js';

/** The gateway's rate-limit variables; spread into the `Type.Object` of config.ts. */
export const rateLimitEnvProperties = {
  RATE_LIMITS: Type.Refine(
    Type.String({ default: DEFAULT_RATE_LIMITS, description: 'Policies per path prefix, compact or JSON; see the README.' }),
    (text: string) => parseRateLimits(text).error === undefined,
    (text: string) => `RATE_LIMITS: ${parseRateLimits(text).error ?? 'invalid'}`,
  ),
  RATE_LIMIT_REDIS_TIMEOUT_MS: Type.Integer({ default: 200, minimum: 10, maximum: 5000 }),
};

export interface RateLimitConfig {
  /** Longest prefix first. */
  readonly rateLimitPolicies: readonly RateLimitPolicy[];
  /** How long a request waits for the Redis counters before it is admitted without them. */
  readonly rateLimitRedisTimeoutMs: number;
}

/** Maps the parsed variables of {@link rateLimitEnvProperties}; parseEnv has already refused an invalid RATE_LIMITS. */
export function toRateLimitConfig(parsed: { RATE_LIMITS: string; RATE_LIMIT_REDIS_TIMEOUT_MS: number }): RateLimitConfig {
  const { policies, error } = parseRateLimits(parsed.RATE_LIMITS);
  if (error !== undefined) throw new Error(`RATE_LIMITS: ${error}`);
  return { rateLimitPolicies: Object.freeze(policies), rateLimitRedisTimeoutMs: parsed.RATE_LIMIT_REDIS_TIMEOUT_MS };
}
