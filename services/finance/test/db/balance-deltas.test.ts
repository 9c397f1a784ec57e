import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { compactBalanceDeltas } from '../../src/db/balances.js';
import { compactBalances } from '../../src/ledger/balance-compaction.js';
import { buildTestApp, type Client, credit, debit, entryInput, FINANCE, type LineInput, postEntry, readyTenant, type TestFinance } from '../helpers.js';
import { countRows, sqlError, sqlRows, withSql } from '../sql.js';

let finance: TestFinance;
beforeAll(async () => {
  finance = await buildTestApp(inject('adminUrl'));
});
afterAll(() => finance.close());

const DELTAS = ['account_balance_delta', 'cost_center_balance_delta', 'tax_balance_delta'];
const BALANCES = ['account_balance', 'cost_center_balance', 'tax_balance'];

/** A tenant with cost centres K1, K2 (dimension 1) and P1 (dimension 2). */
async function tenantWithCostCenters(): Promise<Client> {
  const client = await readyTenant(finance);
  for (const [dimension, code] of [
    [1, 'K1'],
    [1, 'K2'],
    [2, 'P1'],
  ] as const) {
    await client.post(`${FINANCE}/cost-centers`, { dimension, code, name: code });
  }
  return client;
}

// Each balance (the view, or the balance table alone) against the same sums grouped straight from the journal's posted lines.
const EXPECTED = {
  account_balance: `
    select e.fiscal_year, e.period, l.account, sum(l.debit_base)::numeric(20,2) as debit, sum(l.credit_base)::numeric(20,2) as credit
    from journal_line l join journal_entry e on e.tenant_id = l.tenant_id and e.id = l.entry_id
    where l.tenant_id = $1 and e.status = 'posted' group by 1, 2, 3`,
  cost_center_balance: `
    select e.fiscal_year, e.period, d.dimension, d.cost_center, l.account, sum(l.debit_base)::numeric(20,2) as debit, sum(l.credit_base)::numeric(20,2) as credit
    from journal_line l join journal_entry e on e.tenant_id = l.tenant_id and e.id = l.entry_id
    cross join lateral (values (1::smallint, l.cost_center), (2::smallint, l.cost_center_2)) as d (dimension, cost_center)
    where l.tenant_id = $1 and e.status = 'posted' and d.cost_center is not null group by 1, 2, 3, 4, 5`,
  tax_balance: `
    select e.fiscal_year, e.period, l.tax_code, l.account, l.tax_of is not null as tax_line, sum(l.debit_base)::numeric(20,2) as debit, sum(l.credit_base)::numeric(20,2) as credit
    from journal_line l join journal_entry e on e.tenant_id = l.tenant_id and e.id = l.entry_id
    where l.tenant_id = $1 and e.status = 'posted' and l.tax_code is not null group by 1, 2, 3, 4, 5`,
} as const;
const ACTUAL_COLUMNS = {
  account_balance: 'fiscal_year, period, account, debit, credit',
  cost_center_balance: 'fiscal_year, period, dimension, cost_center, account, debit, credit',
  tax_balance: 'fiscal_year, period, tax_code, account, tax_line, debit, credit',
} as const;

/**
 * How many rows differ between each balance (`source`: the *_now view or the balance table) and the GROUP BY over
 * the journal, and how many keys the journal has, all read in one statement, so in one snapshot.
 */
function differencesQuery(table: keyof typeof EXPECTED, source: 'now' | 'table'): string {
  const actual = `select ${ACTUAL_COLUMNS[table]} from ${source === 'now' ? `${table}_now` : table} where tenant_id = $1`;
  return `
    with expected as (${EXPECTED[table]}), actual as (${actual})
    select (select count(*) from (table expected except all table actual) a)::int + (select count(*) from (table actual except all table expected) b)::int as differences,
           (select count(*) from expected)::int as keys`;
}

async function differences(tenantId: string, source: 'now' | 'table'): Promise<Array<{ differences: number; keys: number }>> {
  return withSql(
    finance,
    'runtime',
    async (sql) => {
      const results = [];
      for (const table of Object.keys(EXPECTED) as Array<keyof typeof EXPECTED>) {
        const { rows } = await sql.query<{ differences: number; keys: number }>(differencesQuery(table, source), [tenantId]);
        results.push(rows[0] ?? { differences: -1, keys: -1 });
      }
      return results;
    },
    tenantId,
  );
}

const countAll = (tables: readonly string[], tenantId: string) => Promise.all(tables.map((table) => countRows(finance, table, tenantId)));

/** Compacts until nothing is left (other test files' tenants share nothing with this database: each file has its own). */
async function compactAll(): Promise<void> {
  let moved = 1;
  while (moved > 0) moved = await compactBalances(finance.db.kysely);
}

const ACCOUNTS = { balance: ['1000', '1200', '1400', '1600', '1776', '1576'], profitAndLoss: ['8400', '8300', '3400', '4930', '4120'] };
const TAX = new Set(['1776', '1576']);
const amount = (cents: number) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;

/** Random balanced entries over balance-sheet and P&L accounts, with tax codes and both cost-centre dimensions. */
const randomEntry = fc
  .record({
    cents: fc.array(fc.integer({ min: 1, max: 5_000_000 }), { minLength: 1, maxLength: 3 }),
    month: fc.integer({ min: 1, max: 3 }),
    picks: fc.array(
      fc.record({
        account: fc.nat(),
        taxCode: fc.constantFrom(undefined, null, 'USt19', 'USt7', 'VSt19'),
        costCenter: fc.constantFrom(undefined, 'K1', 'K2'),
        costObject: fc.constantFrom(undefined, 'P1'),
      }),
      { minLength: 4, maxLength: 4 },
    ),
  })
  .map(({ cents, month, picks }) => {
    const accounts = [...ACCOUNTS.balance, ...ACCOUNTS.profitAndLoss];
    const line = (index: number, side: 'debit' | 'credit', value: number): LineInput & Record<string, unknown> => {
      const pick = picks[index % picks.length] ?? { account: 0, taxCode: undefined, costCenter: undefined, costObject: undefined };
      const account = accounts[(pick.account + index) % accounts.length] ?? '1200';
      const onProfitAndLoss = ACCOUNTS.profitAndLoss.includes(account);
      return {
        account,
        [side]: amount(value),
        ...(pick.taxCode === undefined || TAX.has(account) ? {} : { tax_code: pick.taxCode }),
        ...(onProfitAndLoss && pick.costCenter ? { cost_center: pick.costCenter } : {}),
        ...(onProfitAndLoss && pick.costObject ? { cost_center_2: pick.costObject } : {}),
      };
    };
    const total = cents.reduce((left, right) => left + right, 0);
    const day = `2026-${String(month).padStart(2, '0')}-10`;
    return entryInput({
      posting_date: day,
      document_date: day,
      lines: [...cents.map((value, index) => line(index, 'debit', value)), line(cents.length, 'credit', total)],
    });
  });

describe('balances as delta rows', () => {
  it('should number 50 parallel postings 1 to 50 and keep every balance equal to the sum of the lines, before and after compaction', async () => {
    const client = await tenantWithCostCenters();
    const bodies = fc.sample(randomEntry, { numRuns: 50, seed: 4711 });

    const answers = await Promise.all(bodies.map((body) => client.post(`${FINANCE}/transactions`, body)));
    const before = await differences(client.tenantId, 'now');
    const deltasBefore = await countAll(DELTAS, client.tenantId);
    const balancesBefore = await countAll(BALANCES, client.tenantId);
    await compactAll();

    expect(answers.map((answer) => answer.statusCode)).toEqual(Array(50).fill(201));
    expect(answers.map((answer) => answer.json().number).sort((left: number, right: number) => left - right)).toEqual(
      Array.from({ length: 50 }, (_, index) => index + 1),
    );
    // The postings wrote deltas only; the balance tables got their rows from the compaction.
    expect(balancesBefore).toEqual([0, 0, 0]);
    expect(deltasBefore.every((count) => count > 0)).toBe(true);
    expect(before.map((result) => result.differences)).toEqual([0, 0, 0]);
    expect(before.every((result) => result.keys > 0)).toBe(true);
    expect(await countAll(DELTAS, client.tenantId)).toEqual([0, 0, 0]);
    expect((await differences(client.tenantId, 'table')).map((result) => result.differences)).toEqual([0, 0, 0]);
    expect((await differences(client.tenantId, 'now')).map((result) => result.differences)).toEqual([0, 0, 0]);
  });

  it('should lose and double nothing when compactions run while entries post, and every snapshot in between is exact (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(randomEntry, { minLength: 10, maxLength: 30 }), fc.integer({ min: 1, max: 7 }), async (bodies, batch) => {
        const client = await tenantWithCostCenters();
        let posting = true;
        const snapshots: Array<Array<{ differences: number; keys: number }>> = [];
        // Two compactors with small batches (they take turns on the database's lock) and a reader comparing snapshots.
        const compactor = async () => {
          while (posting) await compactBalanceDeltas(finance.db.kysely, batch);
        };
        const reader = async () => {
          while (posting) snapshots.push(await differences(client.tenantId, 'now'));
        };
        const background = [compactor(), compactor(), reader()];
        const answers = await Promise.all(bodies.map((body) => client.post(`${FINANCE}/transactions`, body)));
        posting = false;
        await Promise.all(background);
        await compactAll();

        expect(answers.every((answer) => answer.statusCode === 201)).toBe(true);
        expect(snapshots.flat().every((result) => result.differences === 0)).toBe(true);
        expect(await countAll(DELTAS, client.tenantId)).toEqual([0, 0, 0]);
        expect((await differences(client.tenantId, 'table')).map((result) => result.differences)).toEqual([0, 0, 0]);
      }),
      { numRuns: 4 },
    );
  });

  it('should leave the deltas alone while another compactor holds the lock, and fold them in afterwards', async () => {
    const client = await readyTenant(finance);
    await compactAll();
    await postEntry(client, entryInput({ lines: [debit('1200', '119.00'), credit('8400', '119.00')] }));

    const whileLocked = await withSql(finance, 'admin', async (sql) => {
      await sql.query('begin');
      await sql.query(`select pg_advisory_xact_lock(hashtextextended('finance.compact_balances', 0))`);
      const moved = await compactBalances(finance.db.kysely);
      await sql.query('rollback');
      return moved;
    });
    const deltasWhileLocked = await countAll(DELTAS, client.tenantId);
    const moved = await compactBalances(finance.db.kysely);

    expect(whileLocked).toBe(0);
    expect(deltasWhileLocked).toEqual([3, 0, 2]);
    expect(moved).toBe(5);
    expect(await countAll(DELTAS, client.tenantId)).toEqual([0, 0, 0]);
    expect(
      await sqlRows(finance, 'admin', `select account, debit::text, credit::text from account_balance where tenant_id = $1 order by account`, [
        client.tenantId,
      ]),
    ).toEqual([
      { account: '1200', debit: '119.00', credit: '0.00' },
      { account: '1776', debit: '0.00', credit: '19.00' },
      { account: '8400', debit: '0.00', credit: '100.00' },
    ]);
  });

  it('should add a compacted delta onto the balance row that is already there', async () => {
    const client = await readyTenant(finance);
    await postEntry(client, entryInput({ lines: [debit('1200', '10.00'), credit('8200', '10.00')] }));
    await compactAll();
    await postEntry(client, entryInput({ lines: [debit('1200', '5.50'), credit('8200', '5.50')] }));

    const beforeCompaction = await sqlRows(finance, 'admin', `select debit::text from account_balance where tenant_id = $1 and account = '1200'`, [
      client.tenantId,
    ]);
    const view = await sqlRows(finance, 'runtime', `select debit::text from account_balance_now where account = '1200'`, [], client.tenantId);
    await compactAll();

    expect(beforeCompaction).toEqual([{ debit: '10.00' }]);
    expect(view).toEqual([{ debit: '15.50' }]);
    expect(await sqlRows(finance, 'admin', `select debit::text from account_balance where tenant_id = $1 and account = '1200'`, [client.tenantId])).toEqual([
      { debit: '15.50' },
    ]);
  });

  it('should leave neither a delta nor a number behind a refused posting', async () => {
    const client = await readyTenant(finance);
    await postEntry(client);
    await client.post(`${FINANCE}/fiscal-years/2026/periods/2/close`, {});
    const before = await countAll(DELTAS, client.tenantId);

    const refused = await client.post(`${FINANCE}/transactions`, entryInput({ posting_date: '2026-02-03' }));
    const next = await postEntry(client);

    expect([refused.statusCode, refused.json().code]).toEqual([409, 'FIN_PERIOD_CLOSED']);
    expect(next.number).toBe(2);
    expect(await countAll(DELTAS, client.tenantId)).toEqual(before.map((count, index) => count + ([3, 0, 2][index] ?? 0)));
  });

  it('should refuse a batch size that is not positive', async () => {
    const error = await sqlError(finance, 'runtime', 'select compact_balances(0)');

    expect(error.code).toBe('22023');
  });
});

describe('rights on the deltas', () => {
  it.each([
    [
      'insert into account_balance_delta',
      `insert into account_balance_delta (tenant_id, fiscal_year, period, account, debit, credit) values ('TENANT', 2026, 1, '1000', 1, 0)`,
    ],
    ['update tax_balance_delta', 'update tax_balance_delta set debit = 0'],
    ['delete from cost_center_balance_delta', 'delete from cost_center_balance_delta'],
  ])('should deny the runtime role to %s', async (_case, statement) => {
    const client = await readyTenant(finance);

    const error = await sqlError(finance, 'runtime', statement.replace('TENANT', client.tenantId), client.tenantId);

    expect(error.code).toBe('42501');
  });

  it('should let the runtime role read the balance views but hold no right to write them', async () => {
    const rights = await sqlRows<Record<string, boolean>>(
      finance,
      'runtime',
      `select view, has_table_privilege(current_user, view, 'select') as read,
              has_table_privilege(current_user, view, 'insert') or has_table_privilege(current_user, view, 'update')
                or has_table_privilege(current_user, view, 'delete') as write
       from unnest(array['account_balance_now', 'cost_center_balance_now', 'tax_balance_now']) as view order by view`,
    );

    expect(rights).toEqual([
      { view: 'account_balance_now', read: true, write: false },
      { view: 'cost_center_balance_now', read: true, write: false },
      { view: 'tax_balance_now', read: true, write: false },
    ]);
  });

  it('should refuse changing a delta even to the owner, and show the runtime role only its own tenant', async () => {
    const client = await readyTenant(finance);
    const other = await readyTenant(finance);
    await postEntry(client);
    await postEntry(other);

    const change = await sqlError(finance, 'owner', `update account_balance_delta set debit = debit + 1 where tenant_id = '${client.tenantId}'`);
    const truncate = await sqlError(finance, 'owner', 'truncate account_balance_delta');
    const seen = await sqlRows<{ tenant_id: string }>(finance, 'runtime', 'select distinct tenant_id from account_balance_delta', [], client.tenantId);
    const seenInView = await sqlRows<{ tenant_id: string }>(finance, 'runtime', 'select distinct tenant_id from account_balance_now', [], client.tenantId);

    expect([change.code, truncate.code]).toEqual(['FN006', 'FN006']);
    expect(seen).toEqual([{ tenant_id: client.tenantId }]);
    expect(seenInView).toEqual([{ tenant_id: client.tenantId }]);
  });
});
