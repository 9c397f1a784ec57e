import { createHash } from 'node:crypto';
import { normaliseUrl, permissionsText } from '../domain/cached-response.js';

const digest = (text: string) => createHash('sha256').update(text).digest('base64url');

/** Who asks for what: the parts that must all agree before a stored response may be served. */
export interface EntryKeyParts {
  readonly tenantId: string;
  readonly permissions: readonly string[];
  /** The request URL: path and query as the client sent them. */
  readonly url: string;
}

/**
 * The store key of a GET response: the tenant in clear (so an operator can see and drop one tenant's
 * entries), then digests of the caller's sorted permissions and of the normalised URL. A HEAD request reads
 * the GET entry. Two callers share an entry only with the same tenant and exactly the same permissions.
 */
export function toEntryKey(parts: EntryKeyParts): string {
  return `${parts.tenantId}:${digest(permissionsText(parts.permissions))}:GET:${digest(normaliseUrl(parts.url))}`;
}

/** A digest of the varying request headers' values, so that no header value (a token) is stored as such. */
export function toVaryDigest(text: string): string {
  return digest(text);
}
