import { emptyPartnerFields, PARTNER_FIELD_NAMES, type PartnerFields } from './partner.js';
import { type AddressInput, applyScalarPatch, type ContactInput, type PartnerPatch, toAddress, toContact } from './partner-input.js';
import type { FieldError } from './partner-rules.js';

/** One changed field of a partner, as the history records it. */
export interface FieldChange {
  field: string;
  old: unknown;
  new: unknown;
  /** Set when a GDPR erasure replaced the values by `null`. */
  redacted?: true;
}

/** The result of applying a client's input: the new fields, or what in the input is wrong. */
export type PatchResult = { ok: true; fields: PartnerFields } | { ok: false; errors: FieldError[] };

/** The fields of a new partner from a client's input; contacts and addresses get new ids. */
export function toNewPartnerFields(input: PartnerPatch & { kind: PartnerFields['kind'] }, newId: () => string): PatchResult {
  const withoutIds = {
    ...input,
    contacts: input.contacts?.map(({ id: _id, ...contact }) => contact),
    addresses: input.addresses?.map(({ id: _id, ...address }) => address),
  };
  return applyPartnerPatch(emptyPartnerFields(input.kind), withoutIds, newId);
}

/**
 * Applies a client's patch to a partner's fields. Scalars named in the patch replace the old values (`null`
 * clears); `contacts` and `addresses`, when present, replace the lists: an item with the `id` of an existing
 * one keeps that id, an item without `id` is new, and existing items left out are removed.
 */
export function applyPartnerPatch(current: PartnerFields, patch: PartnerPatch, newId: () => string): PatchResult {
  const next = applyScalarPatch(current, patch);
  const errors: FieldError[] = [];
  if (patch.contacts !== undefined) next.contacts = mergeItems('contacts', current.contacts, patch.contacts, newId, toContact, errors);
  if (patch.addresses !== undefined) next.addresses = mergeItems('addresses', current.addresses, patch.addresses, newId, toAddress, errors);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, fields: next };
}

function mergeItems<Input extends ContactInput | AddressInput, Item extends { id: string }>(
  list: 'contacts' | 'addresses',
  existing: Item[],
  incoming: Input[],
  newId: () => string,
  convert: (input: Input, id: string) => Item,
  errors: FieldError[],
): Item[] {
  const known = new Set(existing.map((item) => item.id));
  const seen = new Set<string>();
  return incoming.map((input, index) => {
    if (input.id === undefined) return convert(input, newId());
    if (!known.has(input.id))
      errors.push({ pointer: `/${list}/${index}/id`, detail: `is not the id of one of this partner's ${list}; leave it out for a new one.` });
    if (seen.has(input.id)) errors.push({ pointer: `/${list}/${index}/id`, detail: 'appears twice.' });
    seen.add(input.id);
    return convert(input, input.id);
  });
}

/** The fields that differ between two versions of a partner, with old and new values. */
export function diffPartner(before: PartnerFields, after: PartnerFields): FieldChange[] {
  return PARTNER_FIELD_NAMES.filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field])).map((field) => ({
    field,
    old: before[field],
    new: after[field],
  }));
}

/** The changes that create a partner: every set field, from nothing (`null`) to its value. */
export function creationChanges(fields: PartnerFields): FieldChange[] {
  return PARTNER_FIELD_NAMES.filter((field) => {
    const value = fields[field];
    return value !== null && !(Array.isArray(value) && value.length === 0);
  }).map((field) => ({ field, old: null, new: fields[field] }));
}
