import { EVENT_TYPE_PATTERN } from '@erp/contracts';

/** A domain event type the gateway consumes, and the cache tags its tenant's entries lose when it arrives. */
export interface CachePurgeEvent {
  readonly type: string;
  readonly tags: readonly string[];
}

/**
 * The product and customer events of the core service. The transports route exact type names only (no
 * wildcards), so every verb that changes what a cached read returns is listed.
 */
export const DEFAULT_CACHE_EVENTS = ['product', 'customer']
  .flatMap((entity) => ['created', 'updated', 'deleted'].map((verb) => `erp.core.${entity}.${verb}.v1`))
  .join('; ');

const TAG = /^[a-z][a-z0-9_-]{0,62}$/;

export type ParsedCacheEvents = { events: CachePurgeEvent[]; error?: undefined } | { events?: undefined; error: string };

/**
 * The tag an event purges when the configuration names none: the plural of the entity segment of
 * `erp.<service>.<entity>.<verb>.v<n>`, as the API paths spell it (`product` → `products`, `category` →
 * `categories`, `address` → `addresses`).
 */
export function tagOfEventType(type: string): string {
  const entity = type.split('.')[2] ?? '';
  if (/[^aeiou]y$/.test(entity)) return `${entity.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(entity)) return `${entity}es`;
  return `${entity}s`;
}

/**
 * Parses `RESPONSE_CACHE_EVENTS`: `off`, or event types separated by `;`, each optionally followed by the
 * tags it purges (`erp.core.product.updated.v1; erp.core.price.changed.v1=products,orders`).
 */
export function parseCacheEvents(text: string): ParsedCacheEvents {
  const trimmed = text.trim();
  if (trimmed === 'off') return { events: [] };
  const events: CachePurgeEvent[] = [];
  for (const part of trimmed.split(';').map((piece) => piece.trim())) {
    if (part === '') continue;
    const [type = '', tagsText, extra] = part.split('=').map((piece) => piece.trim());
    if (extra !== undefined) return { error: `"${part}" is not <event type>[=<tag>,...]` };
    if (!EVENT_TYPE_PATTERN.test(type)) return { error: `"${type}" is not an event type erp.<service>.<entity>.<verb>.v<n>` };
    const tags = tagsText === undefined ? [tagOfEventType(type)] : tagsText.split(',').map((tag) => tag.trim());
    const badTag = tags.find((tag) => !TAG.test(tag));
    if (badTag !== undefined) return { error: `tag "${badTag}" must be lower case letters, digits, "_" or "-", starting with a letter (${type})` };
    if (events.some((event) => event.type === type)) return { error: `event type ${type} appears twice` };
    events.push({ type, tags });
  }
  return { events };
}
