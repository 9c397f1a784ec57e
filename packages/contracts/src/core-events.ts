import Type, { type Static } from 'typebox';

const Text = Type.Union([Type.String(), Type.Null()]);
const Uuid = Type.String({ format: 'uuid' });
const Timestamp = Type.String({ format: 'date-time' });

/** An address of a business partner; street, postal code and city are `null` after a GDPR erasure. */
export const CorePartnerAddress = Type.Object({
  id: Uuid,
  type: Type.Union([Type.Literal('billing'), Type.Literal('shipping')]),
  is_default: Type.Boolean(),
  addition: Text,
  street: Text,
  postal_code: Text,
  city: Text,
  /** ISO 3166-1 alpha-2. */
  country: Type.String({ pattern: '^[A-Z]{2}$' }),
});

/** A contact person of a business partner. */
export const CorePartnerContact = Type.Object({
  id: Uuid,
  salutation: Text,
  first_name: Text,
  last_name: Text,
  position: Text,
  email: Text,
  phone: Text,
});

/**
 * A customer or supplier of the core service as events carry it: everything but the internal notes.
 * Decimal amounts are strings with two places; `version` grows by one with every change.
 */
export const CorePartner = Type.Object({
  id: Uuid,
  role: Type.Union([Type.Literal('customer'), Type.Literal('supplier')]),
  /** The customer (Debitor) or supplier (Kreditor) number, e.g. K10001 or L70001. */
  number: Type.String(),
  kind: Type.Union([Type.Literal('company'), Type.Literal('person')]),
  /** The company name, or title, first and last name of a person. */
  name: Type.String(),
  company_name: Text,
  salutation: Text,
  title: Text,
  first_name: Text,
  last_name: Text,
  email: Text,
  phone: Text,
  website: Text,
  /** USt-IdNr, e.g. DE136695976. */
  vat_id: Text,
  /** Steuernummer. */
  tax_number: Text,
  /** Leitweg-ID of a public buyer (XRechnung BT-10). */
  leitweg_id: Text,
  commercial_register: Type.Union([Type.Object({ court: Type.String(), number: Type.String() }), Type.Null()]),
  payment_terms: Type.Union([
    Type.Object({ net_days: Type.Integer(), skonto_percent: Text, skonto_days: Type.Union([Type.Integer(), Type.Null()]) }),
    Type.Null(),
  ]),
  credit_limit: Type.Union([Type.Object({ amount: Type.String(), currency: Type.String() }), Type.Null()]),
  tags: Type.Array(Type.String()),
  contacts: Type.Array(CorePartnerContact),
  addresses: Type.Array(CorePartnerAddress),
  version: Type.Integer({ minimum: 1 }),
  archived_at: Type.Union([Timestamp, Type.Null()]),
  erased_at: Type.Union([Timestamp, Type.Null()]),
  created_at: Timestamp,
  updated_at: Timestamp,
});

/** Data of `erp.core.customer.created.v1` and `erp.core.supplier.created.v1`. */
export const CorePartnerCreatedV1 = Type.Object({ partner: CorePartner });

/** Data of `erp.core.customer.updated.v1` and `erp.core.supplier.updated.v1`: any change, archiving, restoring and erasure included. */
export const CorePartnerUpdatedV1 = Type.Object({
  partner: CorePartner,
  /** The fields that changed, e.g. `["vat_id", "addresses"]`; `archived_at` when archived or restored. */
  changed_fields: Type.Array(Type.String()),
});

/**
 * Data of `erp.core.customer.erased.v1` and `erp.core.supplier.erased.v1`: personal data was erased (GDPR
 * Art. 17). Consumers holding copies of the named fields or contacts pseudonymise them too, except where
 * they must keep them by law (issued invoices, postings).
 */
export const CorePartnerErasedV1 = Type.Object({
  id: Uuid,
  number: Type.String(),
  erased_fields: Type.Array(Type.String()),
  erased_contact_ids: Type.Array(Uuid),
  erased_at: Timestamp,
});

/** The event types of the core service's business partners. */
export const CORE_PARTNER_EVENT_TYPES = {
  customer: { created: 'erp.core.customer.created.v1', updated: 'erp.core.customer.updated.v1', erased: 'erp.core.customer.erased.v1' },
  supplier: { created: 'erp.core.supplier.created.v1', updated: 'erp.core.supplier.updated.v1', erased: 'erp.core.supplier.erased.v1' },
} as const;

/** TypeScript shape of {@link CorePartner}. */
export type CorePartner = Static<typeof CorePartner>;
/** TypeScript shape of {@link CorePartnerCreatedV1}. */
export type CorePartnerCreatedV1 = Static<typeof CorePartnerCreatedV1>;
/** TypeScript shape of {@link CorePartnerUpdatedV1}. */
export type CorePartnerUpdatedV1 = Static<typeof CorePartnerUpdatedV1>;
/** TypeScript shape of {@link CorePartnerErasedV1}. */
export type CorePartnerErasedV1 = Static<typeof CorePartnerErasedV1>;
