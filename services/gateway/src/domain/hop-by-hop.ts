/** Headers that describe one connection (RFC 9110 section 7.6.1) and must not cross the gateway. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

/** The tokens of a `Connection` header, lower case. */
export function connectionTokens(value: unknown): string[] {
  const text = Array.isArray(value) ? value.join(',') : typeof value === 'string' ? value : '';
  return text
    .split(',')
    .map((token) => token.trim().toLowerCase())
    .filter((token) => token !== '');
}

/**
 * The names among `headers` (lower case) that belong to one hop: the fixed list, every `proxy-*` header, and
 * every header the `Connection` header names.
 */
export function hopByHopNames(headers: Readonly<Record<string, unknown>>): string[] {
  const named = new Set(connectionTokens(headers.connection));
  return Object.keys(headers).filter((name) => HOP_BY_HOP.has(name) || name.startsWith('proxy-') || named.has(name));
}
