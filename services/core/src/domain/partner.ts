import type { PartnerRole } from './number-series.js';

export type PartnerKind = 'company' | 'person';
export type AddressType = 'billing' | 'shipping';

export interface PaymentTerms {
  net_days: number;
  /** Decimal string with two places, e.g. "2.00". */
  skonto_percent: string | null;
  skonto_days: number | null;
}

export interface CreditLimit {
  /** Decimal string with two places, e.g. "10000.00". */
  amount: string;
  /** ISO 4217, e.g. "EUR". */
  currency: string;
}

export interface CommercialRegister {
  /** The register court, e.g. "Amtsgericht München". */
  court: string;
  /** E.g. "HRB 12345". */
  number: string;
}

export interface Contact {
  id: string;
  salutation: string | null;
  first_name: string | null;
  last_name: string | null;
  position: string | null;
  email: string | null;
  phone: string | null;
}

export interface Address {
  id: string;
  type: AddressType;
  is_default: boolean;
  addition: string | null;
  /** `null` only after erasure, which keeps the country. */
  street: string | null;
  postal_code: string | null;
  city: string | null;
  /** ISO 3166-1 alpha-2. */
  country: string;
}

/** Everything about a partner that a client sets. */
export interface PartnerFields {
  kind: PartnerKind;
  company_name: string | null;
  salutation: string | null;
  title: string | null;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  phone: string | null;
  website: string | null;
  vat_id: string | null;
  tax_number: string | null;
  leitweg_id: string | null;
  commercial_register: CommercialRegister | null;
  payment_terms: PaymentTerms | null;
  credit_limit: CreditLimit | null;
  tags: string[];
  notes: string | null;
  contacts: Contact[];
  addresses: Address[];
}

/** A customer or supplier as the API shows it. */
export interface Partner extends PartnerFields {
  id: string;
  role: PartnerRole;
  number: string;
  /** The company name, or title, first and last name of a person. */
  name: string;
  version: number;
  archived_at: string | null;
  erased_at: string | null;
  created_at: string;
  updated_at: string;
}

/** The field names of {@link PartnerFields} in the order the API, history and diffs use. */
export const PARTNER_FIELD_NAMES = [
  'kind',
  'company_name',
  'salutation',
  'title',
  'first_name',
  'last_name',
  'email',
  'phone',
  'website',
  'vat_id',
  'tax_number',
  'leitweg_id',
  'commercial_register',
  'payment_terms',
  'credit_limit',
  'tags',
  'notes',
  'contacts',
  'addresses',
] as const satisfies readonly (keyof PartnerFields)[];

export type PartnerFieldName = (typeof PARTNER_FIELD_NAMES)[number];

/** A partner without any field set, the "before" of a creation. */
export function emptyPartnerFields(kind: PartnerKind): PartnerFields {
  return {
    kind,
    company_name: null,
    salutation: null,
    title: null,
    first_name: null,
    last_name: null,
    email: null,
    phone: null,
    website: null,
    vat_id: null,
    tax_number: null,
    leitweg_id: null,
    commercial_register: null,
    payment_terms: null,
    credit_limit: null,
    tags: [],
    notes: null,
    contacts: [],
    addresses: [],
  };
}

/** The fields of a full partner, without its identity and bookkeeping. */
export function partnerFieldsOf(partner: Partner): PartnerFields {
  const fields = emptyPartnerFields(partner.kind);
  for (const name of PARTNER_FIELD_NAMES) (fields as unknown as Record<string, unknown>)[name] = partner[name];
  return fields;
}
