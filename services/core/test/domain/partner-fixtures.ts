import { emptyPartnerFields, type Partner, type PartnerFields } from '../../src/domain/partner.js';

let counter = 0;

/** Ids 1, 2, 3, ... as UUIDs, so tests can predict them. */
export function sequentialIds(): () => string {
  let next = 0;
  return () => `00000000-0000-4000-8000-${String(++next).padStart(12, '0')}`;
}

export function companyFields(overrides: Partial<PartnerFields> = {}): PartnerFields {
  return { ...emptyPartnerFields('company'), company_name: 'Muster GmbH', ...overrides };
}

export function personFields(overrides: Partial<PartnerFields> = {}): PartnerFields {
  return { ...emptyPartnerFields('person'), first_name: 'Eva', last_name: 'Koch', ...overrides };
}

/** A saved partner around `fields`, as the database would return it. */
export function savedPartner(fields: PartnerFields, overrides: Partial<Partner> = {}): Partner {
  counter += 1;
  return {
    ...fields,
    id: `10000000-0000-4000-8000-${String(counter).padStart(12, '0')}`,
    role: 'customer',
    number: `K${10000 + counter}`,
    name: fields.company_name ?? `${fields.first_name} ${fields.last_name}`,
    version: 1,
    archived_at: null,
    erased_at: null,
    created_at: '2026-01-01T00:00:00.000Z',
    updated_at: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

export const billingAddress = {
  id: '20000000-0000-4000-8000-000000000001',
  type: 'billing' as const,
  is_default: true,
  addition: null,
  street: 'Weg 1',
  postal_code: '10115',
  city: 'Berlin',
  country: 'DE',
};

export const contactAnna = {
  id: '30000000-0000-4000-8000-000000000001',
  salutation: 'Frau',
  first_name: 'Anna',
  last_name: 'Schmidt',
  position: null,
  email: 'anna@example.com',
  phone: null,
};
