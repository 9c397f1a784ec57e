import { SERVICES } from '@erp/contracts';
import Type from 'typebox';
import { BALANCING_POLICIES, type BalancingPolicy } from '../domain/upstream-choice.js';

const URL_LIST = /^\s*https?:\/\/[^,\s]+(\s*,\s*https?:\/\/[^,\s]+)*\s*$/;
// `none` rather than an empty value, because an empty variable counts as unset and takes the default.
const STATUS_LIST = /^\s*(none|5\d\d(\s*,\s*5\d\d)*)\s*$/;
const upstreamNames = SERVICES.filter((service) => service.name !== 'gateway').map((service) => service.name);
const listVariable = (name: string) => `${name.toUpperCase()}_URLS`;

function toList(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function toStatuses(text: string): number[] {
  return text.trim() === 'none' ? [] : toList(text).map(Number);
}

/** The gateway's load-balancing variables; spread into the `Type.Object` of config.ts. */
export const balancingEnvProperties = {
  ...Object.fromEntries(
    upstreamNames.map((name) => [
      listVariable(name),
      Type.Optional(Type.String({ pattern: URL_LIST.source, description: `Further instances of ${name}, comma-separated http(s) URLs.` })),
    ]),
  ),
  LB_POLICY: Type.Refine(
    Type.String({ default: 'least-outstanding' }),
    (text: string) => (BALANCING_POLICIES as readonly string[]).includes(text),
    () => `LB_POLICY: expected one of ${BALANCING_POLICIES.join(', ')}`,
  ),
  HEALTH_CHECK_INTERVAL_MS: Type.Integer({ default: 5000, minimum: 50 }),
  HEALTH_CHECK_TIMEOUT_MS: Type.Integer({ default: 1000, minimum: 10 }),
  HEALTH_CHECK_RECHECK_MS: Type.Integer({ default: 1000, minimum: 50 }),
  UPSTREAM_EJECT_STATUSES: Type.String({ default: '502,503,504', pattern: STATUS_LIST.source }),
  UPSTREAM_RETRIES: Type.Integer({ default: 1, minimum: 0, maximum: 5 }),
  UPSTREAM_RETRY_BODY_LIMIT_BYTES: Type.Integer({ default: 65_536, minimum: 0, maximum: 1_048_576 }),
  BREAKER_FAILURE_THRESHOLD: Type.Integer({ default: 5, minimum: 1 }),
  BREAKER_COOLDOWN_MS: Type.Integer({ default: 10_000, minimum: 10 }),
};

export interface BalancingConfig {
  /** `<SERVICE>_URLS`: instances used besides the registry's, by service. */
  readonly upstreamInstances: Readonly<Record<string, readonly string[]>>;
  readonly balancingPolicy: BalancingPolicy;
  readonly healthCheckIntervalMs: number;
  readonly healthCheckTimeoutMs: number;
  /** How soon the next round comes while an instance is unhealthy (never later than the interval). */
  readonly healthCheckRecheckMs: number;
  /** Upstream statuses that eject the instance and count against its breaker. */
  readonly upstreamEjectStatuses: readonly number[];
  /** How many other instances an idempotent request may be retried on after a connection error. */
  readonly upstreamRetries: number;
  /** A PUT, DELETE or OPTIONS body up to this size is buffered so that it can be sent again; larger ones are not retried. */
  readonly upstreamRetryBodyLimitBytes: number;
  readonly breakerFailureThreshold: number;
  readonly breakerCooldownMs: number;
}

type ParsedBalancingEnv = Record<string, unknown> & {
  LB_POLICY: string;
  HEALTH_CHECK_INTERVAL_MS: number;
  HEALTH_CHECK_TIMEOUT_MS: number;
  HEALTH_CHECK_RECHECK_MS: number;
  UPSTREAM_EJECT_STATUSES: string;
  UPSTREAM_RETRIES: number;
  UPSTREAM_RETRY_BODY_LIMIT_BYTES: number;
  BREAKER_FAILURE_THRESHOLD: number;
  BREAKER_COOLDOWN_MS: number;
};

/** Maps the parsed variables of {@link balancingEnvProperties}. */
export function toBalancingConfig(parsed: ParsedBalancingEnv): BalancingConfig {
  const upstreamInstances = Object.fromEntries(upstreamNames.map((name) => [name, Object.freeze(toList(String(parsed[listVariable(name)] ?? '')))]));
  return {
    upstreamInstances: Object.freeze(upstreamInstances),
    balancingPolicy: parsed.LB_POLICY as BalancingPolicy,
    healthCheckIntervalMs: parsed.HEALTH_CHECK_INTERVAL_MS,
    healthCheckTimeoutMs: parsed.HEALTH_CHECK_TIMEOUT_MS,
    healthCheckRecheckMs: Math.min(parsed.HEALTH_CHECK_RECHECK_MS, parsed.HEALTH_CHECK_INTERVAL_MS),
    upstreamEjectStatuses: Object.freeze(toStatuses(parsed.UPSTREAM_EJECT_STATUSES)),
    upstreamRetries: parsed.UPSTREAM_RETRIES,
    upstreamRetryBodyLimitBytes: parsed.UPSTREAM_RETRY_BODY_LIMIT_BYTES,
    breakerFailureThreshold: parsed.BREAKER_FAILURE_THRESHOLD,
    breakerCooldownMs: parsed.BREAKER_COOLDOWN_MS,
  };
}
