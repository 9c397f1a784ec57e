import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildTestApp, type Client, clientOf, companyInput, createPartner, createProduct, personInput, productInput, type TestCore } from '../helpers.js';

// GET /api/v1/search: one ranked list across customers, suppliers and products, umlaut- and typo-tolerant,
// limited to the kinds the caller may read and to the caller's tenant.
let core: TestCore;
let client: Client;
let other: Client;
const ids: Record<string, string> = {};

beforeAll(async () => {
  core = await buildTestApp(inject('adminUrl'));
  client = await clientOf(core);
  other = await clientOf(core);
  ids.mueller = (await createPartner(client, companyInput({ company_name: 'Müller Maschinenbau GmbH' }))).id;
  ids.weber = (await createPartner(client, personInput({ first_name: 'Jürgen', last_name: 'Weber' }))).id;
  ids.schroeder = (await createPartner(client, companyInput({ company_name: 'Schröder Elektro KG', vat_id: undefined }), '/api/v1/suppliers')).id;
  ids.drill = (
    await createProduct(client, productInput({ sku: 'BM-2000', name: 'Bohrmaschine Profi 2000', gtin: '4006381333931', description: null, tags: [] }))
  ).id;
  ids.screws = (await createProduct(client, productInput({ sku: 'SCH-10', name: 'Schrauben M10 verzinkt', description: null, tags: [] }))).id;
  // The other tenant has a Müller too; it must never show up for the first.
  await createPartner(other, companyInput({ company_name: 'Müller Getränke GmbH' }));
}, 60_000);

afterAll(async () => {
  await core?.close();
});

async function search(caller: Client, query: string) {
  const response = await caller.send('GET', `/api/v1/search?${query}`);
  return { status: response.statusCode, body: response.json(), type: String(response.headers['content-type']) };
}

describe('GET /api/v1/search', () => {
  it('should find "Müller" when asked for "Mueller", "muller" or "Müler" (a typo), ranked first', async () => {
    for (const q of ['Mueller', 'muller', 'Müler', 'Muelller', 'MÜLLER masch', 'maschinenbau']) {
      const { status, body } = await search(client, `q=${encodeURIComponent(q)}`);
      expect(status, q).toBe(200);
      expect(body.items[0], q).toMatchObject({
        type: 'customer',
        id: ids.mueller,
        title: 'Müller Maschinenbau GmbH',
        href: `/api/v1/customers/${ids.mueller}`,
      });
    }
  });

  it('should find products by a typo in the name, by SKU and by GTIN, and suppliers and persons alike', async () => {
    expect((await search(client, 'q=Bormaschine')).body.items[0]).toMatchObject({ type: 'product', id: ids.drill });
    expect((await search(client, 'q=sch-10')).body.items[0]).toMatchObject({ type: 'product', id: ids.screws, number: 'SCH-10' });
    expect((await search(client, 'q=4006381333931')).body.items[0]).toMatchObject({ type: 'product', id: ids.drill });
    expect((await search(client, 'q=Schroeder')).body.items[0]).toMatchObject({ type: 'supplier', id: ids.schroeder });
    expect((await search(client, 'q=Juergen%20Weber')).body.items[0]).toMatchObject({ type: 'customer', id: ids.weber });
  });

  it('should rank an exact number first', async () => {
    const number = (await client.send('GET', `/api/v1/customers/${ids.mueller}`)).json().number as string;
    const { body } = await search(client, `q=${number}`);
    expect(body.items[0]).toMatchObject({ id: ids.mueller, number });
    expect(body.items[0].score).toBeGreaterThan(1);
  });

  it('should keep to the kinds asked for, and leave out archived records unless asked', async () => {
    expect((await search(client, 'q=Mueller&types=product')).body.items).toEqual([]);
    await client.send('POST', `/api/v1/customers/${ids.weber}/archive`, {});
    expect((await search(client, 'q=Weber')).body.items.map((item: { id: string }) => item.id)).not.toContain(ids.weber);
    expect((await search(client, 'q=Weber&include_archived=true')).body.items[0]).toMatchObject({ id: ids.weber, archived: true });
  });

  it('should follow a change of a record in the same transaction', async () => {
    const current = await client.send('GET', `/api/v1/products/${ids.screws}`);
    const patched = await client.send(
      'PATCH',
      `/api/v1/products/${ids.screws}`,
      { name: 'Sechskantschrauben M10' },
      { 'if-match': String(current.headers.etag) },
    );
    expect(patched.statusCode).toBe(200);
    expect((await search(client, 'q=Sechskant')).body.items[0]).toMatchObject({ id: ids.screws, title: 'Sechskantschrauben M10' });
  });

  it('should never show another tenant’s records', async () => {
    const mine = (await search(client, 'q=Mueller')).body.items.map((item: { title: string }) => item.title);
    const theirs = (await search(other, 'q=Mueller')).body.items.map((item: { title: string }) => item.title);
    expect(mine).not.toContain('Müller Getränke GmbH');
    expect(theirs).toEqual(['Müller Getränke GmbH']);
  });

  it('should search only the kinds the caller may read, and refuse asking for others with 403', async () => {
    const sales = await clientOf(core, ['core.products:read'], client.tenantId);
    expect((await search(sales, 'q=Mueller')).body.items).toEqual([]);
    expect((await search(sales, 'q=Bohrmaschine')).body.items[0]).toMatchObject({ id: ids.drill });
    const refused = await search(sales, 'q=Mueller&types=customer,product');
    expect(refused.status).toBe(403);
    expect(refused.type).toContain('application/problem+json');
    expect(refused.body).toMatchObject({ code: 'CORE_SEARCH_FORBIDDEN' });
    expect((await search(await clientOf(core, ['core.inventory:read'], client.tenantId), 'q=x')).status).toBe(403);
  });

  it('should answer bad input with 400 problems and take SQL-looking or LIKE-special text as plain text', async () => {
    for (const query of ['', 'q=', 'q=%20%20', `q=${'x'.repeat(201)}`, 'q=a&types=orders', 'q=a&limit=0', 'q=a&limit=51']) {
      const { status, type } = await search(client, query);
      expect(status, query).toBe(400);
      expect(type, query).toContain('application/problem+json');
    }
    for (const q of ["'; drop table search_entry; --", '%', '_', '\\', 'a%b']) {
      const { status } = await search(client, `q=${encodeURIComponent(q)}`);
      expect(status, q).toBe(200);
    }
    expect((await search(client, 'q=%25')).body.items).toEqual([]);
    expect((await search(client, 'q=Mueller')).body.items.length).toBeGreaterThan(0);
  });

  it('should refuse a caller without a token', async () => {
    const response = await core.app.inject({ method: 'GET', url: '/api/v1/search?q=Mueller' });
    expect(response.statusCode).toBe(401);
  });
});
