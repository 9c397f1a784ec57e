import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildTestApp, type Client, clientFor, FINANCE, readyTenant, type TestFinance } from '../helpers.js';
import { countRows, sqlError, sqlRows } from '../sql.js';

let finance: TestFinance;
let client: Client;
beforeAll(async () => {
  finance = await buildTestApp(inject('adminUrl'));
  client = await readyTenant(finance);
});
afterAll(() => finance.close());

const CENTERS = `${FINANCE}/cost-centers`;

describe('POST /api/v1/finance/cost-centers', () => {
  it('should create a cost centre with an ETag and a location, and audit it', async () => {
    const response = await client.post(CENTERS, { dimension: 1, code: 'K100', name: 'Vertrieb' });

    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ dimension: 1, code: 'K100', name: 'Vertrieb', inactive: false, version: 1, created_by: client.userId });
    expect(response.headers.location).toBe(`${CENTERS}/1/K100`);
    expect(response.headers.etag).toBe('"1-K100-1"');
    const log = (await client.get(`${FINANCE}/audit/log`)).json().items;
    expect(log[0]).toMatchObject({ action: 'cost_center.created', subject: '1/K100' });
  });

  it('should keep the dimensions apart: the same code may exist as cost centre and cost object', async () => {
    await client.post(CENTERS, { dimension: 1, code: 'P7', name: 'Kostenstelle P7' });

    const object = await client.post(CENTERS, { dimension: 2, code: 'P7', name: 'Projekt 7' });
    const again = await client.post(CENTERS, { dimension: 2, code: 'P7', name: 'Noch einmal' });

    expect(object.statusCode).toBe(201);
    expect([again.statusCode, again.json().code]).toEqual([409, 'FIN_COST_CENTER_EXISTS']);
  });

  it.each([
    ['a third dimension', { dimension: 3, code: 'K1', name: 'X' }, '/dimension'],
    ['the dimension as a string', { dimension: '1', code: 'K1', name: 'X' }, '/dimension'],
    ['an empty code', { dimension: 1, code: '', name: 'X' }, '/code'],
    ['a code with a space', { dimension: 1, code: 'K 1', name: 'X' }, '/code'],
    ['a code with SQL in it', { dimension: 1, code: "K1'; drop table cost_center; --", name: 'X' }, '/code'],
    ['a code of 37 characters', { dimension: 1, code: 'K'.repeat(37), name: 'X' }, '/code'],
    ['a control character in the name', { dimension: 1, code: 'K1', name: 'a\u0000b' }, '/name'],
    ['a name of 201 characters', { dimension: 1, code: 'K1', name: 'n'.repeat(201) }, '/name'],
    ['an unknown field', { dimension: 1, code: 'K1', name: 'X', active: true }, '/active'],
  ])('should refuse %s with a 400 problem and write nothing', async (_case, body, pointer) => {
    const before = await countRows(finance, 'cost_center', client.tenantId);

    const response = await client.post(CENTERS, body);

    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json().errors).toEqual(expect.arrayContaining([expect.objectContaining({ pointer: expect.stringContaining(pointer) })]));
    expect(await countRows(finance, 'cost_center', client.tenantId)).toBe(before);
  });

  it('should refuse a tenant without a chart with 409', async () => {
    const fresh = await clientFor(finance);

    const response = await fresh.post(CENTERS, { dimension: 1, code: 'K1', name: 'X' });

    expect([response.statusCode, response.json().code]).toEqual([409, 'FIN_NOT_SET_UP']);
  });
});

describe('GET /api/v1/finance/cost-centers', () => {
  it('should list by dimension and code in pages, hide inactive ones unless asked, and read one', async () => {
    const tenant = await readyTenant(finance);
    for (const [dimension, code] of [
      [2, 'A'],
      [1, 'B'],
      [1, 'A'],
      [1, 'C'],
    ] as const)
      await tenant.post(CENTERS, { dimension, code, name: `Stelle ${code}` });
    await tenant.request('PATCH', `${CENTERS}/1/C`, { inactive: true });

    const first = (await tenant.get(`${CENTERS}?limit=2`)).json();
    const second = (await tenant.get(`${CENTERS}?limit=2&cursor=${first.next_cursor}`)).json();
    const all = (await tenant.get(`${CENTERS}?include_inactive=true&dimension=1`)).json();
    const one = await tenant.get(`${CENTERS}/2/A`);

    expect(first.items.map((item: { code: string }) => item.code)).toEqual(['A', 'B']);
    expect(second.items.map((item: { dimension: number; code: string }) => `${item.dimension}/${item.code}`)).toEqual(['2/A']);
    expect(second.next_cursor).toBeNull();
    expect(all.items.map((item: { code: string }) => item.code)).toEqual(['A', 'B', 'C']);
    expect(one.json()).toMatchObject({ dimension: 2, code: 'A', name: 'Stelle A' });
    expect(one.headers.etag).toBe('"2-A-1"');
  });

  it('should answer 404 for an unknown code and 400 for a bad dimension, code or cursor', async () => {
    const answers = await Promise.all([
      client.get(`${CENTERS}/1/NOPE`),
      client.get(`${CENTERS}/0/K100`),
      client.get(`${CENTERS}/1/${encodeURIComponent('<script>')}`),
      client.get(`${CENTERS}?cursor=bm90LWEtY3Vyc29y`),
      client.get(`${CENTERS}?dimension=x`),
    ]);

    expect(answers.map((answer) => answer.statusCode)).toEqual([404, 400, 400, 400, 400]);
    expect(answers[0]?.json().code).toBe('FIN_COST_CENTER_NOT_FOUND');
  });
});

describe('PATCH /api/v1/finance/cost-centers/:dimension/:code', () => {
  it('should rename and deactivate with If-Match, refuse an old ETag with 412, and audit before and after', async () => {
    await client.post(CENTERS, { dimension: 1, code: 'K200', name: 'Einkauf' });

    const renamed = await client.request('PATCH', `${CENTERS}/1/K200`, { name: 'Einkauf und Lager' }, { 'if-match': '"1-K200-1"' });
    const stale = await client.request('PATCH', `${CENTERS}/1/K200`, { inactive: true }, { 'if-match': '"1-K200-1"' });
    const deactivated = await client.request('PATCH', `${CENTERS}/1/K200`, { inactive: true }, { 'if-match': '"1-K200-2"' });

    expect(renamed.json()).toMatchObject({ name: 'Einkauf und Lager', version: 2, inactive: false });
    expect([stale.statusCode, stale.json().code]).toEqual([412, 'FIN_PRECONDITION_FAILED']);
    expect(deactivated.json()).toMatchObject({ inactive: true, version: 3 });
    const log = (await client.get(`${FINANCE}/audit/log`)).json().items;
    expect(log[0]).toMatchObject({ action: 'cost_center.updated', details: { before: { inactive: false }, after: { inactive: true } } });
  });

  it('should refuse to change the code or dimension, an empty body, and an unknown cost centre', async () => {
    const answers = await Promise.all([
      client.request('PATCH', `${CENTERS}/1/K100`, { code: 'K101' }),
      client.request('PATCH', `${CENTERS}/1/K100`, { dimension: 2 }),
      client.request('PATCH', `${CENTERS}/1/K100`, {}),
      client.request('PATCH', `${CENTERS}/1/K999`, { name: 'X' }),
    ]);

    expect(answers.map((answer) => answer.statusCode)).toEqual([400, 400, 400, 404]);
    expect((await client.get(`${CENTERS}/1/K100`)).json()).toMatchObject({ code: 'K100', version: 1 });
  });
});

describe('the cost_center table', () => {
  it('should refuse to delete a cost centre or change its code, even for the schema owner', async () => {
    const deletion = await sqlError(finance, 'owner', `delete from cost_center where tenant_id = '${client.tenantId}' and code = 'K100'`);
    const renumbering = await sqlError(finance, 'owner', `update cost_center set code = 'K101' where tenant_id = '${client.tenantId}' and code = 'K100'`);
    const runtimeDelete = await sqlError(finance, 'runtime', `delete from cost_center where code = 'K100'`, client.tenantId);

    expect(deletion.code).toBe('FN006');
    expect(renumbering.code).toBe('FN006');
    expect(runtimeDelete.code).toBe('42501');
  });

  it("should not show tenant A's cost centres to tenant B, nor let B change them", async () => {
    const other = await readyTenant(finance);

    const list = await other.get(`${CENTERS}?include_inactive=true`);
    const read = await other.get(`${CENTERS}/1/K100`);
    const change = await other.request('PATCH', `${CENTERS}/1/K100`, { name: 'Gekapert' });
    const rows = await sqlRows(finance, 'runtime', 'select code from cost_center', [], other.tenantId);

    expect(list.json().items).toEqual([]);
    expect([read.statusCode, change.statusCode]).toEqual([404, 404]);
    expect(rows).toEqual([]);
    expect((await client.get(`${CENTERS}/1/K100`)).json().name).toBe('Vertrieb');
  });
});
