import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Partner } from '../../src/domain/partner.js';
import { buildTestApp, type Client, clientOf, companyInput, createPartner, footprint, outboxEvents, type TestCore } from '../helpers.js';

let core: TestCore;
let client: Client;

beforeAll(async () => {
  core = await buildTestApp(inject('adminUrl'));
  client = await clientOf(core);
});
afterAll(() => core.close());

function patch(id: string, body: unknown, etag?: string) {
  return client.send('PATCH', `/api/v1/customers/${id}`, body, etag === undefined ? {} : { 'if-match': etag });
}

describe('PATCH /api/v1/customers/:id', () => {
  it('should apply the change, count the version up and return the new ETag', async () => {
    const customer = await createPartner(client, companyInput());

    const response = await patch(customer.id, { company_name: 'Müller Maschinenbau AG', payment_terms: null }, '"1"');

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ company_name: 'Müller Maschinenbau AG', name: 'Müller Maschinenbau AG', payment_terms: null, version: 2 });
    expect(response.headers.etag).toBe('"2"');
  });

  it('should answer 428 without If-Match and change nothing', async () => {
    const customer = await createPartner(client, companyInput());

    const response = await patch(customer.id, { company_name: 'Other' });

    expect(response.statusCode).toBe(428);
    expect(response.json()).toMatchObject({ code: 'CORE_PRECONDITION_REQUIRED' });
    expect((await client.send('GET', `/api/v1/customers/${customer.id}`)).json()).toMatchObject({ company_name: customer.company_name, version: 1 });
  });

  it('should answer 412 with the current ETag for a stale If-Match and keep the newer change', async () => {
    const customer = await createPartner(client, companyInput());
    await patch(customer.id, { company_name: 'First writer' }, '"1"');

    const stale = await patch(customer.id, { company_name: 'Second writer' }, '"1"');

    expect(stale.statusCode).toBe(412);
    expect(stale.json()).toMatchObject({ code: 'CORE_PRECONDITION_FAILED', detail: expect.stringContaining('"2"') });
    expect((await client.send('GET', `/api/v1/customers/${customer.id}`)).json()).toMatchObject({ company_name: 'First writer' });
  });

  it.each([
    ['a weak ETag', 'W/"1"'],
    ['an ETag of another version', '"7"'],
    ['garbage', 'not-an-etag'],
  ])('should answer 412 for %s', async (_case, etag) => {
    const customer = await createPartner(client, companyInput());

    expect((await patch(customer.id, { notes: 'x' }, etag)).statusCode).toBe(412);
  });

  it('should accept If-Match: * and a list that contains the current ETag', async () => {
    const customer = await createPartner(client, companyInput());

    const any = await patch(customer.id, { notes: 'a' }, '*');
    const list = await patch(customer.id, { notes: 'b' }, '"1", "2"');

    expect([any.statusCode, list.statusCode]).toEqual([200, 200]);
  });

  it('should let exactly one of ten concurrent writers with the same ETag win', async () => {
    const customer = await createPartner(client, companyInput());

    const outcomes = await Promise.all(Array.from({ length: 10 }, (_, index) => patch(customer.id, { notes: `writer ${index}` }, '"1"')));

    expect(outcomes.map((outcome) => outcome.statusCode).sort()).toEqual([200, ...Array(9).fill(412)]);
    expect((await client.send('GET', `/api/v1/customers/${customer.id}/history`)).json().items).toHaveLength(2);
  });

  it('should keep contact and address ids that the client sends back, add new ones and drop left-out ones', async () => {
    const customer = await createPartner(client, companyInput());
    const [contact] = customer.contacts;
    const shipping = { type: 'shipping', street: 'Hafenstraße 1', postal_code: '20457', city: 'Hamburg', country: 'DE' };

    const response = await patch(
      customer.id,
      {
        contacts: [
          { ...contact, phone: '+49 89 999' },
          { last_name: 'Buchhaltung', email: 'rechnung@mueller.example' },
        ],
        addresses: [shipping],
      },
      '"1"',
    );

    const updated = response.json() as Partner;
    expect(updated.contacts.map((item) => [item.id === contact?.id, item.last_name, item.phone])).toEqual([
      [true, 'Schmidt', '+49 89 999'],
      [false, 'Buchhaltung', null],
    ]);
    expect(updated.addresses).toEqual([expect.objectContaining({ type: 'shipping', city: 'Hamburg' })]);
  });

  it('should answer 422 for a contact id of another customer and write nothing', async () => {
    const customer = await createPartner(client, companyInput());
    const other = await createPartner(client, companyInput());
    const before = await footprint(core, client.tenantId);

    const response = await patch(customer.id, { contacts: [{ id: other.contacts[0]?.id, last_name: 'Stolen' }] }, '"1"');

    expect(response.statusCode).toBe(422);
    expect(response.json().errors).toEqual([{ pointer: '/contacts/0/id', detail: expect.any(String) }]);
    expect(await footprint(core, client.tenantId)).toEqual(before);
  });

  it('should write nothing, not even a version, for a patch that changes nothing', async () => {
    const customer = await createPartner(client, companyInput());
    const before = await footprint(core, client.tenantId);

    const response = await patch(customer.id, { company_name: `  ${customer.company_name}  ` }, '"1"');

    expect(response.json()).toMatchObject({ version: 1 });
    expect(await footprint(core, client.tenantId)).toEqual(before);
  });

  it('should write erp.core.customer.updated.v1 naming the changed fields', async () => {
    const own = await clientOf(core);
    const customer = await createPartner(own, companyInput());

    await own.send('PATCH', `/api/v1/customers/${customer.id}`, { email: 'new@mueller.example', tags: [] }, { 'if-match': '"1"' });

    const events = await outboxEvents(core, own.tenantId);
    expect(events.map((event) => event.type)).toEqual(['erp.core.customer.created.v1', 'erp.core.customer.updated.v1']);
    expect(events[1]?.data).toMatchObject({ changed_fields: ['email', 'tags'], partner: { email: 'new@mueller.example', tags: [], version: 2 } });
  });
});

describe('POST /api/v1/customers/:id/archive and /restore', () => {
  it('should archive, refuse changes while archived, and restore', async () => {
    const customer = await createPartner(client, companyInput());

    const archived = await client.send('POST', `/api/v1/customers/${customer.id}/archive`);
    const again = await client.send('POST', `/api/v1/customers/${customer.id}/archive`);
    const refused = await patch(customer.id, { notes: 'x' }, '"2"');
    const restored = await client.send('POST', `/api/v1/customers/${customer.id}/restore`);

    expect(archived.json()).toMatchObject({ archived_at: expect.any(String), version: 2 });
    expect(again.json()).toMatchObject({ version: 2 });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'CORE_PARTNER_ARCHIVED' });
    expect(restored.json()).toMatchObject({ archived_at: null, version: 3 });
  });

  it('should answer 412 for a stale If-Match when one is sent', async () => {
    const customer = await createPartner(client, companyInput());

    const response = await client.send('POST', `/api/v1/customers/${customer.id}/archive`, undefined, { 'if-match': '"5"' });

    expect(response.statusCode).toBe(412);
  });
});

describe('GET /api/v1/customers/:id/history', () => {
  it('should record who changed which fields when, with old and new values, newest first', async () => {
    const customer = await createPartner(client, companyInput({ email: 'old@mueller.example' }));
    await patch(customer.id, { email: 'new@mueller.example', credit_limit: { amount: '30000.5', currency: 'EUR' } }, '"1"');
    await client.send('POST', `/api/v1/customers/${customer.id}/archive`);

    const response = await client.send('GET', `/api/v1/customers/${customer.id}/history`);

    const entries = response.json().items;
    expect(entries.map((entry: { action: string }) => entry.action)).toEqual(['archived', 'updated', 'created']);
    expect(entries[1]).toMatchObject({
      actor_id: client.userId,
      via: 'api',
      at: expect.any(String),
      changes: [
        { field: 'email', old: 'old@mueller.example', new: 'new@mueller.example' },
        { field: 'credit_limit', old: { amount: '25000.00', currency: 'EUR' }, new: { amount: '30000.50', currency: 'EUR' } },
      ],
    });
    expect(entries[2].changes).toContainEqual({ field: 'company_name', old: null, new: 'Müller Maschinenbau GmbH' });
  });

  it('should page with a cursor', async () => {
    const customer = await createPartner(client, companyInput());
    for (const notes of ['a', 'b', 'c']) await patch(customer.id, { notes }, '*');

    const first = await client.send('GET', `/api/v1/customers/${customer.id}/history?limit=3`);
    const second = await client.send('GET', `/api/v1/customers/${customer.id}/history?limit=3&cursor=${first.json().next_cursor}`);

    expect(first.json().items).toHaveLength(3);
    expect(second.json()).toMatchObject({ items: [{ action: 'created' }], next_cursor: null });
  });
});
