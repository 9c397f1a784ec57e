import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { fakeUser, graphql, userId } from './fake-auth.js';
import { fakePartner, partnerId } from './fake-core.js';
import { startGraphqlSystem } from './system.js';

let system: Awaited<ReturnType<typeof startGraphqlSystem>>;
let url: string;

beforeAll(async () => {
  system = await startGraphqlSystem(inject('adminUrl'));
  url = system.gateway.url;
});
beforeEach(() => {
  system.reset();
  system.core.partners.splice(
    0,
    system.core.partners.length,
    fakePartner('customer', 1),
    fakePartner('customer', 2, { archived_at: '2026-01-20T00:00:00.000Z' }),
    fakePartner('customer', 3, { version: 4 }),
    fakePartner('supplier', 4),
  );
  system.core.history.clear();
  system.auth.users.splice(0, system.auth.users.length, fakeUser(1), fakeUser(2));
});
afterAll(async () => {
  await system.close();
});

describe('POST /graphql customers and suppliers', () => {
  it('should list customers with their contacts and addresses in GraphQL shape, passing the filters to core', async () => {
    const query = `{ customers(limit: 1, q: "Firma", tag: "key-account") {
      items { id number kind name vatId etag paymentTerms { netDays skontoPercent } creditLimit { amount currency }
              contacts { firstName lastName } addresses { type isDefault street postalCode country } }
      nextCursor } }`;

    const answer = await graphql(url, { query });

    expect(answer.body).toEqual({
      data: {
        customers: {
          items: [
            {
              id: partnerId(1),
              number: 'K10001',
              kind: 'COMPANY',
              name: 'Firma 1 GmbH',
              vatId: 'DE136695976',
              etag: '"1"',
              paymentTerms: { netDays: 30, skontoPercent: '2.00' },
              creditLimit: { amount: '25000.00', currency: 'EUR' },
              contacts: [{ firstName: 'Anna', lastName: 'Schmidt' }],
              addresses: [{ type: 'BILLING', isDefault: true, street: 'Industriestraße 7', postalCode: '80331', country: 'DE' }],
            },
          ],
          nextCursor: '1',
        },
      },
    });
    expect(system.core.seen.map((seen) => seen.url)).toEqual(['/api/v1/customers?limit=1&q=Firma&tag=key-account&archived=false']);
  });

  it('should map the archived filter and read suppliers from their own collection', async () => {
    const answer = await graphql(url, {
      query:
        '{ archived: customers(archived: ARCHIVED) { items { number archivedAt } } suppliers { items { number } } supplier(id: "' +
        partnerId(4) +
        '") { name } }',
    });

    expect(answer.body.data).toEqual({
      archived: { items: [{ number: 'K10002', archivedAt: '2026-01-20T00:00:00.000Z' }] },
      suppliers: { items: [{ number: 'L10004' }] },
      supplier: { name: 'Firma 4 GmbH' },
    });
    expect(system.core.seen.map((seen) => seen.url).sort()).toEqual([
      '/api/v1/customers?limit=50&archived=true',
      `/api/v1/suppliers/${partnerId(4)}`,
      '/api/v1/suppliers?limit=50&archived=false',
    ]);
  });

  it("should answer core's 404 for an unknown customer as an error at the field's path", async () => {
    const answer = await graphql(url, { query: `{ customer(id: "${partnerId(99)}") { id } }` });

    expect(answer.body.data).toEqual({ customer: null });
    expect(answer.body.errors[0]).toMatchObject({ path: ['customer'], extensions: { code: 'CORE_PARTNER_NOT_FOUND', status: 404 } });
  });
});

describe('POST /graphql customer history', () => {
  it('should read the history of each customer and load all actors with one call to auth', async () => {
    const entry = (id: string, actor: number | null) => ({
      id,
      at: '2026-01-05T00:00:00.000Z',
      actor_id: actor === null ? null : userId(actor),
      action: 'updated',
      via: 'api',
      changes: [{ field: 'contacts', old: [{ first_name: 'Anna' }], new: [] }],
    });
    system.core.history.set(partnerId(1), [entry('3', 1), entry('2', 2)]);
    system.core.history.set(partnerId(3), [entry('1', 1), entry('0', null)]);

    const answer = await graphql(url, {
      query:
        '{ customers(limit: 10) { items { number history(limit: 5) { items { id action actorId actor { email } changes { field old new redacted } } } } } }',
    });

    const histories = answer.body.data.customers.items.map((customer: { history: { items: Array<{ actor: { email: string } | null }> } }) =>
      customer.history.items.map((item) => item.actor?.email ?? null),
    );
    expect(histories).toEqual([
      ['user001@example.com', 'user002@example.com'],
      ['user001@example.com', null],
    ]);
    // Free-form values keep core's keys.
    expect(answer.body.data.customers.items[0].history.items[0].changes).toEqual([
      { field: 'contacts', old: [{ first_name: 'Anna' }], new: [], redacted: false },
    ]);
    expect(system.core.count(`GET /api/v1/customers/${partnerId(1)}/history`)).toBe(1);
    expect(system.auth.count('GET /api/v1/auth/users')).toBe(1);
  });
});

describe('POST /graphql customer mutations', () => {
  it('should create a customer with the input in core shape and the idempotency key as Idempotency-Key', async () => {
    const mutation = `mutation Create($input: CustomerInput!, $key: String) { createCustomer(input: $input, idempotencyKey: $key) { id number kind etag creditLimit { amount } } }`;
    const input = {
      kind: 'PERSON',
      lastName: 'Meier',
      creditLimit: { amount: '1500.50', currency: 'EUR' },
      paymentTerms: { netDays: 14, skontoPercent: null, skontoDays: null },
      addresses: [{ type: 'SHIPPING', street: 'Weg 1', postalCode: '10115', city: 'Berlin', country: 'DE' }],
    };

    const first = await graphql(url, { query: mutation, variables: { input, key: 'create-meier-1' } });
    const retry = await graphql(url, { query: mutation, variables: { input, key: 'create-meier-1' } });

    expect(first.body.data.createCustomer).toMatchObject({ kind: 'PERSON', etag: '"1"', creditLimit: { amount: '1500.50' } });
    expect(retry.body.data.createCustomer.id).toBe(first.body.data.createCustomer.id);
    expect(system.core.seen.map((seen) => seen.headers['idempotency-key'])).toEqual(['create-meier-1', 'create-meier-1']);
    expect(system.core.seen[0]?.body).toEqual({
      kind: 'person',
      last_name: 'Meier',
      credit_limit: { amount: '1500.50', currency: 'EUR' },
      payment_terms: { net_days: 14, skonto_percent: null, skonto_days: null },
      addresses: [{ type: 'shipping', street: 'Weg 1', postal_code: '10115', city: 'Berlin', country: 'DE' }],
    });
  });

  it('should send no Idempotency-Key when the client gives none', async () => {
    await graphql(url, { query: 'mutation { createSupplier(input: { kind: COMPANY, companyName: "Lieferant AG" }) { number } }' });

    expect(system.core.seen[0]?.url).toBe('/api/v1/suppliers');
    expect(system.core.seen[0]?.headers['idempotency-key']).toBeUndefined();
  });

  it('should patch only the fields given, null clearing one, with ifMatch as If-Match, and answer the new etag', async () => {
    const answer = await graphql(url, {
      query: `mutation { updateCustomer(id: "${partnerId(3)}", ifMatch: "\\"4\\"", patch: { email: "neu@firma.example", phone: null }) { email etag version } }`,
    });

    expect(answer.body).toEqual({ data: { updateCustomer: { email: 'neu@firma.example', etag: '"5"', version: 5 } } });
    expect(system.core.seen[0]).toMatchObject({ method: 'PATCH', url: `/api/v1/customers/${partnerId(3)}`, body: { email: 'neu@firma.example', phone: null } });
    expect(system.core.seen[0]?.headers['if-match']).toBe('"4"');
  });

  it("should answer a stale ifMatch with core's 412 as a GraphQL error with status 412 and change nothing", async () => {
    const answer = await graphql(url, {
      query: `mutation { updateCustomer(id: "${partnerId(3)}", ifMatch: "\\"3\\"", patch: { email: "spaet@firma.example" }) { etag } }`,
    });

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      data: { updateCustomer: null },
      errors: [
        {
          message: 'The record has changed; its current ETag is "4".',
          locations: [{ line: 1, column: 12 }],
          path: ['updateCustomer'],
          extensions: { code: 'CORE_PRECONDITION_FAILED', status: 412, type: 'urn:erp:problem:core_precondition_failed' },
        },
      ],
    });
    expect(system.core.partners[2]).toMatchObject({ email: 'info3@firma.example', version: 4 });
  });

  it('should refuse an update without ifMatch before calling core', async () => {
    const answer = await graphql(url, { query: `mutation { updateCustomer(id: "${partnerId(3)}", patch: { email: "x@firma.example" }) { etag } }` });

    expect(answer.status).toBe(400);
    expect(answer.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(system.core.seen).toEqual([]);
  });

  it('should archive a customer with the optional If-Match', async () => {
    const answer = await graphql(url, { query: `mutation { archiveCustomer(id: "${partnerId(1)}", ifMatch: "\\"1\\"") { archivedAt etag } }` });

    expect(answer.body.data.archiveCustomer).toEqual({ archivedAt: '2026-02-01T00:00:00.000Z', etag: '"2"' });
    expect(system.core.seen[0]).toMatchObject({ method: 'POST', url: `/api/v1/customers/${partnerId(1)}/archive` });
    expect(system.core.seen[0]?.headers['if-match']).toBe('"1"');
  });

  it('should refuse a credit limit given as a number, calling nothing', async () => {
    const answer = await graphql(url, {
      query: 'mutation ($input: CustomerInput!) { createCustomer(input: $input) { id } }',
      variables: { input: { kind: 'COMPANY', companyName: 'Float AG', creditLimit: { amount: 0.1, currency: 'EUR' } } },
    });

    expect(answer.status).toBe(400);
    expect(answer.body.errors[0].message).toContain('Decimal must be a string such as "119.00", not the number 0.1.');
    expect(system.core.seen).toEqual([]);
  });
});
