import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import type { Partner } from '../../src/domain/partner.js';
import { buildTestApp, type Client, clientOf, companyInput, createPartner, footprint, personInput, type TestCore } from '../helpers.js';

let core: TestCore;
let client: Client;
let existing: Partner;
let before: Record<string, number>;

beforeAll(async () => {
  core = await buildTestApp(inject('adminUrl'));
  client = await clientOf(core);
  existing = await createPartner(client, companyInput());
});
afterAll(() => core.close());
beforeEach(async () => {
  before = await footprint(core, client.tenantId);
});

async function expectNothingWritten(): Promise<void> {
  expect(await footprint(core, client.tenantId)).toEqual(before);
}

const billing = { type: 'billing', street: 'Weg 1', postal_code: '10115', city: 'Berlin', country: 'DE' };

describe('POST /api/v1/customers with data that breaks a rule', () => {
  it.each([
    ['a German USt-IdNr with a wrong check digit', { vat_id: 'DE136695977' }, '/vat_id'],
    ['an Austrian USt-IdNr without the U', { vat_id: 'AT12345678' }, '/vat_id'],
    ['a USt-IdNr of a non-EU country', { vat_id: 'US123456789' }, '/vat_id'],
    ['a Leitweg-ID with wrong check digits', { leitweg_id: '04011000-1234512345-07' }, '/leitweg_id'],
    ['a Leitweg-ID of no Land', { leitweg_id: '17011000-1234512345-06' }, '/leitweg_id'],
    ['a Steuernummer with 9 digits', { tax_number: '123/456/789' }, '/tax_number'],
    ['a register number of no register', { commercial_register: { court: 'AG München', number: 'XYZ 12' } }, '/commercial_register/number'],
    ['a company without a name', { company_name: null }, '/company_name'],
    ['Skonto without its days', { payment_terms: { net_days: 30, skonto_percent: '2' } }, '/payment_terms'],
    ['a Skonto period longer than the net period', { payment_terms: { net_days: 10, skonto_percent: '2', skonto_days: 14 } }, '/payment_terms/skonto_days'],
    ['Skonto of 0 percent', { payment_terms: { net_days: 10, skonto_percent: '0', skonto_days: 5 } }, '/payment_terms/skonto_percent'],
    ['an unknown currency', { credit_limit: { amount: '100', currency: 'XYZ' } }, '/credit_limit/currency'],
    ['an unknown country', { addresses: [{ ...billing, country: 'XX' }] }, '/addresses/0/country'],
    ['a German postal code with four digits', { addresses: [{ ...billing, postal_code: '1011' }] }, '/addresses/0/postal_code'],
    [
      'two default billing addresses',
      {
        addresses: [
          { ...billing, is_default: true },
          { ...billing, is_default: true },
        ],
      },
      '/addresses',
    ],
    ['a contact without name or e-mail', { contacts: [{ position: 'Einkauf' }] }, '/contacts/0'],
    ['the same tag twice', { tags: ['VIP', 'vip'] }, '/tags'],
    ['a Leitweg-ID on a supplier', { leitweg_id: '04011000-1234512345-06' }, '/leitweg_id', '/api/v1/suppliers'],
  ])('should answer 422 for %s and write nothing', async (_case, overrides, pointer, path = '/api/v1/customers') => {
    const response = await client.send('POST', path, companyInput(overrides));

    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ code: 'CORE_PARTNER_INVALID', status: 422 });
    expect(response.json().errors.map((error: { pointer: string }) => error.pointer)).toContain(pointer);
    await expectNothingWritten();
  });

  it('should answer 422 for a person without a last name', async () => {
    const response = await client.send('POST', '/api/v1/customers', personInput({ last_name: '  ' }));

    expect(response.json().errors).toEqual([{ pointer: '/last_name', detail: 'is required for a person.' }]);
    await expectNothingWritten();
  });
});

describe('POST /api/v1/customers with malformed input', () => {
  it.each([
    ['an unknown top-level field', { ...companyInput(), number: 'K1' }, '/number'],
    ['an unknown field in an address', companyInput({ addresses: [{ ...billing, floor: 3 }] }), '/addresses/0/floor'],
    ['an unknown field in a contact', companyInput({ contacts: [{ last_name: 'A', is_admin: true }] }), '/contacts/0/is_admin'],
    ['a missing kind', { company_name: 'A GmbH' }, '/kind'],
    ['an invalid e-mail address', companyInput({ email: 'not-an-address' }), '/email'],
    ['a credit limit as a number', companyInput({ credit_limit: { amount: 100.5, currency: 'EUR' } }), '/credit_limit'],
    ['a negative credit limit', companyInput({ credit_limit: { amount: '-5', currency: 'EUR' } }), '/credit_limit'],
    ['a credit limit with three decimals', companyInput({ credit_limit: { amount: '1.005', currency: 'EUR' } }), '/credit_limit'],
    ['a line break in a name', companyInput({ company_name: 'A\nGmbH' }), '/company_name'],
    ['a 201-character name', companyInput({ company_name: 'x'.repeat(201) }), '/company_name'],
    ['51 tags', companyInput({ tags: Array.from({ length: 51 }, (_, index) => `t${index}`) }), '/tags'],
    ['a contact id that is no UUID', companyInput({ contacts: [{ id: "1' or '1'='1", last_name: 'A' }] }), '/contacts/0/id'],
  ])('should answer 400 for %s and write nothing', async (_case, body, pointer) => {
    const response = await client.send('POST', '/api/v1/customers', body);

    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'KIT_VALIDATION_FAILED' });
    expect(
      response
        .json()
        .errors.map((error: { pointer: string }) => error.pointer)
        .join(' '),
    ).toContain(pointer);
    await expectNothingWritten();
  });

  it('should answer 413 for a 10 MB body', async () => {
    const response = await client.send('POST', '/api/v1/customers', { ...companyInput(), notes: 'x'.repeat(10 * 1024 * 1024) });

    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ code: 'KIT_PAYLOAD_TOO_LARGE' });
    await expectNothingWritten();
  });

  it.each([
    ['malformed JSON', '{"kind": "company",', 'application/json', 400],
    ['a JSON array', '[]', 'application/json', 400],
    ['plain text', 'kind=company', 'text/plain', 400],
    ['XML', '<customer kind="company"/>', 'application/xml', 415],
    ['CSV', 'company_name\nA', 'text/csv', 415],
  ])('should answer a problem document for %s and write nothing', async (_case, body, contentType, status) => {
    const response = await client.send('POST', '/api/v1/customers', body, { 'content-type': contentType });

    expect(response.statusCode).toBe(status);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    await expectNothingWritten();
  });
});

describe('PATCH /api/v1/customers/:id with bad input', () => {
  it.each([
    ['an empty body', {}, 400],
    ['the number, which is not a field a client sets', { number: 'K1' }, 400],
    ['a kind of null', { kind: null }, 400],
    ['an invalid USt-IdNr', { vat_id: 'DE000000000' }, 422],
    ['a company name of null on a company', { company_name: null }, 422],
  ])('should refuse %s and change nothing', async (_case, body, status) => {
    const response = await client.send('PATCH', `/api/v1/customers/${existing.id}`, body, { 'if-match': '*' });

    expect(response.statusCode).toBe(status);
    await expectNothingWritten();
  });

  it('should answer 400 for an id that is no UUID', async () => {
    const response = await client.send('PATCH', "/api/v1/customers/1'%20or%20'1'='1", { notes: 'x' }, { 'if-match': '*' });

    expect(response.statusCode).toBe(400);
    await expectNothingWritten();
  });
});

describe('other routes with bad input', () => {
  it.each([
    ['GET', '/api/v1/customers?limit=0'],
    ['GET', '/api/v1/customers?limit=100000'],
    ['GET', '/api/v1/customers?archived=maybe'],
    ['GET', `/api/v1/customers?q=${'x'.repeat(101)}`],
    ['GET', '/api/v1/customers?cursor=%27%3B--'],
    ['GET', '/api/v1/customers/not-a-uuid'],
    ['GET', `/api/v1/customers/${'0'.repeat(36)}/history?cursor=WyJ4Il0`],
    ['GET', '/api/v1/customers/not-a-uuid/gdpr-export'],
    ['POST', '/api/v1/customers/not-a-uuid/archive'],
    ['POST', '/api/v1/customers/import?dry_run=perhaps'],
  ] as const)('should answer 400 to %s %s', async (method, url) => {
    const response = await client.send(method, url);

    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    await expectNothingWritten();
  });

  it.each([
    ['an unknown field', { contact_ids: [], everything: true }],
    ['contact ids that are no UUIDs', { contact_ids: ['x'] }],
    ['a string', 'erase'],
  ])('should answer a 4xx problem to an erase with %s and erase nothing', async (_case, body) => {
    const response = await client.send('POST', `/api/v1/customers/${existing.id}/erase`, body);

    expect([400, 415]).toContain(response.statusCode);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    await expectNothingWritten();
  });

  it('should search for SQL-looking text literally', async () => {
    const response = await client.send('GET', `/api/v1/customers?q=${encodeURIComponent("' OR 1=1; --")}`);

    expect(response.json()).toEqual({ items: [], next_cursor: null });
  });
});
