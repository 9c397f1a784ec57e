import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ERASED_NAME } from '../../src/domain/erasure.js';
import type { Partner } from '../../src/domain/partner.js';
import { buildTestApp, type Client, clientOf, companyInput, countRows, createPartner, outboxEvents, personInput, type TestCore } from '../helpers.js';

let core: TestCore;
let client: Client;

beforeAll(async () => {
  core = await buildTestApp(inject('adminUrl'));
  client = await clientOf(core);
});
afterAll(() => core.close());

const PERSONAL_VALUES = [
  'Jürgen',
  'Weber',
  'juergen.weber@example.org',
  '+49 30 555 0101',
  'Lindenallee 3',
  'Gartenweg 9',
  'Prefers calls before noon.',
  'Potsdam',
];

/** A person with a history of changes that mention their personal data. */
async function personWithHistory(own: Client = client): Promise<Partner> {
  const person = await createPartner(own, personInput({ vat_id: 'DE136695976' }));
  await own.send('PATCH', `/api/v1/customers/${person.id}`, { email: 'j.weber@example.org', tags: ['private', 'late-payer'] }, { 'if-match': '"1"' });
  return person;
}

describe('GET /api/v1/customers/:id/gdpr-export', () => {
  it('should export the record with contacts, addresses, notes and the whole history as a JSON download', async () => {
    const person = await personWithHistory();

    const response = await client.send('GET', `/api/v1/customers/${person.id}/gdpr-export`);

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toBe(`attachment; filename="gdpr-export-${person.number}.json"`);
    const document = response.json();
    expect(document.partner).toMatchObject({ id: person.id, first_name: 'Jürgen', email: 'j.weber@example.org', notes: 'Prefers calls before noon.' });
    expect(document.partner.addresses).toHaveLength(2);
    expect(document.history.map((entry: { action: string }) => entry.action)).toEqual(['created', 'updated']);
    expect(document.history[1].changes).toContainEqual({ field: 'email', old: 'juergen.weber@example.org', new: 'j.weber@example.org' });
    expect(document.purposes.length).toBeGreaterThan(0);
  });
});

describe('POST /api/v1/customers/:id/erase for a person', () => {
  it('should pseudonymise the personal fields, keep what tax law requires and say why', async () => {
    const person = await personWithHistory();

    const response = await client.send('POST', `/api/v1/customers/${person.id}/erase`);

    expect(response.statusCode).toBe(200);
    const report = response.json();
    expect(report).toMatchObject({ id: person.id, number: person.number, kind: 'person', erased_at: expect.any(String), history_entries_redacted: 2 });
    expect(report.erased_fields).toEqual(expect.arrayContaining(['first_name', 'last_name', 'email', 'phone', 'notes', 'tags', 'addresses']));
    expect(report.kept.map((kept: { field: string }) => kept.field)).toEqual(expect.arrayContaining(['number', 'vat_id', 'addresses[].country', 'history']));
    const legalReasons = report.kept.filter((kept: { field: string }) => kept.field !== 'kind');
    expect(legalReasons.every((kept: { reason: string }) => /§/.test(kept.reason))).toBe(true);
    const erased = (await client.send('GET', `/api/v1/customers/${person.id}`)).json() as Partner;
    expect(erased).toMatchObject({
      number: person.number,
      name: ERASED_NAME,
      first_name: null,
      email: null,
      phone: null,
      notes: null,
      tags: [],
      vat_id: 'DE136695976',
    });
    expect(erased.archived_at).not.toBeNull();
    expect(erased.addresses.map((address) => [address.type, address.street, address.city, address.country])).toEqual([
      ['billing', null, null, 'DE'],
      ['shipping', null, null, 'DE'],
    ]);
  });

  it('should leave no personal value in the record, its history, its export or stored replays', async () => {
    const own = await clientOf(core);
    const created = await own.send('POST', '/api/v1/customers', personInput(), { 'idempotency-key': 'gdpr-create' });
    const person = created.json() as Partner;
    await own.send('PATCH', `/api/v1/customers/${person.id}`, { first_name: 'Jürgen', notes: 'Potsdam office' }, { 'if-match': '"1"' });

    await own.send('POST', `/api/v1/customers/${person.id}/erase`);

    const exported = (await own.send('GET', `/api/v1/customers/${person.id}/gdpr-export`)).body;
    for (const value of PERSONAL_VALUES) expect(exported).not.toContain(value);
    expect(await countRows(core, own.tenantId, 'idempotency_key')).toBe(0);
    const history = JSON.parse(exported).history;
    expect(history.map((entry: { action: string }) => entry.action)).toEqual(['created', 'updated', 'erased']);
    expect(history[0].changes).toContainEqual({ field: 'last_name', old: null, new: null, redacted: true });
  });

  it('should write erp.core.customer.updated.v1 with the pseudonymised record and erp.core.customer.erased.v1', async () => {
    const own = await clientOf(core);
    const person = await personWithHistory(own);

    await own.send('POST', `/api/v1/customers/${person.id}/erase`);

    const events = await outboxEvents(core, own.tenantId);
    expect(events.at(-2)).toMatchObject({
      type: 'erp.core.customer.updated.v1',
      data: { partner: { name: ERASED_NAME, email: null }, changed_fields: expect.arrayContaining(['email']) },
    });
    expect(events.at(-1)).toMatchObject({
      type: 'erp.core.customer.erased.v1',
      subject: person.id,
      data: { id: person.id, number: person.number, erased_fields: expect.arrayContaining(['email']), erased_contact_ids: [] },
    });
  });

  it('should change nothing when erased again, and refuse updates and restore afterwards', async () => {
    const person = await personWithHistory();
    await client.send('POST', `/api/v1/customers/${person.id}/erase`);

    const again = await client.send('POST', `/api/v1/customers/${person.id}/erase`);
    const update = await client.send('PATCH', `/api/v1/customers/${person.id}`, { first_name: 'Back' }, { 'if-match': '*' });
    const restore = await client.send('POST', `/api/v1/customers/${person.id}/restore`);

    expect(again.json()).toMatchObject({ erased_fields: [], history_entries_redacted: 0 });
    expect([update.statusCode, restore.statusCode]).toEqual([409, 409]);
    expect(update.json()).toMatchObject({ code: 'CORE_PARTNER_ERASED' });
  });

  it('should refuse contact_ids for a person with 422', async () => {
    const person = await personWithHistory();

    const response = await client.send('POST', `/api/v1/customers/${person.id}/erase`, { contact_ids: [person.id] });

    expect(response.statusCode).toBe(422);
    expect((await client.send('GET', `/api/v1/customers/${person.id}`)).json()).toMatchObject({ erased_at: null });
  });
});

describe('POST /api/v1/customers/:id/erase for a company', () => {
  it('should erase the named contact person and the notes, and keep the company data', async () => {
    const company = await createPartner(
      client,
      companyInput({
        notes: 'Ask Anna',
        contacts: [
          { last_name: 'Schmidt', email: 'anna@x.example' },
          { last_name: 'Krause', email: 'tom@x.example' },
        ],
      }),
    );
    const [anna, tom] = company.contacts;

    const response = await client.send('POST', `/api/v1/customers/${company.id}/erase`, { contact_ids: [anna?.id] });

    expect(response.json()).toMatchObject({
      erased_at: null,
      erased_fields: ['notes', 'contacts'],
      erased_contact_ids: [anna?.id],
      kept: [{ field: 'company data' }, { field: 'history' }],
    });
    const after = (await client.send('GET', `/api/v1/customers/${company.id}`)).json() as Partner;
    expect(after).toMatchObject({ company_name: company.company_name, vat_id: company.vat_id, notes: null, erased_at: null, archived_at: null });
    expect(after.contacts).toEqual([tom]);
    const history = (await client.send('GET', `/api/v1/customers/${company.id}/history`)).json().items;
    expect(JSON.stringify(history)).not.toContain('anna@x.example');
    expect(JSON.stringify(history)).toContain('tom@x.example');
  });

  it('should erase all contact persons without contact_ids, and answer 422 for a contact of another record', async () => {
    const company = await createPartner(client, companyInput());
    const other = await createPartner(client, companyInput());

    const foreign = await client.send('POST', `/api/v1/customers/${company.id}/erase`, { contact_ids: [other.contacts[0]?.id] });
    const all = await client.send('POST', `/api/v1/customers/${company.id}/erase`);

    expect(foreign.statusCode).toBe(422);
    expect(foreign.json().errors).toEqual([{ pointer: '/contact_ids/0', detail: expect.any(String) }]);
    expect(all.json().erased_contact_ids).toEqual([company.contacts[0]?.id]);
  });
});
