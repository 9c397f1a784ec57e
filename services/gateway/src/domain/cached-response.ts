import { type HeaderValue, headerText } from './cache-control.js';
import { hopByHopNames } from './hop-by-hop.js';

/** A stored 200 response, as JSON in the cache store. */
export interface CachedResponse {
  /** The upstream's headers without the per-request ones (see {@link toStoredHeaders}). */
  readonly headers: Record<string, string | string[]>;
  readonly bodyBase64: string;
  readonly storedAtMs: number;
  /** How long the entry is fresh from `storedAtMs`. */
  readonly ttlS: number;
  /** The `Age` the upstream reported, counted into the `Age` the gateway answers. */
  readonly initialAgeS: number;
  /** The generation of each of the rule's tags when the request was forwarded; a purge changes one. */
  readonly generations: readonly string[];
  /** The request headers the response varies by, and a digest of their values in that request. */
  readonly varyNames: readonly string[];
  readonly varyDigest: string;
}

/**
 * Headers that belong to one request or connection, not to the resource: the gateway's own (request id,
 * rate limits, CORS, timing), framing, and the cache's own. `content-length` is set again from the body.
 */
const PER_REQUEST = new Set([
  'x-request-id',
  'ratelimit',
  'ratelimit-policy',
  'retry-after',
  'server-timing',
  'timing-allow-origin',
  'age',
  'cache-status',
  'content-length',
  'set-cookie',
]);

export function toStoredHeaders(headers: Record<string, HeaderValue>): Record<string, string | string[]> {
  const hopByHop = new Set(hopByHopNames(headers));
  const stored: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (value === undefined || PER_REQUEST.has(lower) || hopByHop.has(lower) || lower.startsWith('access-control-')) continue;
    stored[lower] = typeof value === 'object' ? [...value] : String(value);
  }
  return stored;
}

/** The `Age` to answer with: the upstream's plus the whole seconds the entry has been stored. */
export function ageOf(entry: CachedResponse, nowMs: number): number {
  return entry.initialAgeS + Math.max(0, Math.floor((nowMs - entry.storedAtMs) / 1000));
}

/** The seconds the entry stays fresh from now; 0 or less once it has expired. */
export function remainingTtlS(entry: CachedResponse, nowMs: number): number {
  return entry.ttlS - Math.floor((nowMs - entry.storedAtMs) / 1000);
}

/**
 * The request headers a response varies by that select a different representation. `Origin` is left out:
 * it changes only the CORS headers, which the gateway sets afresh on every answer.
 */
export function toVaryNames(vary: HeaderValue): string[] {
  const names = headerText(vary)
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '' && name !== 'origin');
  return [...new Set(names)].sort();
}

/** The values of the varying headers of a request, as one text (hashed before it is stored). */
export function varyText(names: readonly string[], headers: Record<string, HeaderValue>): string {
  return names.map((name) => `${name}:${headerText(headers[name])}`).join('\n');
}

/**
 * Whether `If-None-Match` matches the entity tag, by the weak comparison GET uses (RFC 9110 §13.1.2):
 * `W/"a"` matches `"a"`, and `*` matches any current representation.
 */
export function matchesIfNoneMatch(ifNoneMatch: HeaderValue, etag: HeaderValue): boolean {
  const current = headerText(etag).trim();
  if (ifNoneMatch === undefined || current === '') return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return headerText(ifNoneMatch)
    .split(',')
    .some((tag) => tag.trim() === '*' || opaque(tag) === opaque(current));
}

/** RFC 9110 §15.4.5: the headers a 304 carries, those a 200 would have sent for cache updates. */
export function notModifiedHeaders(headers: Record<string, string | string[]>): Record<string, string | string[]> {
  const kept = ['cache-control', 'content-location', 'date', 'etag', 'expires', 'vary', 'last-modified'];
  return Object.fromEntries(Object.entries(headers).filter(([name]) => kept.includes(name)));
}

/**
 * The URL as the cache key sees it: the path unchanged (the upstream routes on it as sent) and the query
 * re-encoded with its parameters ordered by name, so `?b=2&a=1` and `?a=1&b=2` share an entry. Values of a
 * repeated name keep their order, which can matter to the upstream.
 */
export function normaliseUrl(url: string): string {
  const mark = url.indexOf('?');
  if (mark === -1) return url;
  const query = new URLSearchParams(url.slice(mark + 1));
  query.sort();
  const text = query.toString();
  return text === '' ? url.slice(0, mark) : `${url.slice(0, mark)}?${text}`;
}

/**
 * The path rules are matched against: percent-encoded characters decoded, as the router and the upstream
 * see them, so that `/api/v1/%70roducts` meets the rule of `/api/v1/products`. A malformed encoding is left
 * as it is; the forwarding route refuses it.
 */
export function toRulePath(url: string): string {
  const path = url.split('?', 1)[0] ?? '/';
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** The caller's permissions as one canonical text: sorted, without duplicates, one per line. */
export function permissionsText(permissions: readonly string[]): string {
  return [...new Set(permissions)].sort().join('\n');
}
