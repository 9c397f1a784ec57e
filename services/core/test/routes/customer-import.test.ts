import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Partner } from '../../src/domain/partner.js';
import { buildTestApp, type Client, clientOf, companyInput, createPartner, footprint, germanVatId, outboxEvents, type TestCore } from '../helpers.js';

let core: TestCore;

beforeAll(async () => {
  core = await buildTestApp(inject('adminUrl'), { IMPORT_ROWS_MAX: '20' });
});
afterAll(() => core.close());

const HEADER = 'number,company_name,last_name,vat_id,email,street,postal_code,city,country,payment_net_days,skonto_percent,skonto_days';

function csv(...lines: string[]): string {
  return `${[HEADER, ...lines].join('\r\n')}\r\n`;
}

function upload(client: Client, body: string | Buffer, query = '', headers: Record<string, string> = {}) {
  return client.send('POST', `/api/v1/customers/import${query}`, body, { 'content-type': 'text/csv', ...headers });
}

async function listCustomers(client: Client): Promise<Partner[]> {
  return (await client.send('GET', '/api/v1/customers?archived=all&limit=200')).json().items;
}

const validRows = () => [
  `,Alpha GmbH,,${germanVatId()},info@alpha.example,Hauptstraße 1,01067,Dresden,DE,30,2,10`,
  ',,Becker,,becker@example.org,Ringstraße 5,04109,Leipzig,,14,,',
  `,Gamma AG,,${germanVatId()},,,,,,,,`,
];

describe('POST /api/v1/customers/import', () => {
  it('should dry-run by default: report every row and write nothing', async () => {
    const client = await clientOf(core);
    const before = await footprint(core, client.tenantId);

    const response = await upload(client, csv(...validRows(), ',Delta GmbH,,DE136695977,,,,,,,,'));

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ dry_run: true, imported: false, summary: { rows: 4, created: 3, updated: 0, unchanged: 0, rejected: 1 } });
    expect(response.json().results[3]).toEqual({
      row: 5,
      status: 'rejected',
      id: null,
      number: null,
      changed_fields: [],
      errors: [{ column: 'vat_id', detail: expect.stringContaining('check digit') }],
    });
    expect(await footprint(core, client.tenantId)).toEqual(before);
  });

  it('should import nothing and answer 422 naming each rejected cell when a row is rejected', async () => {
    const client = await clientOf(core);

    const response = await upload(client, csv(...validRows(), ',Delta GmbH,,DE136695977,not-an-email,,,,,,,'), '?dry_run=false');

    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ code: 'CORE_IMPORT_REJECTED' });
    expect(response.json().errors).toEqual(
      expect.arrayContaining([
        { pointer: '/rows/5/vat_id', detail: expect.any(String) },
        { pointer: '/rows/5/email', detail: expect.any(String) },
      ]),
    );
    expect(await footprint(core, client.tenantId)).toMatchObject({ partner: 0, outbox: 0, number_series: 0 });
  });

  it('should import the valid rows with on_error=skip, with history and events', async () => {
    const client = await clientOf(core);

    const response = await upload(client, csv(...validRows(), ',Delta GmbH,,XX123,,,,,,,,'), '?dry_run=false&on_error=skip');

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ dry_run: false, imported: true, summary: { created: 3, rejected: 1 } });
    expect(response.json().results.map((result: { number: string | null }) => result.number)).toEqual(['K10001', 'K10002', 'K10003', null]);
    const customers = await listCustomers(client);
    expect(customers.map((customer) => customer.name)).toEqual(['Alpha GmbH', 'Becker', 'Gamma AG']);
    expect(customers[0]).toMatchObject({
      kind: 'company',
      payment_terms: { net_days: 30, skonto_percent: '2.00', skonto_days: 10 },
      addresses: [{ type: 'billing', is_default: true, street: 'Hauptstraße 1', postal_code: '01067', city: 'Dresden', country: 'DE' }],
    });
    expect(customers[1]).toMatchObject({ kind: 'person', addresses: [{ country: 'DE' }], payment_terms: { net_days: 14, skonto_percent: null } });
    const history = (await client.send('GET', `/api/v1/customers/${customers[0]?.id}/history`)).json().items;
    expect(history).toEqual([expect.objectContaining({ action: 'created', via: 'csv-import', actor_id: client.userId })]);
    expect((await outboxEvents(core, client.tenantId)).map((event) => event.type)).toEqual(Array(3).fill('erp.core.customer.created.v1'));
  });

  it('should update customers matched by number or USt-IdNr and leave empty cells alone', async () => {
    const client = await clientOf(core);
    const byNumber = await createPartner(client, companyInput({ email: 'old@one.example' }));
    const byVatId = await createPartner(client, companyInput());
    const untouched = await createPartner(client, companyInput());

    const response = await upload(
      client,
      csv(
        `${byNumber.number},,,,new@one.example,,,,,,,`,
        `,,,${byVatId.vat_id?.toLowerCase()},,Neuer Weg 2,80333,München,DE,,,`,
        `${untouched.number},${untouched.company_name},,,,,,,,,,`,
      ),
      '?dry_run=false',
    );

    expect(response.json().results.map((result: { status: string; changed_fields: string[] }) => [result.status, result.changed_fields])).toEqual([
      ['updated', ['email']],
      ['updated', ['addresses']],
      ['unchanged', []],
    ]);
    const [one, two] = await Promise.all([byNumber, byVatId].map(async (customer) => (await client.send('GET', `/api/v1/customers/${customer.id}`)).json()));
    expect(one).toMatchObject({ email: 'new@one.example', company_name: byNumber.company_name, vat_id: byNumber.vat_id, version: 2 });
    expect(two.addresses).toEqual([{ ...byVatId.addresses[0], street: 'Neuer Weg 2', postal_code: '80333' }]);
  });

  it('should reject unknown numbers, ambiguous USt-IdNr, the same customer twice and archived customers', async () => {
    const client = await clientOf(core);
    const shared = germanVatId();
    await createPartner(client, companyInput({ vat_id: shared }));
    await createPartner(client, companyInput({ vat_id: shared }));
    const archived = await createPartner(client, companyInput());
    await client.send('POST', `/api/v1/customers/${archived.id}/archive`);
    const twice = germanVatId();

    const response = await upload(
      client,
      csv(
        'K99999,,,,a@b.example,,,,,,,',
        `,,,${shared},,,,,,,,`,
        `,New GmbH,,${twice},,,,,,,,`,
        `,Newer GmbH,,${twice},,,,,,,,`,
        `${archived.number},,,,x@y.example,,,,,,,`,
      ),
    );

    expect(response.json().results.map((result: { errors: { column: string; detail: string }[] }) => result.errors[0])).toEqual([
      { column: 'number', detail: expect.stringContaining('No customer has this number') },
      { column: 'vat_id', detail: expect.stringContaining('Matches several customers') },
      undefined,
      { column: 'vat_id', detail: 'Is the same customer as row 4; merge the two rows.' },
      { column: 'number', detail: expect.stringContaining('archived') },
    ]);
  });

  it('should read semicolons, decimal commas, a byte order mark and quoted line breaks as German spreadsheets write them', async () => {
    const client = await clientOf(core);
    const file = `\uFEFFcompany_name;notes;skonto_percent;payment_net_days;skonto_days;credit_limit;tags\r\n"Müller; Söhne";"Zeile 1\nZeile 2";2,5;30;10;15000,50;vip|b2b\r\n`;

    const response = await upload(client, file, '?dry_run=false');

    expect(response.json().summary).toMatchObject({ created: 1 });
    expect((await listCustomers(client))[0]).toMatchObject({
      company_name: 'Müller; Söhne',
      notes: 'Zeile 1\nZeile 2',
      payment_terms: { skonto_percent: '2.50' },
      credit_limit: { amount: '15000.50', currency: 'EUR' },
      tags: ['vip', 'b2b'],
    });
  });

  it('should replay an import sent again with the same Idempotency-Key', async () => {
    const client = await clientOf(core);
    const file = csv(...validRows());

    const first = await upload(client, file, '?dry_run=false', { 'idempotency-key': 'import-1' });
    const retry = await upload(client, file, '?dry_run=false', { 'idempotency-key': 'import-1' });

    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json()).toEqual(first.json());
    expect(await listCustomers(client)).toHaveLength(3);
  });

  it.each([
    ['a file that is not UTF-8', Buffer.from('company_name\nM\xfcller GmbH\n', 'latin1'), 'CORE_IMPORT_ENCODING'],
    ['an unknown column', 'company_name,password\nA GmbH,x\n', 'CORE_IMPORT_HEADER'],
    ['a repeated column', 'company_name,company_name\nA,B\n', 'CORE_IMPORT_HEADER'],
    ['an unclosed quote', 'company_name,notes\n"A GmbH,x\n', 'CORE_IMPORT_MALFORMED'],
    ['a row with more cells than the header', 'company_name\nA GmbH,extra\n', 'CORE_IMPORT_MALFORMED'],
    ['a header without rows', 'company_name\n', 'CORE_IMPORT_MALFORMED'],
    ['more rows than IMPORT_ROWS_MAX', `company_name\n${'A GmbH\n'.repeat(21)}`, 'CORE_IMPORT_TOO_MANY_ROWS'],
  ])('should answer 422 for %s and write nothing', async (_case, body, code) => {
    const client = await clientOf(core);

    const response = await upload(client, body, '?dry_run=false&on_error=skip');

    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ code });
    expect(await footprint(core, client.tenantId)).toMatchObject({ partner: 0, outbox: 0 });
  });

  it('should answer 413 for a 10 MB file', async () => {
    const client = await clientOf(core);

    const response = await upload(client, `company_name\n${'A'.repeat(10 * 1024 * 1024)}\n`);

    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ code: 'CORE_IMPORT_TOO_LARGE' });
  });

  it.each([
    ['JSON', 'application/json', '{"company_name":"A"}'],
    ['a form', 'application/x-www-form-urlencoded', 'company_name=A'],
  ])('should answer 415 for %s', async (_case, contentType, body) => {
    const client = await clientOf(core);

    const response = await client.send('POST', '/api/v1/customers/import', body, { 'content-type': contentType });

    expect(response.statusCode).toBe(415);
    expect(response.json()).toMatchObject({ code: 'CORE_IMPORT_MEDIA_TYPE' });
  });

  it('should answer 415 for a request without a body', async () => {
    const client = await clientOf(core);

    const response = await client.send('POST', '/api/v1/customers/import');

    expect(response.statusCode).toBe(415);
  });
});
