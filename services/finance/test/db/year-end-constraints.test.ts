import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildTestApp, type Client, entryInput, FINANCE, postEntry, readyTenant, type TestFinance } from '../helpers.js';
import { closePeriods } from '../routes/year-end-helpers.js';
import { sqlError, withSql } from '../sql.js';
import { postDirectly } from './direct-posting.js';

let finance: TestFinance;
let closed: Client;
let unclosed: Client;

/** A tenant with 2026 (one sale, every period closed or locked) and 2027. */
async function tenantReadyToClose(): Promise<Client> {
  const client = await readyTenant(finance);
  await client.post(`${FINANCE}/fiscal-years`, { year: 2027 });
  await postEntry(client, entryInput({ posting_date: '2026-04-04' }));
  await closePeriods(client, 2026);
  return client;
}

beforeAll(async () => {
  finance = await buildTestApp(inject('adminUrl'));
  closed = await tenantReadyToClose();
  const response = await closed.post(`${FINANCE}/fiscal-years/2026/close`, {});
  if (response.statusCode !== 201) throw new Error(`closing failed: ${response.body}`);
  await closed.post(`${FINANCE}/fiscal-years`, { year: 2028 });
  unclosed = await tenantReadyToClose();
});
afterAll(() => finance.close());

const insertClosing = (year: number, nextYear: number, entries = `'{}'`) =>
  `insert into fiscal_year_closing (tenant_id, year, next_year, result, closing_entry_ids, opening_entry_ids, closed_at, closed_by)
   values (current_setting('app.tenant_id')::uuid, ${year}, ${nextYear}, 0, ${entries}, '{}', now(), 'sql')`;

describe('what the database enforces about a closed year', () => {
  it('should refuse to reopen a period of a closed year, even for the owner', async () => {
    const statement = `update fiscal_period set status = 'open', status_reason = 'Nachbuchung' where year = 2026 and period = 1`;

    const runtime = await sqlError(finance, 'runtime', statement, closed.tenantId);
    const owner = await sqlError(finance, 'owner', statement, closed.tenantId);

    expect([runtime.code, owner.code]).toEqual(['FN011', 'FN011']);
  });

  it('should refuse a posting into a closed year written around the service', async () => {
    const error = await withSql(
      finance,
      'runtime',
      (client) =>
        postDirectly(client, closed.tenantId, {
          date: '2026-06-15',
          year: 2026,
          period: 6,
          number: 99,
          lines: [
            ['1000', '5.00', '0.00'],
            ['8200', '0.00', '5.00'],
          ],
        }),
      closed.tenantId,
    ).catch((failure: { code?: string }) => failure);

    expect((error as { code?: string }).code).toBe('FN011');
  });

  it('should keep the closing record: no update or delete for the runtime role, none for the owner either', async () => {
    const update = `update fiscal_year_closing set reason = 'anders'`;
    const remove = 'delete from fiscal_year_closing';

    const answers = await Promise.all([
      sqlError(finance, 'runtime', update, closed.tenantId),
      sqlError(finance, 'runtime', remove, closed.tenantId),
      sqlError(finance, 'owner', update, closed.tenantId),
      sqlError(finance, 'owner', remove, closed.tenantId),
    ]);

    expect(answers.map((answer) => answer.code)).toEqual(['42501', '42501', 'FN006', 'FN006']);
  });

  it('should refuse a closing record for a year with open periods', async () => {
    const error = await sqlError(finance, 'runtime', insertClosing(2027, 2028), closed.tenantId);

    expect([error.code, error.message]).toEqual([
      'FN012',
      'fiscal year 2027 still has open periods: 2027-01, 2027-02, 2027-03, 2027-04, 2027-05, 2027-06, 2027-07, 2027-08, 2027-09, 2027-10, 2027-11, 2027-12',
    ]);
  });

  it('should refuse at commit a closing record that leaves the P&L with a balance and carries nothing forward', async () => {
    const error = await sqlError(finance, 'runtime', insertClosing(2026, 2027), unclosed.tenantId);

    expect(error.code).toBe('FN012');
    expect(error.message).toContain('P&L account 8400 still carries a balance');
  });

  it('should refuse a closing record that names an entry posted before, not written for the closing', async () => {
    const [posted] = (await unclosed.get(`${FINANCE}/transactions`)).json().items;

    const error = await sqlError(finance, 'runtime', insertClosing(2026, 2027, `'{${posted.id}}'`), unclosed.tenantId);

    expect([error.code, error.message]).toEqual(['FN012', 'the entries of the closing of 2026 must be drafts written for it']);
  });
});
