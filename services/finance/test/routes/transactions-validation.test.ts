import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildTestApp, type Client, credit, debit, entryInput, FINANCE, readyTenant, type TestFinance } from '../helpers.js';
import { countRows, sqlRows } from '../sql.js';

let finance: TestFinance;
let client: Client;
beforeAll(async () => {
  finance = await buildTestApp(inject('adminUrl'));
  client = await readyTenant(finance);
});
afterAll(() => finance.close());

async function nothingWritten(): Promise<number[]> {
  return Promise.all(
    ['journal_entry', 'journal_line', 'account_balance', 'outbox'].map((table) =>
      table === 'outbox' ? outboxCount() : countRows(finance, table, client.tenantId),
    ),
  );
}

async function outboxCount(): Promise<number> {
  const [row] = await sqlRows<{ count: number }>(finance, 'admin', 'select count(*)::int as count from outbox where tenant_id = $1', [client.tenantId]);
  return row?.count ?? 0;
}

describe('POST /api/v1/finance/transactions with bad input', () => {
  it.each([
    ['a comma decimal', 422, 'FIN_INVALID_AMOUNT', '/lines/0/debit', [debit('1000', '1,5'), credit('8200', '1.50')]],
    ['an exponent', 422, 'FIN_INVALID_AMOUNT', '/lines/1/credit', [debit('1000', '1.00'), credit('8200', '1e3')]],
    ['three decimals', 422, 'FIN_INVALID_AMOUNT', '/lines/0/debit', [debit('1000', '1.005'), credit('8200', '1.005')]],
    ['a negative amount', 422, 'FIN_INVALID_AMOUNT', '/lines/0/debit', [debit('1000', '-5.00'), credit('8200', '-5.00')]],
    ['a zero amount', 422, 'FIN_INVALID_AMOUNT', '/lines/0/debit', [debit('1000', '0.00'), credit('8200', '0.00')]],
    ['an amount beyond numeric(18,2)', 422, 'FIN_INVALID_AMOUNT', '/lines/0/debit', [debit('1000', '99999999999999999.00'), credit('8200', '1.00')]],
    ['an unbalanced entry', 422, 'FIN_UNBALANCED_ENTRY', '/lines', [debit('1000', '100.00'), credit('8200', '99.99')]],
    ['an unknown account', 422, 'FIN_UNKNOWN_ACCOUNT', '/lines/1/account', [debit('1000', '5.00'), credit('8888', '5.00')]],
    ['an unknown tax code', 422, 'FIN_UNKNOWN_TAX_CODE', '/lines/0/tax_code', [debit('1000', '5.00', { tax_code: 'USt16' }), credit('8200', '5.00')]],
    ['a tax code on a tax account', 422, 'FIN_UNKNOWN_TAX_CODE', '/lines/1/tax_code', [debit('1000', '5.00'), credit('1776', '5.00', { tax_code: 'USt19' })]],
    ['a line with both sides', 422, 'FIN_INVALID_FIELD', '/lines/0', [{ account: '1000', debit: '5.00', credit: '5.00' }, credit('8200', '5.00')]],
    ['a line with no side', 422, 'FIN_INVALID_FIELD', '/lines/0', [{ account: '1000' }, credit('8200', '5.00')]],
    ['a control character in a text', 422, 'FIN_INVALID_FIELD', '/lines/0/text', [debit('1000', '5.00', { text: 'a\u0007b' }), credit('8200', '5.00')]],
    ['an amount sent as a number', 422, 'FIN_INVALID_AMOUNT', '/lines/0/debit', [{ account: '1000', debit: 5 }, credit('8200', '5.00')]],
    ['a malformed account number', 400, 'KIT_VALIDATION_FAILED', '/lines/0/account', [debit('10', '5.00'), credit('8200', '5.00')]],
    ['a single line', 400, 'KIT_VALIDATION_FAILED', '/lines', [debit('1000', '5.00')]],
    ['an unknown line field', 400, 'KIT_VALIDATION_FAILED', '/lines/0', [{ account: '1000', debit: '5.00', cost_centre: 'K1' }, credit('8200', '5.00')]],
  ])('should refuse %s with %i %s pointing at %s and write nothing', async (_case, status, code, pointer, lines) => {
    const response = await client.post(`${FINANCE}/transactions`, entryInput({ lines }));

    expect(response.statusCode).toBe(status);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ status, code });
    expect(response.json().errors).toEqual(expect.arrayContaining([expect.objectContaining({ pointer: expect.stringMatching(new RegExp(`^${pointer}`)) })]));
    expect(await nothingWritten()).toEqual([0, 0, 0, 0]);
  });

  it.each([
    ['an impossible date', { posting_date: '2026-02-30' }, '/posting_date'],
    ['a missing document reference', { document_ref: undefined }, '/document_ref'],
    ['a lowercase currency', { currency: 'usd', exchange_rate: '1.1' }, '/currency'],
    ['an unknown field', { amount: '5.00' }, '/'],
  ])('should refuse %s with a 400 problem pointing at %s', async (_case, overrides, pointer) => {
    const response = await client.post(`${FINANCE}/transactions`, entryInput(overrides));

    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual(expect.arrayContaining([expect.objectContaining({ pointer: expect.stringContaining(pointer) })]));
    expect(await nothingWritten()).toEqual([0, 0, 0, 0]);
  });

  it('should refuse EUR with an exchange rate other than 1 with 422', async () => {
    const response = await client.post(`${FINANCE}/transactions`, entryInput({ exchange_rate: '1.2' }));

    expect(response.json()).toMatchObject({ code: 'FIN_INVALID_EXCHANGE_RATE', errors: [{ pointer: '/exchange_rate' }] });
  });

  it('should refuse more than 500 lines and a body beyond the size limit', async () => {
    const many = Array.from({ length: 501 }, (_, index) => (index === 0 ? debit('1000', '500.00') : credit('8200', '1.00')));

    const tooMany = await client.post(`${FINANCE}/transactions`, entryInput({ lines: many }));
    const tooLarge = await client.post(`${FINANCE}/transactions`, entryInput({ description: 'x'.repeat(2_000_000) }));

    expect(tooMany.statusCode).toBe(400);
    expect(tooLarge.statusCode).toBe(413);
    expect(await nothingWritten()).toEqual([0, 0, 0, 0]);
  });

  it('should refuse malformed JSON with 400', async () => {
    const response = await client.request('POST', `${FINANCE}/transactions`, '{"lines": [', { 'content-type': 'application/json' });

    expect([response.statusCode, response.json().code]).toEqual([400, 'KIT_MALFORMED_JSON']);
  });

  it('should name every bad amount of an entry at once', async () => {
    const response = await client.post(
      `${FINANCE}/transactions`,
      entryInput({ lines: [debit('1000', '1,5'), debit('1000', '2.5.0'), credit('8200', '4.00')] }),
    );

    expect(response.json().errors.map((error: { pointer: string }) => error.pointer)).toEqual(['/lines/0/debit', '/lines/1/debit']);
  });
});
