import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildTestApp, type Client, credit, debit, entryInput, FINANCE, postEntry, readyTenant, type TestFinance } from '../helpers.js';

let finance: TestFinance;
let client: Client;
beforeAll(async () => {
  finance = await buildTestApp(inject('adminUrl'));
  client = await readyTenant(finance);
});
afterAll(() => finance.close());

const patch = (number: string, payload: unknown, headers: Record<string, string> = {}) =>
  client.request('PATCH', `${FINANCE}/accounts/${number}`, payload, headers);

describe('GET /api/v1/finance/accounts', () => {
  it('should page through the chart in number order with an opaque cursor', async () => {
    const first = await client.get(`${FINANCE}/accounts?limit=50`);
    const second = await client.get(`${FINANCE}/accounts?limit=50&cursor=${first.json().next_cursor}`);

    const numbers = [...first.json().items, ...second.json().items].map((account: { number: string }) => account.number);
    expect(numbers).toHaveLength(100);
    expect([...numbers].sort()).toEqual(numbers);
    expect(new Set(numbers).size).toBe(100);
  });

  it('should filter by type', async () => {
    const response = await client.get(`${FINANCE}/accounts?type=equity&limit=500`);

    expect(response.json().items.map((account: { number: string }) => account.number)).toEqual(expect.arrayContaining(['0800', '0860', '1800', '9000']));
    expect(response.json().items.every((account: { type: string }) => account.type === 'equity')).toBe(true);
  });

  it('should refuse a forged cursor with 400', async () => {
    const response = await client.get(`${FINANCE}/accounts?cursor=${Buffer.from('"abc"').toString('base64url')}`);

    expect(response.statusCode).toBe(400);
  });

  it('should answer 404 for an unknown account', async () => {
    const response = await client.get(`${FINANCE}/accounts/4711`);

    expect(response.statusCode).toBe(404);
    expect(response.json().code).toBe('FIN_ACCOUNT_NOT_FOUND');
  });
});

describe('POST /api/v1/finance/accounts', () => {
  it('should create a custom account under a parent, with a default tax code', async () => {
    const response = await client.post(`${FINANCE}/accounts`, {
      number: '8401',
      name: 'Erlöse Onlineshop 19 % USt',
      type: 'revenue',
      parent: '8400',
      default_tax_code: 'USt19',
    });

    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ number: '8401', parent: '8400', default_tax_code: 'USt19', origin: 'custom', version: 1 });
    expect(response.headers.etag).toBe('"8401-1"');
  });

  it('should refuse a taken number with 409', async () => {
    const response = await client.post(`${FINANCE}/accounts`, { number: '1200', name: 'Zweite Bank', type: 'asset' });

    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('FIN_ACCOUNT_EXISTS');
  });

  it('should refuse an unknown parent and an unknown tax code with 422', async () => {
    const parent = await client.post(`${FINANCE}/accounts`, { number: '4999', name: 'X', type: 'expense', parent: '4998' });
    const taxCode = await client.post(`${FINANCE}/accounts`, { number: '4998', name: 'X', type: 'expense', default_tax_code: 'VSt5' });

    expect([parent.statusCode, parent.json().code]).toEqual([422, 'FIN_ACCOUNT_HIERARCHY']);
    expect([taxCode.statusCode, taxCode.json().code, taxCode.json().errors]).toEqual([
      422,
      'FIN_UNKNOWN_TAX_CODE',
      [expect.objectContaining({ pointer: '/default_tax_code' })],
    ]);
    expect((await client.get(`${FINANCE}/accounts/4998`)).statusCode).toBe(404);
  });

  it.each([
    [{ number: '12', name: 'Kurz', type: 'asset' }, '/number'],
    [{ number: '1234', name: '', type: 'asset' }, '/name'],
    [{ number: '1234', name: 'Typ', type: 'income' }, '/type'],
    [{ number: '1234', name: 'Zu viel', type: 'asset', extra: true }, '/'],
  ])('should refuse %j with a 400 problem pointing at %s', async (body, pointer) => {
    const response = await client.post(`${FINANCE}/accounts`, body);

    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual(expect.arrayContaining([expect.objectContaining({ pointer: expect.stringContaining(pointer) })]));
  });
});

describe('PATCH /api/v1/finance/accounts/:number', () => {
  it('should rename and deactivate an account and audit the change', async () => {
    await client.post(`${FINANCE}/accounts`, { number: '4901', name: 'Alt', type: 'expense' });

    const response = await patch('4901', { name: 'Neu', inactive: true });
    const log = await client.get(`${FINANCE}/audit/log?limit=5`);

    expect(response.json()).toMatchObject({ name: 'Neu', inactive: true, version: 2 });
    expect(log.json().items[0]).toMatchObject({
      action: 'account.updated',
      subject: '4901',
      details: { before: { name: 'Alt' }, after: { name: 'Neu', inactive: true } },
    });
  });

  it('should refuse a change against a stale ETag with 412', async () => {
    await client.post(`${FINANCE}/accounts`, { number: '4902', name: 'Eins', type: 'expense' });
    await patch('4902', { name: 'Zwei' });

    const response = await patch('4902', { name: 'Drei' }, { 'if-match': '"4902-1"' });

    expect(response.statusCode).toBe(412);
    expect((await client.get(`${FINANCE}/accounts/4902`)).json().name).toBe('Zwei');
  });

  it('should renumber an unused account, and refuse to renumber one with postings', async () => {
    await client.post(`${FINANCE}/accounts`, { number: '4903', name: 'Leer', type: 'expense' });
    await client.post(`${FINANCE}/accounts`, { number: '4904', name: 'Bebucht', type: 'expense' });
    await postEntry(client, entryInput({ lines: [debit('4904', '10.00'), credit('1000', '10.00')] }));

    const unused = await patch('4903', { number: '4905' });
    const used = await patch('4904', { number: '4906' });

    expect(unused.json()).toMatchObject({ number: '4905' });
    expect([used.statusCode, used.json().code]).toEqual([409, 'FIN_ACCOUNT_NUMBER_IN_USE']);
    expect((await client.get(`${FINANCE}/accounts/4904`)).statusCode).toBe(200);
  });

  it('should refuse to renumber a tax account', async () => {
    const response = await patch('1776', { number: '1777' });

    expect(response.json().code).toBe('FIN_ACCOUNT_NUMBER_IN_USE');
  });

  it('should refuse a parent that would make a cycle', async () => {
    await client.post(`${FINANCE}/accounts`, { number: '4910', name: 'Ober', type: 'expense' });
    await client.post(`${FINANCE}/accounts`, { number: '4911', name: 'Unter', type: 'expense', parent: '4910' });

    const response = await patch('4910', { parent: '4911' });

    expect([response.statusCode, response.json().code]).toEqual([422, 'FIN_ACCOUNT_HIERARCHY']);
  });

  it('should refuse postings to an inactive account with 422 naming the line', async () => {
    await client.post(`${FINANCE}/accounts`, { number: '4920', name: 'Still', type: 'expense' });
    await patch('4920', { inactive: true });

    const response = await client.post(`${FINANCE}/transactions`, entryInput({ lines: [debit('1000', '5.00'), credit('4920', '5.00')] }));

    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ code: 'FIN_ACCOUNT_INACTIVE', errors: [{ pointer: '/lines/1/account' }] });
  });

  it('should refuse an empty change with 400', async () => {
    expect((await patch('4930', {})).statusCode).toBe(400);
  });
});
