import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildTestApp, type TestFinance } from './helpers.js';

let finance: TestFinance;
beforeAll(async () => {
  finance = await buildTestApp(inject('adminUrl'));
});
afterAll(() => finance.close());

describe('the finance service', () => {
  it('should report itself healthy with its database', async () => {
    const response = await finance.app.inject({ method: 'GET', url: '/health' });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'pass', service: 'finance', db: { status: 'pass' } });
  });

  it('should describe every finance route in its OpenAPI document', async () => {
    const response = await finance.app.inject({ method: 'GET', url: '/docs/json' });

    const paths = Object.keys(response.json().paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/v1/finance/setup',
        '/api/v1/finance/accounts/{number}',
        '/api/v1/finance/tax-codes',
        '/api/v1/finance/fiscal-years/{year}/periods/{period}/reopen',
        '/api/v1/finance/transactions/{id}/reverse',
        '/api/v1/finance/reports/trial-balance',
        '/api/v1/finance/audit/verify',
      ]),
    );
  });

  it('should answer an unknown route with a 404 problem document', async () => {
    const response = await finance.app.inject({ method: 'GET', url: '/api/v1/finance/ledger' });

    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toContain('application/problem+json');
  });
});
