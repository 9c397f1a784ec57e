import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildTestApp, clientFor, FINANCE, type TestFinance } from '../helpers.js';

let finance: TestFinance;
beforeAll(async () => {
  finance = await buildTestApp(inject('adminUrl'));
});
afterAll(() => finance.close());

describe('POST /api/v1/finance/setup', () => {
  it('should write the SKR03 template: accounts with German names, types and default tax codes, and the tax codes', async () => {
    const client = await clientFor(finance);

    const response = await client.post(`${FINANCE}/setup`, { chart: 'SKR03' });
    const revenue = await client.get(`${FINANCE}/accounts/8400`);
    const vat = await client.get(`${FINANCE}/accounts/1776`);

    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      chart: 'SKR03',
      base_currency: 'EUR',
      created_by: client.userId,
      accounts_created: expect.any(Number),
      tax_codes_created: 15,
    });
    expect(revenue.json()).toMatchObject({
      number: '8400',
      name: 'Erlöse 19 % USt',
      type: 'revenue',
      default_tax_code: 'USt19',
      origin: 'template',
      inactive: false,
    });
    expect(vat.json()).toMatchObject({ number: '1776', name: 'Umsatzsteuer 19 %', type: 'liability', parent: '1770' });
  });

  it('should write the SKR04 template with its own tax accounts', async () => {
    const client = await clientFor(finance);

    await client.post(`${FINANCE}/setup`, { chart: 'SKR04' });
    const taxCode = await client.get(`${FINANCE}/tax-codes/USt19`);
    const bank = await client.get(`${FINANCE}/accounts/1800`);

    expect(taxCode.json()).toMatchObject({
      output_tax_account: '3806',
      rate: '19.00',
      datev_bu_key: '3',
      ustva: { base: '81', output_tax: null, input_tax: null },
    });
    expect(bank.json()).toMatchObject({ name: 'Bank', type: 'asset' });
  });

  it('should refuse a second set-up with 409 and leave the chart as it was', async () => {
    const client = await clientFor(finance);
    await client.post(`${FINANCE}/setup`, { chart: 'SKR03' });

    const again = await client.post(`${FINANCE}/setup`, { chart: 'SKR04' });
    const settings = await client.get(`${FINANCE}/setup`);

    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'FIN_ALREADY_SET_UP', detail: expect.stringContaining('SKR03') });
    expect(settings.json()).toMatchObject({ chart: 'SKR03' });
  });

  it('should set up only once when two set-ups race', async () => {
    const client = await clientFor(finance);

    const answers = await Promise.all([client.post(`${FINANCE}/setup`, { chart: 'SKR03' }), client.post(`${FINANCE}/setup`, { chart: 'SKR04' })]);

    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([201, 409]);
  });

  it('should refuse an unknown chart with a 400 problem pointing at the field', async () => {
    const client = await clientFor(finance);

    const response = await client.post(`${FINANCE}/setup`, { chart: 'SKR49' });

    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json().errors).toEqual(expect.arrayContaining([expect.objectContaining({ pointer: '/chart' })]));
  });

  it('should answer chart routes of a tenant without set-up with 409 FIN_NOT_SET_UP', async () => {
    const client = await clientFor(finance);

    const answers = await Promise.all([client.get(`${FINANCE}/setup`), client.get(`${FINANCE}/accounts`), client.get(`${FINANCE}/tax-codes`)]);

    expect(answers.map((answer) => [answer.statusCode, answer.json().code])).toEqual([
      [409, 'FIN_NOT_SET_UP'],
      [409, 'FIN_NOT_SET_UP'],
      [409, 'FIN_NOT_SET_UP'],
    ]);
  });
});
