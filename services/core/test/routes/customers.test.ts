import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Partner } from '../../src/domain/partner.js';
import { buildTestApp, type Client, clientOf, companyInput, createPartner, outboxEvents, personInput, type TestCore } from '../helpers.js';

let core: TestCore;
let client: Client;

beforeAll(async () => {
  core = await buildTestApp(inject('adminUrl'));
  client = await clientOf(core);
});
afterAll(() => core.close());

describe('POST /api/v1/customers', () => {
  it('should create a company with contacts, addresses and German fields, numbered from K10001', async () => {
    const input = companyInput({ vat_id: 'de 136 695 976', leitweg_id: '04011000-1234512345-06' });

    const response = await client.send('POST', '/api/v1/customers', input);

    expect(response.statusCode).toBe(201);
    const customer = response.json() as Partner;
    expect(customer).toMatchObject({
      number: 'K10001',
      role: 'customer',
      kind: 'company',
      name: 'Müller Maschinenbau GmbH',
      vat_id: 'DE136695976',
      leitweg_id: '04011000-1234512345-06',
      commercial_register: { court: 'Amtsgericht München', number: 'HRB 123456' },
      payment_terms: { net_days: 30, skonto_percent: '2.00', skonto_days: 10 },
      credit_limit: { amount: '25000.00', currency: 'EUR' },
      tags: ['key-account'],
      version: 1,
      archived_at: null,
    });
    expect(customer.contacts).toEqual([expect.objectContaining({ id: expect.any(String), last_name: 'Schmidt', email: 'anna.schmidt@mueller.example' })]);
    expect(customer.addresses).toEqual([expect.objectContaining({ type: 'billing', is_default: true, city: 'München', country: 'DE' })]);
    expect(response.headers.location).toBe(`/api/v1/customers/${customer.id}`);
    expect(response.headers.etag).toBe('"1"');
  });

  it('should create a person and derive the name from title, first and last name', async () => {
    const customer = await createPartner(client, personInput());

    expect(customer).toMatchObject({ kind: 'person', name: 'Dr. Jürgen Weber', number: 'K10002', notes: 'Prefers calls before noon.' });
  });

  it('should write erp.core.customer.created.v1 to the outbox with the customer, without notes', async () => {
    const own = await clientOf(core);
    const customer = await createPartner(own, personInput());

    const events = await outboxEvents(core, own.tenantId);

    expect(events).toEqual([{ type: 'erp.core.customer.created.v1', subject: customer.id, tenant_id: own.tenantId, data: { partner: expect.any(Object) } }]);
    const { notes, ...withoutNotes } = customer;
    expect(events[0]?.data.partner).toEqual(withoutNotes);
    expect(notes).not.toBeNull();
  });

  it('should store SQL-looking text literally', async () => {
    const name = "Robert'); DROP TABLE partner; --";

    const customer = await createPartner(client, companyInput({ company_name: name, notes: "1' OR '1'='1" }));
    const read = await client.send('GET', `/api/v1/customers/${customer.id}`);

    expect(read.json()).toMatchObject({ company_name: name, notes: "1' OR '1'='1" });
  });
});

describe('GET /api/v1/customers/:id', () => {
  it('should return the customer with its ETag, and 304 for a matching If-None-Match', async () => {
    const customer = await createPartner(client, companyInput());

    const read = await client.send('GET', `/api/v1/customers/${customer.id}`);
    const cached = await client.send('GET', `/api/v1/customers/${customer.id}`, undefined, { 'if-none-match': '"1"' });

    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual(customer);
    expect(read.headers.etag).toBe('"1"');
    expect(cached.statusCode).toBe(304);
    expect(cached.body).toBe('');
  });

  it('should answer 404 for an unknown id', async () => {
    const response = await client.send('GET', '/api/v1/customers/00000000-0000-4000-8000-000000000000');

    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ code: 'CORE_PARTNER_NOT_FOUND', status: 404 });
  });
});

describe('GET /api/v1/customers', () => {
  it('should page through all customers by number with an opaque cursor', async () => {
    const own = await clientOf(core);
    const created: Partner[] = [];
    for (let index = 0; index < 5; index += 1) created.push(await createPartner(own, companyInput({ company_name: `Firma ${index}` })));

    const first = await own.send('GET', '/api/v1/customers?limit=2');
    const second = await own.send('GET', `/api/v1/customers?limit=2&cursor=${first.json().next_cursor}`);
    const third = await own.send('GET', `/api/v1/customers?limit=2&cursor=${second.json().next_cursor}`);

    const pages = [first, second, third].map((page) => page.json() as { items: Partner[]; next_cursor: string | null });
    expect(pages.flatMap((page) => page.items.map((item) => item.number))).toEqual(created.map((customer) => customer.number));
    expect(pages.map((page) => page.next_cursor === null)).toEqual([false, false, true]);
  });

  it('should filter by name or number, tag and archived state', async () => {
    const own = await clientOf(core);
    const mueller = await createPartner(own, companyInput({ company_name: 'Müller & Söhne KG', tags: ['vip'] }));
    const schulz = await createPartner(own, companyInput({ company_name: 'Schulz_Bau 100%', tags: ['b2b'] }));
    const archived = await createPartner(own, companyInput({ company_name: 'Alt GmbH', tags: ['vip'] }));
    await own.send('POST', `/api/v1/customers/${archived.id}/archive`);
    const numbers = async (query: string) => ((await own.send('GET', `/api/v1/customers?${query}`)).json().items as Partner[]).map((item) => item.number);

    expect(await numbers('q=m%C3%BCller')).toEqual([mueller.number]);
    expect(await numbers(`q=${mueller.number.toLowerCase()}`)).toEqual([mueller.number]);
    expect(await numbers('q=100%25')).toEqual([schulz.number]);
    expect(await numbers('q=_')).toEqual([schulz.number]);
    expect(await numbers('tag=vip')).toEqual([mueller.number]);
    expect(await numbers('archived=true')).toEqual([archived.number]);
    expect(await numbers('archived=all&tag=vip')).toEqual([mueller.number, archived.number]);
  });

  it('should answer 400 for a cursor it did not issue', async () => {
    const forged = Buffer.from(JSON.stringify(['1', "x' or 1=1"])).toString('base64url');

    const response = await client.send('GET', `/api/v1/customers?cursor=${forged}`);

    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'CORE_INVALID_CURSOR' });
  });
});
