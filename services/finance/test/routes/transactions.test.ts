import { FinanceEntryPostedV1 } from '@erp/contracts';
import { Value } from 'typebox/value';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildTestApp, type Client, credit, debit, entryInput, FINANCE, postEntry, readyTenant, type TestFinance } from '../helpers.js';
import { countRows, sqlRows } from '../sql.js';

let finance: TestFinance;
let client: Client;
beforeAll(async () => {
  finance = await buildTestApp(inject('adminUrl'));
  client = await readyTenant(finance);
});
afterAll(() => finance.close());

const lineShape = (entry: { lines: Array<Record<string, unknown>> }) =>
  entry.lines.map((line) => [line.account, line.debit, line.credit, line.tax_code, line.tax_of]);

describe('POST /api/v1/finance/transactions', () => {
  it('should post a gross sale of 119.00 at 19 % as 100.00 revenue and 19.00 VAT with number 1', async () => {
    const response = await client.post(
      `${FINANCE}/transactions`,
      entryInput({ lines: [debit('1400', '119.00'), credit('8400', '119.00', { text: 'Rechnung 1001' })] }),
    );

    const entry = response.json();
    expect(response.statusCode).toBe(201);
    expect(response.headers.location).toBe(`${FINANCE}/transactions/${entry.id}`);
    expect(entry).toMatchObject({
      status: 'posted',
      fiscal_year: 2026,
      period: 1,
      number: expect.any(Number),
      currency: 'EUR',
      exchange_rate: '1.000000',
      posted_by: client.userId,
    });
    expect(lineShape(entry)).toEqual([
      ['1400', '119.00', '0.00', null, null],
      ['8400', '0.00', '100.00', 'USt19', null],
      ['1776', '0.00', '19.00', 'USt19', 2],
    ]);
    expect(entry.lines[2].text).toBe('Rechnung 1001');
    expect(entry.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('should post purchases with 7 % and 19 % input tax to 1571 and 1576', async () => {
    const entry = await postEntry(client, entryInput({ lines: [debit('3300', '10.70'), debit('3400', '23.80'), credit('1600', '34.50')] }));

    expect(lineShape(entry)).toEqual([
      ['3300', '10.00', '0.00', 'VSt7', null],
      ['1571', '0.70', '0.00', 'VSt7', 1],
      ['3400', '20.00', '0.00', 'VSt19', null],
      ['1576', '3.80', '0.00', 'VSt19', 3],
      ['1600', '0.00', '34.50', null, null],
    ]);
  });

  it('should book §13b reverse charge with input and output tax that cancel out', async () => {
    const entry = await postEntry(client, entryInput({ lines: [debit('3125', '1000.00'), credit('1600', '1000.00')] }));

    expect(lineShape(entry)).toEqual([
      ['3125', '1000.00', '0.00', 'RC19', null],
      ['1577', '190.00', '0.00', 'RC19', 1],
      ['1787', '0.00', '190.00', 'RC19', 1],
      ['1600', '0.00', '1000.00', null, null],
    ]);
  });

  it('should store the currency amounts and the euro amounts of a foreign-currency entry', async () => {
    const entry = await postEntry(
      client,
      entryInput({ currency: 'USD', exchange_rate: '1.0856', lines: [debit('1200', '1085.60', { tax_code: null }), credit('8338', '1085.60')] }),
    );

    expect(entry).toMatchObject({ currency: 'USD', exchange_rate: '1.085600' });
    expect(entry.lines.map((line: Record<string, string>) => [line.debit, line.credit, line.debit_base, line.credit_base])).toEqual([
      ['1085.60', '0.00', '1000.00', '0.00'],
      ['0.00', '1085.60', '0.00', '1000.00'],
    ]);
  });

  it('should write erp.finance.entry.posted.v1 to the outbox in the posting transaction', async () => {
    const entry = await postEntry(client);

    const [event] = await sqlRows<{ type: string; subject: string; tenant_id: string; data: Record<string, unknown> }>(
      finance,
      'admin',
      'select type, subject, tenant_id, data from outbox where subject = $1',
      [entry.id],
    );

    expect(event).toMatchObject({ type: 'erp.finance.entry.posted.v1', tenant_id: client.tenantId });
    expect(event?.data).toMatchObject({ entry_id: entry.id, number: entry.number, fiscal_year: 2026, hash: entry.hash, lines: expect.any(Array) });
    expect(Value.Check(FinanceEntryPostedV1, event?.data)).toBe(true);
  });

  it('should refuse a posting into a year that does not exist with 409 and write nothing', async () => {
    const before = await countRows(finance, 'journal_entry', client.tenantId);

    const response = await client.post(`${FINANCE}/transactions`, entryInput({ posting_date: '2031-01-05' }));

    expect([response.statusCode, response.json().code]).toEqual([409, 'FIN_NO_FISCAL_PERIOD']);
    expect(await countRows(finance, 'journal_entry', client.tenantId)).toBe(before);
  });
});

describe('drafts', () => {
  it('should keep a draft without a number, show its lines, and post it later with the next number', async () => {
    const created = await client.post(`${FINANCE}/transactions`, entryInput({ status: 'draft', lines: [debit('1000', '11.90'), credit('8400', '11.90')] }));
    const draft = created.json();

    const posted = await client.post(`${FINANCE}/transactions/${draft.id}/post`, undefined, { 'if-match': created.headers.etag as string });

    expect(draft).toMatchObject({ status: 'draft', number: null, hash: null, fiscal_year: null });
    expect(draft.input_lines).toEqual([
      { account: '1000', debit: '11.90', text: null },
      { account: '8400', credit: '11.90', text: null },
    ]);
    expect(lineShape(draft)).toEqual([
      ['1000', '11.90', '0.00', null, null],
      ['8400', '0.00', '10.00', 'USt19', null],
      ['1776', '0.00', '1.90', 'USt19', 2],
    ]);
    expect(posted.json()).toMatchObject({ id: draft.id, status: 'posted', number: expect.any(Number) });
    expect(posted.json().input_lines).toBeUndefined();
  });

  it('should replace and delete a draft, but never a posted entry', async () => {
    const draft = (await client.post(`${FINANCE}/transactions`, entryInput({ status: 'draft' }))).json();
    const posted = await postEntry(client);

    const replaced = await client.request(
      'PUT',
      `${FINANCE}/transactions/${draft.id}`,
      entryInput({ description: 'Geändert', lines: [debit('1000', '5.00'), credit('8200', '5.00')] }),
    );
    const deleted = await client.request('DELETE', `${FINANCE}/transactions/${draft.id}`);
    const replacePosted = await client.request('PUT', `${FINANCE}/transactions/${posted.id}`, entryInput());
    const deletePosted = await client.request('DELETE', `${FINANCE}/transactions/${posted.id}`);
    const postPosted = await client.post(`${FINANCE}/transactions/${posted.id}/post`);

    expect(replaced.json()).toMatchObject({
      description: 'Geändert',
      version: 2,
      lines: [expect.objectContaining({ account: '1000' }), expect.objectContaining({ account: '8200' })],
    });
    expect(deleted.statusCode).toBe(204);
    expect((await client.get(`${FINANCE}/transactions/${draft.id}`)).statusCode).toBe(404);
    expect([replacePosted, deletePosted, postPosted].map((answer) => [answer.statusCode, answer.json().code])).toEqual([
      [409, 'FIN_ENTRY_POSTED'],
      [409, 'FIN_ENTRY_POSTED'],
      [409, 'FIN_ENTRY_POSTED'],
    ]);
  });

  it('should refuse to change a draft against a stale ETag with 412', async () => {
    const draft = (await client.post(`${FINANCE}/transactions`, entryInput({ status: 'draft' }))).json();
    await client.request('PUT', `${FINANCE}/transactions/${draft.id}`, entryInput());

    const stale = await client.post(`${FINANCE}/transactions/${draft.id}/post`, undefined, { 'if-match': `"${draft.id}-1"` });

    expect([stale.statusCode, stale.json().code]).toEqual([412, 'FIN_PRECONDITION_FAILED']);
  });

  it('should check a draft again when it is posted: an account deactivated meanwhile refuses the posting', async () => {
    const draft = (
      await client.post(`${FINANCE}/transactions`, entryInput({ status: 'draft', lines: [debit('4985', '3.00'), credit('1000', '3.00')] }))
    ).json();
    await client.request('PATCH', `${FINANCE}/accounts/4985`, { inactive: true });

    const response = await client.post(`${FINANCE}/transactions/${draft.id}/post`);

    expect([response.statusCode, response.json().code]).toEqual([422, 'FIN_ACCOUNT_INACTIVE']);
    expect((await client.get(`${FINANCE}/transactions/${draft.id}`)).json().status).toBe('draft');
  });

  it('should list drafts and posted entries separately, posted ones in journal order with paging', async () => {
    const page1 = await client.get(`${FINANCE}/transactions?status=posted&fiscal_year=2026&limit=2`);
    const page2 = await client.get(`${FINANCE}/transactions?status=posted&fiscal_year=2026&limit=2&cursor=${page1.json().next_cursor}`);
    const drafts = await client.get(`${FINANCE}/transactions?status=draft`);

    const numbers = [...page1.json().items, ...page2.json().items].map((entry: { number: number }) => entry.number);
    expect(numbers).toEqual([1, 2, 3, 4]);
    expect(page1.json().items[0].lines.length).toBeGreaterThanOrEqual(2);
    expect(drafts.json().items.every((entry: { status: string }) => entry.status === 'draft')).toBe(true);
  });
});
