import { Decimal } from 'decimal.js';
import { normaliseLeitwegId } from './leitweg-id.js';
import type { Address, AddressType, CommercialRegister, Contact, CreditLimit, PartnerFields, PartnerKind, PaymentTerms } from './partner.js';
import { normaliseRegisterNumber, normaliseTaxNumber } from './tax-identifiers.js';
import { normaliseVatId } from './vat-id.js';

type Nullable<Value> = Value | null | undefined;

export interface ContactInput {
  id?: string | undefined;
  salutation?: Nullable<string>;
  first_name?: Nullable<string>;
  last_name?: Nullable<string>;
  position?: Nullable<string>;
  email?: Nullable<string>;
  phone?: Nullable<string>;
}

export interface AddressInput {
  id?: string | undefined;
  type: AddressType;
  is_default?: boolean | undefined;
  addition?: Nullable<string>;
  street: string;
  postal_code: string;
  city: string;
  country: string;
}

/** A partner as a client sends it: every field optional; `null` clears a field. */
export interface PartnerPatch {
  kind?: PartnerKind | undefined;
  company_name?: Nullable<string>;
  salutation?: Nullable<string>;
  title?: Nullable<string>;
  first_name?: Nullable<string>;
  last_name?: Nullable<string>;
  email?: Nullable<string>;
  phone?: Nullable<string>;
  website?: Nullable<string>;
  vat_id?: Nullable<string>;
  tax_number?: Nullable<string>;
  leitweg_id?: Nullable<string>;
  commercial_register?: Nullable<CommercialRegister>;
  payment_terms?: Nullable<{ net_days: number; skonto_percent?: Nullable<string>; skonto_days?: Nullable<number> }>;
  credit_limit?: Nullable<CreditLimit>;
  tags?: string[] | undefined;
  notes?: Nullable<string>;
  contacts?: ContactInput[] | undefined;
  addresses?: AddressInput[] | undefined;
}

/** Trims text; an empty text means "not set". */
export function cleanText(value: Nullable<string>): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

/** Decimal text with exactly two places ("2" → "2.00"); the schema has already bounded its form. */
export function toTwoPlaces(value: string): string {
  return new Decimal(value).toFixed(2);
}

export function toPaymentTerms(input: NonNullable<PartnerPatch['payment_terms']>): PaymentTerms {
  const percent = cleanText(input.skonto_percent);
  return { net_days: input.net_days, skonto_percent: percent === null ? null : toTwoPlaces(percent), skonto_days: input.skonto_days ?? null };
}

export function toCreditLimit(input: CreditLimit): CreditLimit {
  return { amount: toTwoPlaces(input.amount), currency: input.currency.toUpperCase() };
}

export function toCommercialRegister(input: CommercialRegister): CommercialRegister {
  const court = input.court.trim().replace(/\s+/g, ' ');
  return { court, number: normaliseRegisterNumber(input.number) ?? input.number.trim() };
}

/** A contact in canonical form; `id` is the existing contact's or a new one. */
export function toContact(input: ContactInput, id: string): Contact {
  return {
    id,
    salutation: cleanText(input.salutation),
    first_name: cleanText(input.first_name),
    last_name: cleanText(input.last_name),
    position: cleanText(input.position),
    email: cleanText(input.email)?.toLowerCase() ?? null,
    phone: cleanText(input.phone),
  };
}

export function toAddress(input: AddressInput, id: string): Address {
  return {
    id,
    type: input.type,
    is_default: input.is_default ?? false,
    addition: cleanText(input.addition),
    street: cleanText(input.street),
    postal_code: cleanText(input.postal_code)?.toUpperCase() ?? null,
    city: cleanText(input.city),
    country: input.country.trim().toUpperCase(),
  };
}

/** Sets the scalar fields a patch names (in canonical form) on `fields`; lists are merged elsewhere. */
export function applyScalarPatch(fields: PartnerFields, patch: PartnerPatch): PartnerFields {
  const next = { ...fields };
  if (patch.kind !== undefined) next.kind = patch.kind;
  for (const name of ['company_name', 'salutation', 'title', 'first_name', 'last_name', 'phone', 'website', 'notes'] as const) {
    if (patch[name] !== undefined) next[name] = cleanText(patch[name]);
  }
  if (patch.email !== undefined) next.email = cleanText(patch.email)?.toLowerCase() ?? null;
  if (patch.vat_id !== undefined) next.vat_id = patch.vat_id === null ? null : cleanText(normaliseVatId(patch.vat_id));
  if (patch.tax_number !== undefined) next.tax_number = patch.tax_number === null ? null : cleanText(normaliseTaxNumber(patch.tax_number));
  if (patch.leitweg_id !== undefined) next.leitweg_id = patch.leitweg_id === null ? null : cleanText(normaliseLeitwegId(patch.leitweg_id));
  if (patch.commercial_register !== undefined) next.commercial_register = patch.commercial_register && toCommercialRegister(patch.commercial_register);
  if (patch.payment_terms !== undefined) next.payment_terms = patch.payment_terms && toPaymentTerms(patch.payment_terms);
  if (patch.credit_limit !== undefined) next.credit_limit = patch.credit_limit && toCreditLimit(patch.credit_limit);
  if (patch.tags !== undefined) next.tags = patch.tags.map((tag) => tag.trim());
  return next;
}
