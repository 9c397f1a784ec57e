import { describe, expect, it } from 'vitest';
import { decodeCsv, detectDelimiter, parseCsvFile } from '../../src/domain/csv-file.js';
import { type CsvColumn, columnOf, csvRecordToRow } from '../../src/domain/csv-rows.js';
import { mergeBillingAddress, mergeContact, planImport } from '../../src/domain/import-plan.js';
import { billingAddress, companyFields, contactAnna, savedPartner, sequentialIds } from './partner-fixtures.js';

function row(cells: Partial<Record<CsvColumn, string>>, number = 2) {
  const columns = Object.keys(cells) as CsvColumn[];
  return csvRecordToRow(columns, { row: number, cells: Object.values(cells) as string[] });
}

describe('parseCsvFile', () => {
  it('should detect comma, semicolon and tab from the header line', () => {
    expect(detectDelimiter('a,b,c\n1;2;3')).toBe(',');
    expect(detectDelimiter('a;b;c\n1,2,3')).toBe(';');
    expect(detectDelimiter('a\tb\n')).toBe('\t');
    expect(detectDelimiter('company_name\n')).toBe(',');
  });

  it('should accept columns in any case and order, and number rows as a spreadsheet does', () => {
    const file = parseCsvFile('Company_Name , VAT_ID\nA GmbH,DE136695976\n\nB GmbH,\n', 10);

    expect(file).toEqual({
      columns: ['company_name', 'vat_id'],
      records: [
        { row: 2, cells: ['A GmbH', 'DE136695976'] },
        { row: 3, cells: ['B GmbH', ''] },
      ],
    });
  });

  it('should refuse bytes that are not UTF-8 and strip a byte order mark', () => {
    expect(() => decodeCsv(Buffer.from([0x4d, 0xfc, 0x6c]))).toThrow(expect.objectContaining({ code: 'CORE_IMPORT_ENCODING' }));
    expect(decodeCsv(Buffer.from('\uFEFFa', 'utf8'))).toBe('a');
  });
});

describe('csvRecordToRow', () => {
  it('should read German decimal commas, tag lists and paired columns', () => {
    const result = row({
      number: 'k10001',
      kind: 'Company',
      company_name: 'A GmbH',
      tags: 'vip; export|vip',
      skonto_percent: '2,5',
      payment_net_days: '30',
      skonto_days: '10',
      credit_limit: '1000,5',
      register_court: 'AG Köln',
      register_number: 'HRB 1',
    });

    expect(result).toMatchObject({
      number: 'k10001',
      errors: [],
      patch: {
        kind: 'company',
        tags: ['vip', 'export'],
        payment_terms: { net_days: 30, skonto_percent: '2.5', skonto_days: 10 },
        credit_limit: { amount: '1000.5', currency: 'EUR' },
        commercial_register: { court: 'AG Köln', number: 'HRB 1' },
      },
    });
  });

  it('should leave out empty cells and build the address and contact from their columns', () => {
    const result = row({ company_name: ' ', street: 'Weg 1', postal_code: '10115', city: 'Berlin', contact_last_name: 'Koch', contact_email: 'k@x.example' });

    expect(result.patch).toEqual({});
    expect(result.address).toEqual({ type: 'billing', is_default: true, addition: null, street: 'Weg 1', postal_code: '10115', city: 'Berlin', country: 'DE' });
    expect(result.contact).toEqual({ last_name: 'Koch', email: 'k@x.example' });
  });

  it.each([
    [{ kind: 'firma' }, 'kind'],
    [{ register_court: 'AG Köln' }, 'register_number'],
    [{ skonto_percent: '2' }, 'payment_net_days'],
    [{ payment_net_days: '30 Tage' }, 'payment_net_days'],
    [{ payment_net_days: '30', skonto_percent: '2%', skonto_days: '10' }, 'skonto_percent'],
    [{ credit_limit: '1.000,00' }, 'credit_limit'],
    [{ credit_limit_currency: 'EUR' }, 'credit_limit'],
    [{ city: 'Berlin' }, 'street'],
  ] as const)('should point at the column of %o', (cells, column) => {
    expect(row(cells).errors.map((error) => error.pointer)).toContain(`/${column}`);
  });
});

describe('columnOf', () => {
  it.each([
    ['/vat_id', 'vat_id'],
    ['/payment_terms/skonto_days', 'skonto_days'],
    ['/credit_limit', 'credit_limit'],
    ['/addresses/3/postal_code', 'postal_code'],
    ['/contacts/2/email', 'contact_email'],
    ['/contacts/0', 'contact_last_name'],
    ['/addresses', undefined],
  ])('should trace %s to the column %s', (pointer, column) => {
    expect(columnOf(pointer)).toBe(column);
  });
});

describe('planImport', () => {
  const existing = savedPartner(companyFields({ vat_id: 'DE136695976', email: 'old@a.example', addresses: [billingAddress], contacts: [contactAnna] }));
  const lookups = { byNumber: new Map([[existing.number, existing]]), byVatId: new Map([['DE136695976', [existing]]]) };

  it('should plan a creation for a row that matches no one', () => {
    const [plan] = planImport('customer', [row({ company_name: 'Neu GmbH' })], lookups, sequentialIds());

    expect(plan).toMatchObject({ outcome: 'created', target: undefined, fields: { kind: 'company', company_name: 'Neu GmbH' } });
  });

  it('should plan an update for a row matched by number, naming the changed fields', () => {
    const [plan] = planImport('customer', [row({ number: existing.number.toLowerCase(), email: 'new@a.example' })], lookups, sequentialIds());

    expect(plan).toMatchObject({
      outcome: 'updated',
      changedFields: ['email'],
      target: existing,
      fields: { email: 'new@a.example', company_name: 'Muster GmbH' },
    });
  });

  it('should match by VAT id when the row has no number, and plan nothing for a row that changes nothing', () => {
    const [plan] = planImport('customer', [row({ vat_id: 'de 136 695 976', email: 'old@a.example' })], lookups, sequentialIds());

    expect(plan).toMatchObject({ outcome: 'unchanged', target: existing, changedFields: [] });
  });

  it('should reject a number that matches no one, and a second row about the same partner', () => {
    const plans = planImport(
      'customer',
      [row({ number: 'K1', email: 'a@b.example' }, 2), row({ number: existing.number }, 3), row({ vat_id: 'DE136695976' }, 4)],
      lookups,
      sequentialIds(),
    );

    expect(plans.map((plan) => [plan.outcome, plan.errors])).toEqual([
      ['rejected', [{ column: 'number', detail: expect.stringContaining('No customer') }]],
      ['unchanged', []],
      ['rejected', [{ column: 'vat_id', detail: 'Is the same customer as row 3; merge the two rows.' }]],
    ]);
  });

  it('should make a row without kind a person unless it names a company', () => {
    const [plan] = planImport('customer', [row({ last_name: 'Koch' })], lookups, sequentialIds());

    expect(plan?.fields?.kind).toBe('person');
  });

  it('should report unreadable cells and broken rules of the same row together', () => {
    const [plan] = planImport('customer', [row({ company_name: 'A', kind: 'firma', vat_id: 'DE000000000' })], lookups, sequentialIds());

    expect(plan?.errors.map((error) => error.column)).toEqual(['kind', 'vat_id']);
  });
});

describe('mergeBillingAddress and mergeContact', () => {
  const input = { type: 'billing' as const, is_default: true, street: 'Neu 2', postal_code: '80331', city: 'München', country: 'DE' };

  it('should replace the default billing address and keep its id', () => {
    const shipping = { ...billingAddress, id: 'shipping', type: 'shipping' as const };

    expect(mergeBillingAddress([shipping, billingAddress], input, sequentialIds())).toEqual([
      shipping,
      { ...billingAddress, street: 'Neu 2', postal_code: '80331', city: 'München' },
    ]);
  });

  it('should add the address as the default billing address when there is none', () => {
    expect(mergeBillingAddress([], input, sequentialIds())).toEqual([
      expect.objectContaining({ id: '00000000-0000-4000-8000-000000000001', is_default: true }),
    ]);
  });

  it('should update the contact with the same e-mail address and add one with another', () => {
    const updated = mergeContact([contactAnna], { email: 'ANNA@example.com', phone: '+49 1' }, sequentialIds());
    const added = mergeContact([contactAnna], { last_name: 'Krause' }, sequentialIds());

    expect(updated).toEqual([{ ...contactAnna, phone: '+49 1' }]);
    expect(added.map((contact) => contact.last_name)).toEqual(['Schmidt', 'Krause']);
  });
});
