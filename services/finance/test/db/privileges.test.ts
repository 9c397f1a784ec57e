import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildTestApp, type Client, FINANCE, postEntry, readyTenant, type TestFinance } from '../helpers.js';
import { sqlError, sqlRows } from '../sql.js';

let finance: TestFinance;
let client: Client;
beforeAll(async () => {
  finance = await buildTestApp(inject('adminUrl'));
  client = await readyTenant(finance);
  await postEntry(client);
  await client.post(`${FINANCE}/fiscal-years/2026/periods/5/close`, {});
  await client.post(`${FINANCE}/fiscal-years/2026/periods/6/lock`, {});
});
afterAll(() => finance.close());

const TENANT_TABLES = [
  'ledger_settings',
  'account',
  'tax_code',
  'fiscal_year',
  'fiscal_period',
  'posting_counter',
  'journal_entry',
  'journal_line',
  'account_balance',
  'audit_log',
];

describe('rights of the runtime role and the owner', () => {
  it.each([
    [
      'insert into account_balance',
      `insert into account_balance (tenant_id, fiscal_year, period, account, debit, credit) values ('TENANT', 2026, 1, '1000', 1, 0)`,
    ],
    ['update account_balance', `update account_balance set debit = 0`],
    ['delete from account_balance', `delete from account_balance`],
    ['update audit_log', `update audit_log set action = 'x'`],
    ['delete from audit_log', `delete from audit_log`],
    ['update fiscal_year', `update fiscal_year set end_date = end_date`],
    ['delete from fiscal_period', `delete from fiscal_period`],
    ['delete from posting_counter', `delete from posting_counter`],
    ['update ledger_settings', `update ledger_settings set chart = 'SKR04'`],
    ['update tax_code', `update tax_code set rate = 16`],
    ['delete from account', `delete from account where number = '4930'`],
  ])('should deny the runtime role to %s', async (_case, statement) => {
    const error = await sqlError(finance, 'runtime', statement.replace('TENANT', client.tenantId), client.tenantId);

    expect(error.code).toBe('42501');
  });

  it.each([
    ['update audit_log', `update audit_log set action = 'x'`, 'FN006'],
    ['delete a fiscal period', `delete from fiscal_period where period = 1`, 'FN006'],
    ['change a locked period', `update fiscal_period set status = 'open', status_reason = 'weil' where period = 6`, 'FN005'],
    ['reopen a period without a reason', `update fiscal_period set status = 'open', status_reason = null where period = 5`, 'FN008'],
    ['move a period', `update fiscal_period set end_date = end_date + 1 where period = 1`, 'FN006'],
    ['skip numbers on the counter', `update posting_counter set last_number = last_number + 2`, 'FN009'],
    ['delete the counter', `delete from posting_counter`, 'FN006'],
    ['change the chart', `update ledger_settings set chart = 'SKR04'`, 'FN006'],
    ['change a tax code', `update tax_code set rate = 16 where code = 'USt19'`, 'FN006'],
    ['delete an account', `delete from account where number = '4930'`, 'FN006'],
    ['delete a fiscal year', `delete from fiscal_year`, 'FN006'],
  ])('should stop even the owner when it tries to %s', async (_case, statement, code) => {
    expect((await sqlError(finance, 'owner', statement)).code).toBe(code);
  });

  it('should refuse a fiscal year that overlaps another, inserted with plain SQL', async () => {
    const error = await sqlError(
      finance,
      'runtime',
      `insert into fiscal_year (tenant_id, year, start_date, end_date, created_by) values ('${client.tenantId}', 2027, '2026-07-01', '2027-06-30', 'sql')`,
      client.tenantId,
    );

    expect(error.code).toBe('FN007');
  });
});

describe('row-level security', () => {
  it.each(TENANT_TABLES)('should show the runtime role no rows of %s outside a tenant', async (table) => {
    const [row] = await sqlRows<{ count: number }>(finance, 'runtime', `select count(*)::int as count from ${table}`);

    expect(row?.count).toBe(0);
  });

  it("should show the runtime role only the tenant's rows, and refuse rows of another tenant", async () => {
    const [visible] = await sqlRows<{ count: number }>(finance, 'runtime', 'select count(distinct tenant_id)::int as count from account', [], client.tenantId);
    const foreign = await sqlError(
      finance,
      'runtime',
      `insert into audit_log (tenant_id, actor_id, action) values ('${randomUUID()}', 'sql', 'forged')`,
      client.tenantId,
    );

    expect(visible?.count).toBe(1);
    expect(foreign.message).toMatch(/row-level security/);
  });
});
