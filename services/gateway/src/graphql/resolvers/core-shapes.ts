// The core service's REST shapes (only the fields read here) and their GraphQL counterparts.

import { toCamelKeys, toSnakeKeys } from './rename-keys.js';

export type PartnerRole = 'customer' | 'supplier';

export interface RestPartner {
  id: string;
  kind: string;
  version: number;
  addresses: Array<{ type: string }>;
  [field: string]: unknown;
}

export interface RestHistoryEntry {
  id: string;
  at: string;
  actor_id: string | null;
  action: string;
  via: string;
  changes: Array<{ field: string; old: unknown; new: unknown; redacted?: boolean }>;
}

/** A customer or supplier in GraphQL shape; `role` tells which REST collection it belongs to. */
export interface Partner {
  id: string;
  role: PartnerRole;
  [field: string]: unknown;
}

/** Core sends `ETag: "<version>"` on every read and write; list items carry only the version. */
export const partnerEtag = (version: number) => `"${version}"`;

// The record holds no free-form JSON, so every key can be renamed; history values (below) are left as they are.
export function partnerRestToPartner(role: PartnerRole, partner: RestPartner): Partner {
  const shaped = toCamelKeys(partner);
  return {
    ...shaped,
    id: partner.id,
    role,
    kind: partner.kind.toUpperCase(),
    addresses: (shaped.addresses as Array<Record<string, unknown>>).map((address) => ({ ...address, type: String(address.type).toUpperCase() })),
    etag: partnerEtag(partner.version),
  };
}

export function historyRestToHistory(entry: RestHistoryEntry) {
  return {
    id: entry.id,
    at: entry.at,
    action: entry.action,
    via: entry.via,
    actorId: entry.actor_id,
    changes: entry.changes.map((change) => ({ field: change.field, old: change.old, new: change.new, redacted: change.redacted ?? false })),
  };
}

/**
 * A creation or patch in core's REST shape: snake_case keys, enum values in lower case. Only the fields the
 * client gave are sent, so a patch changes those alone, and a null clears its field.
 */
export function partnerInputToRest(input: Record<string, unknown>): Record<string, unknown> {
  const body = toSnakeKeys(input);
  if (typeof body.kind === 'string') body.kind = body.kind.toLowerCase();
  if (Array.isArray(body.addresses)) {
    body.addresses = body.addresses.map((address: Record<string, unknown>) => ({ ...address, type: String(address.type).toLowerCase() }));
  }
  return body;
}

/** The `archived` query value core understands for an ArchivedFilter. */
export const ARCHIVED_QUERY: Readonly<Record<string, string>> = { ACTIVE: 'false', ARCHIVED: 'true', ALL: 'all' };
