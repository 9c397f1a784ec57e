import type { PartnerRole } from './number-series.js';
import type { Partner, PartnerFieldName, PartnerFields } from './partner.js';
import { diffPartner, type FieldChange } from './partner-patch.js';
import type { FieldError } from './partner-rules.js';

/** What an erasure keeps and the legal reason for it. */
export interface KeptField {
  field: string;
  reason: string;
}

/** What to erase of a partner: the new fields, what the history must lose, and the report for the client. */
export interface ErasurePlan {
  fields: PartnerFields;
  /** Whether the partner itself (a person) is erased, rather than only contact persons of a company. */
  wholePartner: boolean;
  erasedFields: string[];
  erasedContactIds: string[];
  kept: KeptField[];
  /** History values of these fields are replaced by `null`. */
  redactedFields: ReadonlySet<string>;
}

/** The pseudonym that replaces an erased person's name. */
export const ERASED_NAME = 'Erased person';

// Fields of a person that tax law needs after erasure; every other field of a person is erased.
const KEPT_OF_PERSON: Readonly<Partial<Record<PartnerFieldName, (role: PartnerRole) => string | undefined>>> = {
  kind: () => 'Says that the record was a natural person; identifies no one.',
  vat_id: () =>
    'Required on invoices of intra-Community supplies and reverse-charge services (§14a UStG) and in the recapitulative statement (§18a UStG); kept as long as those documents must be kept (§147 Abs. 3 AO, §14b UStG).',
  tax_number: (role) =>
    role === 'supplier'
      ? "Part of the supplier's invoices that justify the input-tax deduction (§14 Abs. 4 Nr. 2, §15 UStG); kept for their retention period (§147 Abs. 3 AO, §14b UStG)."
      : undefined,
  leitweg_id: () => 'Addresses the public buyer on issued e-invoices (XRechnung BT-10); kept with them.',
  payment_terms: () => 'Explain the due dates and cash discounts of open and past items in the books (§238 HGB, §146 AO); say nothing about the person.',
};

const RETAINED_ELSEWHERE: KeptField[] = [
  {
    field: 'number',
    reason:
      'The customer or supplier number is the personal account (Debitor/Kreditor) of the postings and appears on every invoice; the books must stay complete and traceable (§§145-147 AO, GoBD), so the number stays and now leads to a pseudonymised record.',
  },
  {
    field: 'addresses[].country',
    reason:
      'Decides the VAT treatment of past supplies (place of supply §3a UStG, export §6 UStG, intra-Community supply §6a UStG), which must stay verifiable; street, postal code and city are erased.',
  },
  {
    field: 'history',
    reason:
      'Who changed the record, when and which fields stays, so changes remain traceable (§146 Abs. 4 AO); the old and new values of erased fields are replaced by null.',
  },
  {
    field: 'issued documents',
    reason:
      'Invoices, credit notes and postings already issued keep their own copy of name and address, which §14 Abs. 4 Nr. 1 UStG requires on an invoice; they must be kept unchanged for the retention period of §147 Abs. 3 AO and §14b UStG and are deleted when it ends.',
  },
];

/** Erases a person: everything but the fields tax law needs, all contacts, and the address lines. */
export function planPersonErasure(partner: Partner): ErasurePlan {
  const keep = (field: PartnerFieldName) => KEPT_OF_PERSON[field]?.(partner.role) !== undefined;
  const fields: PartnerFields = {
    kind: partner.kind,
    company_name: null,
    salutation: null,
    title: null,
    first_name: null,
    last_name: ERASED_NAME,
    email: null,
    phone: null,
    website: null,
    vat_id: partner.vat_id,
    tax_number: keep('tax_number') ? partner.tax_number : null,
    leitweg_id: partner.leitweg_id,
    commercial_register: null,
    payment_terms: partner.payment_terms,
    credit_limit: null,
    tags: [],
    notes: null,
    contacts: [],
    addresses: partner.addresses.map((address) => ({ ...address, addition: null, street: null, postal_code: null, city: null })),
  };
  const kept = Object.entries(KEPT_OF_PERSON).flatMap(([field, reasonFor]) => {
    const reason = reasonFor?.(partner.role);
    const value = partner[field as PartnerFieldName];
    return reason && value !== null ? [{ field, reason }] : [];
  });
  return {
    fields,
    wholePartner: true,
    erasedFields: diffPartner(partner, fields).map((change) => change.field),
    erasedContactIds: partner.contacts.map((contact) => contact.id),
    kept: [...kept, ...RETAINED_ELSEWHERE],
    redactedFields: new Set(Object.keys(fields).filter((field) => !keep(field as PartnerFieldName))),
  };
}

/**
 * Erases contact persons of a company (all, or those named) and its notes, which may mention them. The
 * company's own data is about a legal person, which is not personal data (Art. 4 Nr. 1 GDPR), and stays.
 */
export function planContactErasure(partner: Partner, contactIds: string[] | undefined): ErasurePlan | FieldError[] {
  const known = new Set(partner.contacts.map((contact) => contact.id));
  const unknown = (contactIds ?? []).flatMap((id, index) =>
    known.has(id) ? [] : [{ pointer: `/contact_ids/${index}`, detail: 'is not a contact of this partner.' }],
  );
  if (unknown.length > 0) return unknown;
  const erased = new Set(contactIds ?? known);
  const fields: PartnerFields = { ...partner, contacts: partner.contacts.filter((contact) => !erased.has(contact.id)), notes: null };
  return {
    fields,
    wholePartner: false,
    erasedFields: diffPartner(partner, fields).map((change) => change.field),
    erasedContactIds: [...erased],
    kept: [
      {
        field: 'company data',
        reason:
          'Name, addresses, tax and register data of a company are data about a legal person, not personal data (Art. 4 Nr. 1 GDPR), and are needed for invoices and postings.',
      },
      RETAINED_ELSEWHERE[2] as KeptField,
    ],
    redactedFields: new Set(['notes']),
  };
}

/** A history entry's change with the values of erased fields and erased contacts replaced. */
export function redactChange(change: FieldChange, plan: Pick<ErasurePlan, 'redactedFields' | 'erasedContactIds'>): FieldChange {
  if (plan.redactedFields.has(change.field)) return { ...change, old: null, new: null, redacted: true };
  if (change.field !== 'contacts' || plan.erasedContactIds.length === 0) return change;
  const erased = new Set(plan.erasedContactIds);
  const redactList = (value: unknown) =>
    Array.isArray(value) ? value.map((contact: { id?: string }) => (contact.id && erased.has(contact.id) ? { id: contact.id, erased: true } : contact)) : value;
  return { ...change, old: redactList(change.old), new: redactList(change.new) };
}
