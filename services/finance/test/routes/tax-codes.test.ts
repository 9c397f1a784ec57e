import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildTestApp, FINANCE, readyTenant, type TestFinance } from '../helpers.js';

let finance: TestFinance;
beforeAll(async () => {
  finance = await buildTestApp(inject('adminUrl'));
});
afterAll(() => finance.close());

describe('GET /api/v1/finance/tax-codes', () => {
  it('should list the codes with rate, tax accounts, DATEV key and UStVA Kennzahlen', async () => {
    const client = await readyTenant(finance);

    const response = await client.get(`${FINANCE}/tax-codes`);

    const byCode = new Map(response.json().items.map((item: { code: string }) => [item.code, item]));
    expect(byCode.get('VSt7')).toMatchObject({ kind: 'input', rate: '7.00', input_tax_account: '1571', datev_bu_key: '8', ustva: { input_tax: '66' } });
    expect(byCode.get('RC19')).toMatchObject({
      kind: 'reverse_charge',
      output_tax_account: '1787',
      input_tax_account: '1577',
      datev_bu_key: '94',
      ustva: { base: '84', output_tax: '85', input_tax: '67' },
    });
    expect(byCode.get('IGE19')).toMatchObject({
      kind: 'intra_eu_acquisition',
      output_tax_account: '1774',
      input_tax_account: '1574',
      ustva: { base: '89', input_tax: '61' },
    });
    expect(byCode.get('IGL')).toMatchObject({ kind: 'exempt', rate: '0.00', ustva: { base: '41' } });
  });

  it('should answer 404 for an unknown code', async () => {
    const client = await readyTenant(finance);

    expect((await client.get(`${FINANCE}/tax-codes/USt16`)).json()).toMatchObject({ status: 404, code: 'FIN_TAX_CODE_NOT_FOUND' });
  });
});
