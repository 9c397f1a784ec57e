/** What a counter is kept per: the client address, the verified user, or the verified tenant. */
export type RateLimitDimension = 'ip' | 'user' | 'tenant';

/** At most `limit` requests per `windowS` seconds for each distinct value of `by`. */
export interface RateLimitRule {
  readonly by: RateLimitDimension;
  readonly limit: number;
  readonly windowS: number;
}

/** The rules for every path under `prefix`; a policy without rules leaves its paths unlimited. */
export interface RateLimitPolicy {
  readonly prefix: string;
  readonly rules: readonly RateLimitRule[];
}

/**
 * Login is tight per address, the operational routes are free (the observer polls them), and everything else
 * shares a generous default per address, per user and per tenant.
 */
export const DEFAULT_RATE_LIMITS = '/api/v1/auth/login=ip:10/1m; /health=off; /alive=off; /metrics=off; /=ip:1200/1m,user:600/1m,tenant:6000/1m';

/** The sliding window keeps one entry per admitted request, so the limit bounds the memory of a counter. */
export const RATE_LIMIT_MAX = 100_000;
export const RATE_LIMIT_WINDOW_S_MAX = 86_400;

const DIMENSIONS: readonly string[] = ['ip', 'user', 'tenant'];
const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600 };
const RULE_PATTERN = /^(ip|user|tenant):(\d+)\/(\d+)([smh])$/;

export type ParsedRateLimits = { policies: RateLimitPolicy[]; error?: undefined } | { policies?: undefined; error: string };

/**
 * Parses the compact form (`/api/v1/auth/login=ip:10/1m; /=ip:1200/1m,user:600/1m`) or the JSON form
 * (`[{"prefix":"/","rules":[{"by":"ip","limit":1200,"window_s":60}]}]`). Policies come back longest prefix
 * first, so the first match is the most specific one.
 */
export function parseRateLimits(text: string): ParsedRateLimits {
  const trimmed = text.trim();
  const parsed = trimmed.startsWith('[') ? parseJsonPolicies(trimmed) : parseCompactPolicies(trimmed);
  if (parsed.error !== undefined) return parsed;
  const problem = parsed.policies.map(checkPolicy).find((message) => message !== undefined) ?? duplicatePrefix(parsed.policies);
  if (problem) return { error: problem };
  return { policies: [...parsed.policies].sort((a, b) => b.prefix.length - a.prefix.length) };
}

/** The most specific policy whose prefix covers `path` on a segment boundary (`/a` covers `/a/b`, not `/ab`). */
export function findPolicy(policies: readonly RateLimitPolicy[], path: string): RateLimitPolicy | undefined {
  return policies.find(({ prefix }) => prefix === '/' || path === prefix || path.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`));
}

function parseCompactPolicies(text: string): ParsedRateLimits {
  const policies: RateLimitPolicy[] = [];
  for (const part of text.split(';').map((piece) => piece.trim())) {
    if (part === '') continue;
    const [prefix, rulesText, extra] = part.split('=').map((piece) => piece.trim());
    if (!prefix || rulesText === undefined || extra !== undefined) return { error: `"${part}" is not <prefix>=<rules>` };
    if (rulesText === 'off') {
      policies.push({ prefix, rules: [] });
      continue;
    }
    const rules: RateLimitRule[] = [];
    for (const ruleText of rulesText.split(',').map((piece) => piece.trim())) {
      const match = RULE_PATTERN.exec(ruleText);
      if (!match) return { error: `"${ruleText}" is not <ip|user|tenant>:<limit>/<window><s|m|h>, e.g. ip:10/1m` };
      const [, by, limit, amount, unit] = match;
      rules.push({ by: by as RateLimitDimension, limit: Number(limit), windowS: Number(amount) * (UNIT_SECONDS[unit ?? 's'] ?? 1) });
    }
    policies.push({ prefix, rules });
  }
  return { policies };
}

function parseJsonPolicies(text: string): ParsedRateLimits {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { error: 'is not valid JSON' };
  }
  if (!Array.isArray(value)) return { error: 'must be a JSON array of policies' };
  const policies: RateLimitPolicy[] = [];
  for (const item of value as unknown[]) {
    const { prefix, rules } = (item ?? {}) as { prefix?: unknown; rules?: unknown };
    if (typeof prefix !== 'string' || !Array.isArray(rules)) return { error: 'each policy needs "prefix" (string) and "rules" (array)' };
    const converted = (rules as unknown[]).map((rule) => {
      const { by, limit, window_s: windowS } = (rule ?? {}) as { by?: unknown; limit?: unknown; window_s?: unknown };
      return { by: by as RateLimitDimension, limit: limit as number, windowS: windowS as number };
    });
    policies.push({ prefix, rules: converted });
  }
  return { policies };
}

function checkPolicy(policy: RateLimitPolicy): string | undefined {
  if (!policy.prefix.startsWith('/')) return `prefix "${policy.prefix}" must start with /`;
  for (const rule of policy.rules) {
    if (!DIMENSIONS.includes(rule.by)) return `"by" must be ip, user or tenant (prefix ${policy.prefix})`;
    if (!Number.isInteger(rule.limit) || rule.limit < 1 || rule.limit > RATE_LIMIT_MAX) {
      return `limit must be an integer from 1 to ${RATE_LIMIT_MAX} (prefix ${policy.prefix})`;
    }
    if (!Number.isInteger(rule.windowS) || rule.windowS < 1 || rule.windowS > RATE_LIMIT_WINDOW_S_MAX) {
      return `window must be whole seconds from 1 to ${RATE_LIMIT_WINDOW_S_MAX} (prefix ${policy.prefix})`;
    }
  }
  const dimensions = policy.rules.map((rule) => rule.by);
  if (new Set(dimensions).size !== dimensions.length) return `prefix ${policy.prefix} has two rules for the same dimension`;
  return undefined;
}

function duplicatePrefix(policies: readonly RateLimitPolicy[]): string | undefined {
  const seen = new Set<string>();
  for (const { prefix } of policies) {
    if (seen.has(prefix)) return `prefix ${prefix} appears twice`;
    seen.add(prefix);
  }
  return undefined;
}
