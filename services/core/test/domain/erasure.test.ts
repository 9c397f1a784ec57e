import { describe, expect, it } from 'vitest';
import { ERASED_NAME, planContactErasure, planPersonErasure, redactChange } from '../../src/domain/erasure.js';
import { billingAddress, companyFields, contactAnna, personFields, savedPartner } from './partner-fixtures.js';

const person = savedPartner(
  personFields({
    salutation: 'Frau',
    email: 'eva@koch.example',
    phone: '+49 30 1',
    vat_id: 'DE136695976',
    tax_number: '21/815/08150',
    payment_terms: { net_days: 14, skonto_percent: null, skonto_days: null },
    credit_limit: { amount: '500.00', currency: 'EUR' },
    tags: ['late-payer'],
    notes: 'Lives with her mother.',
    contacts: [contactAnna],
    addresses: [billingAddress, { ...billingAddress, id: '20000000-0000-4000-8000-000000000002', type: 'shipping', is_default: false, country: 'AT' }],
  }),
);

describe('planPersonErasure', () => {
  it('should pseudonymise the name and erase every personal field', () => {
    const plan = planPersonErasure(person);

    expect(plan.fields).toMatchObject({
      last_name: ERASED_NAME,
      first_name: null,
      salutation: null,
      email: null,
      phone: null,
      notes: null,
      tags: [],
      credit_limit: null,
      contacts: [],
    });
    expect(plan.erasedFields).toEqual([
      'salutation',
      'first_name',
      'last_name',
      'email',
      'phone',
      'tax_number',
      'credit_limit',
      'tags',
      'notes',
      'contacts',
      'addresses',
    ]);
    expect(plan.erasedContactIds).toEqual([contactAnna.id]);
  });

  it('should keep the VAT id, the payment terms and the countries of the addresses, and say why', () => {
    const plan = planPersonErasure(person);

    expect(plan.fields).toMatchObject({ vat_id: 'DE136695976', payment_terms: person.payment_terms });
    expect(plan.fields.addresses.map((address) => [address.id, address.type, address.street, address.postal_code, address.city, address.country])).toEqual([
      [billingAddress.id, 'billing', null, null, null, 'DE'],
      ['20000000-0000-4000-8000-000000000002', 'shipping', null, null, null, 'AT'],
    ]);
    expect(plan.kept.map((kept) => kept.field)).toEqual(['kind', 'vat_id', 'payment_terms', 'number', 'addresses[].country', 'history', 'issued documents']);
  });

  it("should keep a supplier's Steuernummer, which its invoices need for the input-tax deduction", () => {
    const plan = planPersonErasure({ ...person, role: 'supplier' });

    expect(plan.fields.tax_number).toBe('21/815/08150');
    expect(plan.kept.find((kept) => kept.field === 'tax_number')?.reason).toContain('§15 UStG');
    expect(plan.redactedFields.has('tax_number')).toBe(false);
  });
});

describe('planContactErasure', () => {
  const company = savedPartner(
    companyFields({
      notes: 'Anna prefers e-mail',
      contacts: [contactAnna, { ...contactAnna, id: '30000000-0000-4000-8000-000000000002', last_name: 'Krause' }],
    }),
  );

  it('should erase the named contacts and the notes and keep the company', () => {
    const plan = planContactErasure(company, [contactAnna.id]);

    expect(plan).toMatchObject({
      wholePartner: false,
      erasedFields: ['notes', 'contacts'],
      erasedContactIds: [contactAnna.id],
      fields: { company_name: 'Muster GmbH', notes: null },
    });
    expect(!Array.isArray(plan) && plan.fields.contacts.map((contact) => contact.last_name)).toEqual(['Krause']);
  });

  it('should erase every contact without a list, and refuse ids of no contact of the company', () => {
    expect(planContactErasure(company, undefined)).toMatchObject({ erasedContactIds: [contactAnna.id, '30000000-0000-4000-8000-000000000002'] });
    expect(planContactErasure(company, ['99999999-0000-4000-8000-000000000000'])).toEqual([{ pointer: '/contact_ids/0', detail: expect.any(String) }]);
  });
});

describe('redactChange', () => {
  const scope = { redactedFields: new Set(['email']), erasedContactIds: [contactAnna.id] };

  it('should null the values of an erased field and mark them', () => {
    expect(redactChange({ field: 'email', old: 'a@b.example', new: 'c@d.example' }, scope)).toEqual({ field: 'email', old: null, new: null, redacted: true });
  });

  it('should replace only the erased contacts in a contacts change', () => {
    const other = { ...contactAnna, id: '30000000-0000-4000-8000-000000000009' };

    expect(redactChange({ field: 'contacts', old: [contactAnna, other], new: [other] }, scope)).toEqual({
      field: 'contacts',
      old: [{ id: contactAnna.id, erased: true }, other],
      new: [other],
    });
  });

  it('should leave other fields alone', () => {
    const change = { field: 'vat_id', old: null, new: 'DE136695976' };

    expect(redactChange(change, scope)).toBe(change);
  });
});
