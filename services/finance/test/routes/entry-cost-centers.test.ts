import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { compactBalances } from '../../src/ledger/balance-compaction.js';
import { credit, debit } from '../cost-center-lines.js';
import { buildTestApp, type Client, entryInput, FINANCE, postEntry, readyTenant, type TestFinance } from '../helpers.js';
import { countRows, sqlError, sqlRows, withSql } from '../sql.js';

let finance: TestFinance;
let client: Client;
beforeAll(async () => {
  finance = await buildTestApp(inject('adminUrl'));
  client = await readyTenant(finance);
  for (const [dimension, code] of [
    [1, 'K100'],
    [1, 'K900'],
    [2, 'P1'],
  ] as const)
    await client.post(`${FINANCE}/cost-centers`, { dimension, code, name: code });
  await client.request('PATCH', `${FINANCE}/cost-centers/1/K900`, { inactive: true });
});
afterAll(() => finance.close());

const nothingWritten = async () =>
  Promise.all(['journal_entry', 'journal_line', 'cost_center_balance'].map((table) => countRows(finance, table, client.tenantId)));

describe('POST /api/v1/finance/transactions with cost centres', () => {
  it('should keep both dimensions on the revenue line and none on the bank or the generated tax line', async () => {
    const entry = await postEntry(
      client,
      entryInput({ lines: [debit('1200', '119.00'), credit('8400', '119.00', { cost_center: 'K100', cost_center_2: 'P1' })] }),
    );

    expect(entry.lines.map((line: Record<string, unknown>) => [line.account, line.cost_center, line.cost_center_2])).toEqual([
      ['1200', null, null],
      ['8400', 'K100', 'P1'],
      ['1776', null, null],
    ]);
    // A posting writes balance deltas; the compaction folds them into the balance table read here.
    await compactBalances(finance.db.kysely);
    const balances = await sqlRows(
      finance,
      'admin',
      'select dimension, cost_center, account, debit::text, credit::text from cost_center_balance where tenant_id = $1 order by dimension',
      [client.tenantId],
    );
    expect(balances).toEqual([
      { dimension: 1, cost_center: 'K100', account: '8400', debit: '0.00', credit: '100.00' },
      { dimension: 2, cost_center: 'P1', account: '8400', debit: '0.00', credit: '100.00' },
    ]);
  });

  it.each([
    ['an unknown cost centre', 'FIN_UNKNOWN_COST_CENTER', '/lines/1/cost_center', [debit('1200', '5.00'), credit('8200', '5.00', { cost_center: 'K404' })]],
    [
      'a cost centre of the other dimension',
      'FIN_UNKNOWN_COST_CENTER',
      '/lines/1/cost_center_2',
      [debit('1200', '5.00'), credit('8200', '5.00', { cost_center_2: 'K100' })],
    ],
    ['an inactive cost centre', 'FIN_COST_CENTER_INACTIVE', '/lines/0/cost_center', [debit('4930', '5.00', { cost_center: 'K900' }), credit('1200', '5.00')]],
    [
      'a cost centre on a bank account',
      'FIN_COST_CENTER_NOT_ALLOWED',
      '/lines/0/cost_center',
      [debit('1200', '5.00', { cost_center: 'K100' }), credit('8200', '5.00')],
    ],
    [
      'a cost object on a tax account',
      'FIN_COST_CENTER_NOT_ALLOWED',
      '/lines/1/cost_center_2',
      [debit('1200', '5.00'), credit('1776', '5.00', { cost_center_2: 'P1' })],
    ],
  ])('should refuse %s with 422 %s pointing at %s and write nothing', async (_case, code, pointer, lines) => {
    const before = await nothingWritten();

    const response = await client.post(`${FINANCE}/transactions`, entryInput({ lines }));

    expect([response.statusCode, response.json().code]).toEqual([422, code]);
    expect(response.json().errors).toEqual([expect.objectContaining({ pointer })]);
    expect(await nothingWritten()).toEqual(before);
  });

  it("should refuse another tenant's cost centre as unknown", async () => {
    const other = await readyTenant(finance);

    const response = await other.post(
      `${FINANCE}/transactions`,
      entryInput({ lines: [debit('1200', '5.00'), credit('8200', '5.00', { cost_center: 'K100' })] }),
    );

    expect([response.statusCode, response.json().code]).toEqual([422, 'FIN_UNKNOWN_COST_CENTER']);
  });

  it.each([
    ['an empty code', ''],
    ['a hostile code', "K1'--"],
    ['a number', 100],
  ])('should refuse %s with 400', async (_case, code) => {
    const response = await client.post(
      `${FINANCE}/transactions`,
      entryInput({ lines: [debit('1200', '5.00'), credit('8200', '5.00', { cost_center: code as string })] }),
    );

    expect([response.statusCode, response.json().errors[0].pointer]).toEqual([400, '/lines/1/cost_center']);
  });
});

describe('drafts and reversals with cost centres', () => {
  it('should keep the cost centres of a draft and check them again when it is posted', async () => {
    await client.post(`${FINANCE}/cost-centers`, { dimension: 1, code: 'K300', name: 'Bald inaktiv' });
    const draft = (
      await client.post(
        `${FINANCE}/transactions`,
        entryInput({ status: 'draft', lines: [debit('4930', '10.00', { cost_center: 'K300' }), credit('1200', '10.00')] }),
      )
    ).json();
    await client.request('PATCH', `${FINANCE}/cost-centers/1/K300`, { inactive: true });

    const posting = await client.post(`${FINANCE}/transactions/${draft.id}/post`);

    expect(draft.input_lines[0]).toMatchObject({ account: '4930', cost_center: 'K300' });
    expect(draft.lines[0]).toMatchObject({ account: '4930', cost_center: 'K300', cost_center_2: null });
    expect([posting.statusCode, posting.json().code]).toEqual([422, 'FIN_COST_CENTER_INACTIVE']);
  });

  it('should reverse the cost centres with the lines, so that their balances net to zero', async () => {
    const tenant = await readyTenant(finance);
    await tenant.post(`${FINANCE}/cost-centers`, { dimension: 2, code: 'P9', name: 'Projekt' });
    const entry = await postEntry(tenant, entryInput({ lines: [debit('4930', '50.00', { cost_center_2: 'P9' }), credit('1200', '50.00')] }));

    const reversal = (await tenant.post(`${FINANCE}/transactions/${entry.id}/reverse`, {})).json();
    // A posting writes balance deltas; the compaction folds them into the balance table read here.
    await compactBalances(finance.db.kysely);
    const [balance] = await sqlRows<{ debit: string; credit: string }>(
      finance,
      'admin',
      'select debit::text, credit::text from cost_center_balance where tenant_id = $1',
      [tenant.tenantId],
    );

    expect(reversal.lines[0]).toMatchObject({ account: '4930', credit: '50.00', cost_center_2: 'P9' });
    expect(balance).toEqual({ debit: '50.00', credit: '50.00' });
  });
});

describe('the seal and the database with cost centres', () => {
  it('should seal the second dimension: the chain is intact, and a changed cost object breaks it', async () => {
    const tenant = await readyTenant(finance);
    await tenant.post(`${FINANCE}/cost-centers`, { dimension: 2, code: 'P2', name: 'P2' });
    await tenant.post(`${FINANCE}/cost-centers`, { dimension: 2, code: 'P3', name: 'P3' });
    await postEntry(tenant, entryInput({ lines: [debit('1200', '20.00'), credit('8200', '20.00', { cost_center_2: 'P2' })] }));
    const intact = (await tenant.get(`${FINANCE}/audit/verify?fiscal_year=2026`)).json();

    await withSql(finance, 'admin', async (sql) => {
      await sql.query('set session_replication_role = replica');
      await sql.query(`update journal_line set cost_center_2 = 'P3' where tenant_id = '${tenant.tenantId}' and cost_center_2 = 'P2'`);
    });
    const broken = (await tenant.get(`${FINANCE}/audit/verify?fiscal_year=2026`)).json();

    expect(intact).toMatchObject({ status: 'intact', entries_checked: 1 });
    expect(broken).toMatchObject({ status: 'broken', first_break: { number: 1, reason: 'hash_mismatch' } });
  });

  it('should refuse lines written around the service with an unknown cost centre or one on a balance-sheet account', async () => {
    const entry = (await client.post(`${FINANCE}/transactions`, entryInput({ status: 'draft' }))).json();
    const insert = (account: string, column: string, code: string) =>
      `insert into journal_line (tenant_id, entry_id, line_no, account, debit, credit, debit_base, credit_base, ${column})
       values ('${client.tenantId}', '${entry.id}', 1, '${account}', 1, 0, 1, 0, '${code}')`;

    const unknown = await sqlError(finance, 'runtime', ['begin', insert('8200', 'cost_center', 'K404')], client.tenantId);
    const wrongDimension = await sqlError(finance, 'runtime', ['begin', insert('8200', 'cost_center_2', 'K100')], client.tenantId);
    const onBank = await sqlError(finance, 'runtime', ['begin', insert('1200', 'cost_center', 'K100')], client.tenantId);

    expect([unknown.code, wrongDimension.code, onBank.code]).toEqual(['FN021', 'FN021', 'FN020']);
  });

  it('should let the runtime role read the cost-centre and tax balances but never write them', async () => {
    // A posting writes balance deltas; the compaction folds them into the balance table read here.
    await compactBalances(finance.db.kysely);
    const write = await sqlError(
      finance,
      'runtime',
      `insert into tax_balance (tenant_id, fiscal_year, period, tax_code, account, tax_line, debit, credit) values ('${client.tenantId}', 2026, 1, 'USt19', '8400', false, 1, 0)`,
      client.tenantId,
    );
    const change = await sqlError(finance, 'runtime', 'update cost_center_balance set debit = 0', client.tenantId);
    const rows = await sqlRows(finance, 'runtime', 'select * from tax_balance', [], client.tenantId);

    expect([write.code, change.code]).toEqual(['42501', '42501']);
    expect(rows.length).toBeGreaterThan(0);
  });
});
