import { describe, expect, it } from 'vitest';
import { applyPartnerPatch, creationChanges, diffPartner, toNewPartnerFields } from '../../src/domain/partner-patch.js';
import { validatePartner } from '../../src/domain/partner-rules.js';
import { billingAddress, companyFields, contactAnna, personFields, sequentialIds } from './partner-fixtures.js';

describe('validatePartner', () => {
  it('should accept a complete, valid company', () => {
    const fields = companyFields({
      vat_id: 'DE136695976',
      tax_number: '143/815/08155',
      leitweg_id: '991-33333TEST-33',
      commercial_register: { court: 'Amtsgericht München', number: 'HRB 12345' },
      payment_terms: { net_days: 30, skonto_percent: '2.00', skonto_days: 10 },
      credit_limit: { amount: '1000.00', currency: 'CHF' },
      addresses: [billingAddress],
      contacts: [contactAnna],
    });

    expect(validatePartner('customer', fields)).toEqual([]);
  });

  it.each([
    ['a company without its name', companyFields({ company_name: null }), '/company_name'],
    ['a person without a last name', personFields({ last_name: null }), '/last_name'],
    ['Skonto percent without days', companyFields({ payment_terms: { net_days: 30, skonto_percent: '2.00', skonto_days: null } }), '/payment_terms'],
    [
      'Skonto days beyond the net days',
      companyFields({ payment_terms: { net_days: 7, skonto_percent: '2.00', skonto_days: 8 } }),
      '/payment_terms/skonto_days',
    ],
    ['a currency that does not exist', companyFields({ credit_limit: { amount: '1.00', currency: 'ABC' } }), '/credit_limit/currency'],
    ['a shipping address in no country', companyFields({ addresses: [{ ...billingAddress, type: 'shipping', country: 'ZZ' }] }), '/addresses/0/country'],
    [
      'an Austrian postal code with five digits',
      companyFields({ addresses: [{ ...billingAddress, country: 'AT', postal_code: '10115' }] }),
      '/addresses/0/postal_code',
    ],
    ['tags that differ only in case', companyFields({ tags: ['Export', 'export'] }), '/tags'],
    ['a contact with neither name nor e-mail', companyFields({ contacts: [{ ...contactAnna, last_name: null, email: null }] }), '/contacts/0'],
  ])('should refuse %s', (_case, fields, pointer) => {
    expect(validatePartner('customer', fields).map((error) => error.pointer)).toEqual([pointer]);
  });

  it('should accept a postal code of a country whose form it does not know', () => {
    expect(validatePartner('customer', companyFields({ addresses: [{ ...billingAddress, country: 'GB', postal_code: 'SW1A 1AA' }] }))).toEqual([]);
  });

  it('should report every broken rule at once', () => {
    const fields = companyFields({ company_name: null, vat_id: 'DE000000000', tax_number: '1' });

    expect(validatePartner('customer', fields).map((error) => error.pointer)).toEqual(['/company_name', '/vat_id', '/tax_number']);
  });

  it('should keep Leitweg-IDs to customers', () => {
    expect(validatePartner('supplier', companyFields({ leitweg_id: '991-33333TEST-33' }))).toEqual([
      { pointer: '/leitweg_id', detail: expect.stringContaining('customers only') },
    ]);
  });
});

describe('toNewPartnerFields', () => {
  it('should normalise the input and give contacts and addresses new ids, ignoring ids sent', () => {
    const result = toNewPartnerFields(
      {
        kind: 'company',
        company_name: '  Muster GmbH ',
        email: 'Info@Muster.DE',
        vat_id: 'de 136-695-976',
        notes: '',
        payment_terms: { net_days: 30, skonto_percent: '3', skonto_days: 7 },
        commercial_register: { court: ' Amtsgericht   Köln ', number: 'hrb 4711' },
        contacts: [{ id: contactAnna.id, last_name: 'Schmidt', email: 'ANNA@EXAMPLE.COM' }],
        addresses: [{ type: 'billing', street: 'Weg 1', postal_code: '1010', city: 'Wien', country: 'at' }],
      },
      sequentialIds(),
    );

    expect(result).toMatchObject({
      ok: true,
      fields: {
        company_name: 'Muster GmbH',
        email: 'info@muster.de',
        vat_id: 'DE136695976',
        notes: null,
        payment_terms: { net_days: 30, skonto_percent: '3.00', skonto_days: 7 },
        commercial_register: { court: 'Amtsgericht Köln', number: 'HRB 4711' },
        contacts: [{ id: '00000000-0000-4000-8000-000000000001', email: 'anna@example.com' }],
        addresses: [{ id: '00000000-0000-4000-8000-000000000002', country: 'AT', is_default: false }],
      },
    });
  });
});

describe('applyPartnerPatch', () => {
  const current = companyFields({ email: 'a@b.example', contacts: [contactAnna], addresses: [billingAddress] });

  it('should change only the fields named, and clear the ones set to null', () => {
    const result = applyPartnerPatch(current, { email: null, phone: '+49 1' }, sequentialIds());

    expect(result).toEqual({ ok: true, fields: { ...current, email: null, phone: '+49 1' } });
  });

  it('should replace the lists, keeping the ids the client sent back', () => {
    const result = applyPartnerPatch(
      current,
      { contacts: [{ id: contactAnna.id, last_name: 'Schmidt-Weber' }, { last_name: 'Neu' }], addresses: [] },
      sequentialIds(),
    );

    expect(result.ok && result.fields.contacts.map((contact) => [contact.id, contact.last_name, contact.email])).toEqual([
      [contactAnna.id, 'Schmidt-Weber', null],
      ['00000000-0000-4000-8000-000000000001', 'Neu', null],
    ]);
    expect(result.ok && result.fields.addresses).toEqual([]);
  });

  it("should refuse ids that are not the partner's, or repeated", () => {
    const foreign = '99999999-0000-4000-8000-000000000000';

    const result = applyPartnerPatch(
      current,
      {
        contacts: [
          { id: foreign, last_name: 'X' },
          { id: contactAnna.id, last_name: 'A' },
          { id: contactAnna.id, last_name: 'B' },
        ],
      },
      sequentialIds(),
    );

    expect(result).toEqual({
      ok: false,
      errors: [
        { pointer: '/contacts/0/id', detail: expect.any(String) },
        { pointer: '/contacts/2/id', detail: 'appears twice.' },
      ],
    });
  });
});

describe('diffPartner and creationChanges', () => {
  it('should list the changed fields with old and new values in the field order', () => {
    const before = companyFields({ tags: ['a'], credit_limit: { amount: '1.00', currency: 'EUR' } });
    const after = { ...before, tags: ['a', 'b'], credit_limit: null, company_name: 'Neu GmbH' };

    expect(diffPartner(before, after)).toEqual([
      { field: 'company_name', old: 'Muster GmbH', new: 'Neu GmbH' },
      { field: 'credit_limit', old: { amount: '1.00', currency: 'EUR' }, new: null },
      { field: 'tags', old: ['a'], new: ['a', 'b'] },
    ]);
  });

  it('should record a creation as every set field coming from null', () => {
    expect(creationChanges(personFields({ tags: ['x'] }))).toEqual([
      { field: 'kind', old: null, new: 'person' },
      { field: 'first_name', old: null, new: 'Eva' },
      { field: 'last_name', old: null, new: 'Koch' },
      { field: 'tags', old: null, new: ['x'] },
    ]);
  });
});
