/**
 * How GET responses under a path pattern are cached: for at most `ttlS` seconds, purged together with every
 * entry that shares one of `tags`. A rule with `ttlS` 0 switches caching off below a cached prefix.
 */
export interface CacheRule {
  /** Segments separated by `/`; `*` stands for exactly one segment. */
  readonly prefix: string;
  readonly ttlS: number;
  readonly tags: readonly string[];
}

/** Product and customer reads, the ones every order form repeats, cached briefly and purged by their events. */
export const DEFAULT_CACHE_ROUTES = '/api/v1/products=30s:products; /api/v1/customers=30s:customers';

/** A day: longer would outlive the generations that purge entries (see the generation stores). */
export const CACHE_TTL_S_MAX = 86_400;

const TAG = /^[a-z][a-z0-9_-]{0,62}$/;
const SEGMENT = /^([A-Za-z0-9._~-]+|\*)$/;
const TTL = /^(\d+)([smh]?)$/;
const UNIT_SECONDS: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600 };

export type ParsedCacheRules = { rules: CacheRule[]; error?: undefined } | { rules?: undefined; error: string };

/**
 * Parses `RESPONSE_CACHE_ROUTES`: `off`, the compact form (`/api/v1/products=30s:products; /api/v1/x=off`) or
 * JSON (`[{"prefix":"/api/v1/products","ttl_s":30,"tags":["products"]},{"prefix":"/api/v1/x","off":true}]`).
 * Rules come back most specific first: more segments, then fewer wildcards.
 */
export function parseCacheRules(text: string): ParsedCacheRules {
  const trimmed = text.trim();
  if (trimmed === 'off') return { rules: [] };
  const parsed = /^[[{]/.test(trimmed) ? parseJsonRules(trimmed) : parseCompactRules(trimmed);
  if (parsed.error !== undefined) return parsed;
  const problem = parsed.rules.map(checkRule).find((message) => message !== undefined) ?? duplicatePrefix(parsed.rules);
  if (problem) return { error: problem };
  return { rules: [...parsed.rules].sort(bySpecificity) };
}

/** The most specific rule covering `path` on segment boundaries, or undefined; an `off` rule is returned too. */
export function findCacheRule(rules: readonly CacheRule[], path: string): CacheRule | undefined {
  const segments = toSegments(path);
  return rules.find((rule) => covers(rule, segments));
}

/** Every tag of every rule covering `path`: what a successful write to `path` purges. */
export function tagsCovering(rules: readonly CacheRule[], path: string): string[] {
  const segments = toSegments(path);
  return [...new Set(rules.filter((rule) => covers(rule, segments)).flatMap((rule) => rule.tags))];
}

function toSegments(path: string): string[] {
  return path.split('/').filter((segment) => segment !== '');
}

function covers(rule: CacheRule, pathSegments: readonly string[]): boolean {
  const ruleSegments = toSegments(rule.prefix);
  if (ruleSegments.length > pathSegments.length) return false;
  return ruleSegments.every((segment, index) => segment === '*' || segment === pathSegments[index]);
}

function bySpecificity(a: CacheRule, b: CacheRule): number {
  const wildcards = (rule: CacheRule) => toSegments(rule.prefix).filter((segment) => segment === '*').length;
  return toSegments(b.prefix).length - toSegments(a.prefix).length || wildcards(a) - wildcards(b);
}

function parseCompactRules(text: string): ParsedCacheRules {
  const rules: CacheRule[] = [];
  for (const part of text.split(';').map((piece) => piece.trim())) {
    if (part === '') continue;
    const [prefix, setting, extra] = part.split('=').map((piece) => piece.trim());
    if (!prefix || !setting || extra !== undefined) return { error: `"${part}" is not <prefix>=<ttl>[:<tag>,...] or <prefix>=off` };
    if (setting === 'off') {
      rules.push({ prefix, ttlS: 0, tags: [] });
      continue;
    }
    const [ttlText = '', tagsText] = setting.split(':').map((piece) => piece.trim());
    const ttl = TTL.exec(ttlText);
    if (!ttl) return { error: `"${ttlText}" is not a time to live such as 30, 30s, 5m or 1h (prefix ${prefix})` };
    const ttlS = Number(ttl[1]) * (UNIT_SECONDS[ttl[2] ?? ''] ?? 1);
    if (ttlS < 1) return { error: `a time to live of 0 caches nothing; write ${prefix}=off (prefix ${prefix})` };
    const tags = tagsText === undefined ? [] : tagsText.split(',').map((tag) => tag.trim());
    rules.push({ prefix, ttlS, tags });
  }
  return { rules };
}

function parseJsonRules(text: string): ParsedCacheRules {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { error: 'is not valid JSON' };
  }
  if (!Array.isArray(value)) return { error: 'must be a JSON array of rules' };
  const rules: CacheRule[] = [];
  for (const item of value as unknown[]) {
    const { prefix, ttl_s: ttlS, tags = [], off } = (item ?? {}) as { prefix?: unknown; ttl_s?: unknown; tags?: unknown; off?: unknown };
    if (typeof prefix !== 'string') return { error: 'each rule needs "prefix" (string)' };
    if (off === true) {
      rules.push({ prefix, ttlS: 0, tags: [] });
      continue;
    }
    if (!Array.isArray(tags) || !tags.every((tag) => typeof tag === 'string')) return { error: `"tags" must be an array of strings (prefix ${prefix})` };
    if (typeof ttlS !== 'number' || ttlS < 1) return { error: `each rule needs "ttl_s" (whole seconds) or "off": true (prefix ${prefix})` };
    rules.push({ prefix, ttlS, tags });
  }
  return { rules };
}

function checkRule(rule: CacheRule): string | undefined {
  if (!rule.prefix.startsWith('/')) return `prefix "${rule.prefix}" must start with /`;
  if (!toSegments(rule.prefix).every((segment) => SEGMENT.test(segment))) {
    return `prefix "${rule.prefix}" may hold only letters, digits, "._~-" and whole-segment "*"`;
  }
  if (!Number.isInteger(rule.ttlS) || rule.ttlS < 0 || rule.ttlS > CACHE_TTL_S_MAX) {
    return `the time to live must be whole seconds from 1 to ${CACHE_TTL_S_MAX} (prefix ${rule.prefix})`;
  }
  const badTag = rule.tags.find((tag) => !TAG.test(tag));
  if (badTag !== undefined) return `tag "${badTag}" must be lower case letters, digits, "_" or "-", starting with a letter (prefix ${rule.prefix})`;
  return undefined;
}

function duplicatePrefix(rules: readonly CacheRule[]): string | undefined {
  const seen = new Set<string>();
  for (const { prefix } of rules) {
    const normalised = `/${toSegments(prefix).join('/')}`;
    if (seen.has(normalised)) return `prefix ${prefix} appears twice`;
    seen.add(normalised);
  }
  return undefined;
}
