/** A header as Node hands it over. */
export type HeaderValue = string | number | readonly string[] | undefined;

/** Cache-Control directives by lower-case name; a directive without an argument maps to `true`. */
export type CacheDirectives = ReadonlyMap<string, string | true>;

/** Reads Cache-Control (RFC 9111 §5.2), all field lines together; quoted arguments lose their quotes. */
export function parseCacheControl(value: HeaderValue): CacheDirectives {
  const directives = new Map<string, string | true>();
  for (const item of headerText(value).split(',')) {
    const [name = '', ...rest] = item.split('=');
    const key = name.trim().toLowerCase();
    if (key === '') continue;
    const argument = rest
      .join('=')
      .trim()
      .replace(/^"(.*)"$/, '$1');
    if (!directives.has(key)) directives.set(key, rest.length === 0 ? true : argument);
  }
  return directives;
}

/** A delta-seconds argument (`max-age=30`), or undefined when absent or malformed. */
export function deltaSeconds(directives: CacheDirectives, name: string): number | undefined {
  const argument = directives.get(name);
  return typeof argument === 'string' && /^\d+$/.test(argument) ? Number(argument) : undefined;
}

/** What the client's request allows the cache to do. */
export interface RequestCachePolicy {
  /** `no-store`: neither answer from the cache nor store the response. */
  readonly bypass: boolean;
  /** `no-cache` (or `Pragma: no-cache` without Cache-Control): fetch afresh, then store. */
  readonly revalidate: boolean;
  /** `max-age`: an entry older than this many seconds is fetched afresh. */
  readonly maxAgeS?: number | undefined;
}

export function toRequestPolicy(headers: { 'cache-control'?: HeaderValue; pragma?: HeaderValue }): RequestCachePolicy {
  const directives = parseCacheControl(headers['cache-control']);
  // RFC 9111 §5.4: Pragma counts only when the request has no Cache-Control.
  const pragmaNoCache = headers['cache-control'] === undefined && /(^|,)\s*no-cache\s*(,|$)/i.test(headerText(headers.pragma));
  return {
    bypass: directives.has('no-store'),
    revalidate: directives.has('no-cache') || pragmaNoCache,
    maxAgeS: deltaSeconds(directives, 'max-age'),
  };
}

/** Why a response is not stored: a label for metrics and the `Cache-Status` detail. */
export type NotStoredReason = 'status' | 'set-cookie' | 'no-store' | 'private' | 'no-cache' | 'vary' | 'expired' | 'too-large';

export type Storability = { ttlS: number; reason?: undefined } | { ttlS?: undefined; reason: NotStoredReason };

/**
 * Whether a response may be stored, and for how many seconds. The rule's time to live is the ceiling: an
 * upstream can shorten it with `s-maxage`, `max-age` or `Expires` (less any `Age` it reports), never
 * lengthen it. `private` is refused because the gateway's entries are shared by every user of a tenant
 * with the same permissions, and `private` says the response belongs to one user.
 */
export function toStorability(status: number, headers: Record<string, HeaderValue>, ruleTtlS: number, nowMs: number): Storability {
  if (status !== 200) return { reason: 'status' };
  if (headers['set-cookie'] !== undefined) return { reason: 'set-cookie' };
  const directives = parseCacheControl(headers['cache-control']);
  for (const reason of ['no-store', 'private', 'no-cache'] as const) if (directives.has(reason)) return { reason };
  if (
    headerText(headers.vary)
      .split(',')
      .some((name) => name.trim() === '*')
  )
    return { reason: 'vary' };
  const lifetimeS = deltaSeconds(directives, 's-maxage') ?? deltaSeconds(directives, 'max-age') ?? expiresLifetimeS(headers, nowMs);
  const ttlS = Math.min(ruleTtlS, (lifetimeS ?? ruleTtlS) - upstreamAgeS(headers));
  return ttlS >= 1 ? { ttlS } : { reason: 'expired' };
}

/** The upstream's own `Age`, when a cache behind the gateway answered; 0 otherwise. */
export function upstreamAgeS(headers: Record<string, HeaderValue>): number {
  const age = headerText(headers.age).trim();
  return /^\d+$/.test(age) ? Number(age) : 0;
}

/** Seconds from `Date` (or now) until `Expires`; an `Expires` that is not a date means already expired. */
function expiresLifetimeS(headers: Record<string, HeaderValue>, nowMs: number): number | undefined {
  if (headers.expires === undefined) return undefined;
  const expiresMs = Date.parse(headerText(headers.expires));
  if (Number.isNaN(expiresMs)) return 0;
  const dateMs = Date.parse(headerText(headers.date));
  return Math.floor((expiresMs - (Number.isNaN(dateMs) ? nowMs : dateMs)) / 1000);
}

/** All field lines of a header as one comma-separated text. */
export function headerText(value: HeaderValue): string {
  if (value === undefined) return '';
  return typeof value === 'object' ? value.join(', ') : String(value);
}
