import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { GENERAL_LEDGER_MAX_LINES } from '../../src/reports/general-ledger.js';
import { credit, debit } from '../cost-center-lines.js';
import { buildTestApp, type Client, entryInput, FINANCE, postEntry, readyTenant, type TestFinance } from '../helpers.js';
import { withSql } from '../sql.js';

let finance: TestFinance;
let client: Client;
beforeAll(async () => {
  finance = await buildTestApp(inject('adminUrl'));
  client = await readyTenant(finance);
  // Numbers 1 to 5; number 5 is dated before numbers 3 and 4, so date order and number order differ.
  const entries: [string, string, ReturnType<typeof debit>[]][] = [
    ['2026-01-02', 'Einlage', [debit('1200', '10000.00'), credit('0880', '10000.00')]],
    ['2026-01-20', 'Verkauf', [debit('1400', '1190.00'), credit('8400', '1190.00')]],
    ['2026-02-10', 'Wareneinkauf', [debit('3400', '595.00'), credit('1200', '595.00')]],
    ['2026-02-15', 'Zahlung; "Müller"', [debit('1200', '1190.00', { text: '=SUMME(A1)' }), credit('1400', '1190.00')]],
    ['2026-02-03', 'Bürobedarf', [debit('4930', '10.00'), credit('1200', '10.00')]],
  ];
  for (const [date, description, lines] of entries) await postEntry(client, entryInput({ posting_date: date, document_date: date, description, lines }));
});
afterAll(() => finance.close());

const ledgerOf = (account: string, query: string) => client.get(`${FINANCE}/reports/general-ledger/${account}?${query}`);

describe('GET /api/v1/finance/reports/general-ledger/:account', () => {
  it('should open with the balance before the range and run the balance line by line in date order', async () => {
    const response = await ledgerOf('1200', 'from=2026-02-01&to=2026-02-28');

    const body = response.json();
    expect(body).toMatchObject({ account: '1200', name: 'Bank', type: 'asset', fiscal_year: 2026, currency: 'EUR', opening_balance: '10000.00' });
    expect(
      body.lines.map((line: Record<string, unknown>) => [line.posting_date, line.number, line.debit, line.credit, line.balance, line.contra_accounts]),
    ).toEqual([
      ['2026-02-03', 5, '0.00', '10.00', '9990.00', ['4930']],
      ['2026-02-10', 3, '0.00', '595.00', '9395.00', ['1576', '3400']],
      ['2026-02-15', 4, '1190.00', '0.00', '10585.00', ['1400']],
    ]);
    expect(body.totals).toEqual({ debit: '1190.00', credit: '605.00' });
    expect(body.closing_balance).toBe('10585.00');
  });

  it('should take the lines of the first period dated before the range into the opening balance', async () => {
    const body = (await ledgerOf('1200', 'from=2026-02-12&to=2026-12-31')).json();

    expect([body.opening_balance, body.lines.length, body.closing_balance]).toEqual(['9395.00', 1, '10585.00']);
  });

  it('should answer an account without postings with its zero balances', async () => {
    const body = (await ledgerOf('1000', 'from=2026-01-01&to=2026-12-31')).json();

    expect(body).toMatchObject({ opening_balance: '0.00', lines: [], closing_balance: '0.00', totals: { debit: '0.00', credit: '0.00' } });
  });

  it('should give the same figures as CSV, with decimal commas, quoted texts and guarded formulas', async () => {
    const response = await ledgerOf('1200', 'from=2026-02-01&to=2026-02-28&format=csv');

    const rows = response.body.replace('\uFEFF', '').trimEnd().split('\r\n');
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe('attachment; filename="general-ledger-1200-2026-02-01-2026-02-28.csv"');
    expect(rows[0]).toBe(
      'posting_date;document_date;fiscal_year;number;document_ref;description;text;contra_accounts;tax_code;cost_center;cost_center_2;debit;credit;balance',
    );
    expect(rows[1]).toBe('2026-02-01;;2026;;;opening balance 1200 Bank;;;;;;;;10000,00');
    expect(rows[3]).toMatch(/^2026-02-10;2026-02-10;2026;3;RE-\d+;Wareneinkauf;;1576 3400;;;;0,00;595,00;9395,00$/);
    expect(rows[4]).toMatch(/;"Zahlung; ""Müller""";'=SUMME\(A1\);1400;;;;1190,00;0,00;10585,00$/);
    expect(rows[5]).toBe('2026-02-28;;2026;;;closing balance 1200 Bank;;;;;;1190,00;605,00;10585,00');
  });

  it('should answer with CSV for Accept: text/csv', async () => {
    const response = await client.request('GET', `${FINANCE}/reports/general-ledger/1400?from=2026-01-01&to=2026-01-31`, undefined, { accept: 'text/csv' });

    expect(response.headers['content-type']).toContain('text/csv');
    expect(response.body).toContain('1190,00');
  });
});

describe('GET /api/v1/finance/reports/journal', () => {
  it('should list the posted entries of the range in number order with their lines and totals', async () => {
    const body = (await client.get(`${FINANCE}/reports/journal?from=2026-02-01&to=2026-02-28`)).json();

    expect(body.entries.map((entry: { number: number; posting_date: string }) => [entry.number, entry.posting_date])).toEqual([
      [3, '2026-02-10'],
      [4, '2026-02-15'],
      [5, '2026-02-03'],
    ]);
    expect(body.entries[0].lines.map((line: Record<string, unknown>) => [line.account, line.debit_base, line.credit_base, line.tax_code, line.tax_of])).toEqual(
      [
        ['3400', '500.00', '0.00', 'VSt19', null],
        ['1576', '95.00', '0.00', 'VSt19', 1],
        ['1200', '0.00', '595.00', null, null],
      ],
    );
    expect(body.entries[0]).toMatchObject({ fiscal_year: 2026, period: 2, description: 'Wareneinkauf', hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(body.totals).toEqual({ debit: '1795.00', credit: '1795.00' });
  });

  it('should write one CSV row per line with its entry', async () => {
    const response = await client.get(`${FINANCE}/reports/journal?from=2026-01-01&to=2026-01-31&format=csv`);

    const rows = response.body.replace('\uFEFF', '').trimEnd().split('\r\n');
    expect(rows).toHaveLength(1 + 2 + 3);
    expect(rows[3]).toMatch(/^2026;2;2026-01-20;2026-01-20;RE-\d+;Verkauf;EUR;1,000000;;1;1400;1190,00;0,00;1190,00;0,00;;;;;$/);
  });
});

describe('the line limits of the general ledger and the journal', () => {
  it(`should refuse a range of more than ${GENERAL_LEDGER_MAX_LINES} lines with 422 and serve a shorter one`, { timeout: 120_000 }, async () => {
    const tenant = await readyTenant(finance);
    // 101 entries of 100 debit lines of 1.00 on 1000 and one credit line of 100.00 on 8200, all on 10 March:
    // 10,100 lines on 1000 and 10,201 in the journal, written around the service in one transaction.
    await withSql(finance, 'admin', async (sql) => {
      await sql.query('begin');
      await sql.query(
        `insert into journal_entry (tenant_id, id, posting_date, document_date, document_ref, description, currency, exchange_rate, created_by)
         select $1, gen_random_uuid(), '2026-03-10', '2026-03-10', 'BULK-' || n, 'bulk', 'EUR', 1, 'sql' from generate_series(1, 101) n`,
        [tenant.tenantId],
      );
      await sql.query(
        `insert into journal_line (tenant_id, entry_id, line_no, account, debit, credit, debit_base, credit_base)
         select e.tenant_id, e.id, n, case when n <= 100 then '1000' else '8200' end, case when n <= 100 then 1 else 0 end,
                case when n <= 100 then 0 else 100 end, case when n <= 100 then 1 else 0 end, case when n <= 100 then 0 else 100 end
         from journal_entry e cross join generate_series(1, 101) n where e.tenant_id = $1`,
        [tenant.tenantId],
      );
      await sql.query(
        `update journal_entry e set status = 'posted', fiscal_year = 2026, period = 3, number = x.n, posted_at = now(), posted_by = 'sql',
           seal_version = 1, previous_hash = repeat('0', 64), hash = repeat('a', 64)
         from (select id, row_number() over (order by id) as n from journal_entry where tenant_id = $1) x where e.tenant_id = $1 and e.id = x.id`,
        [tenant.tenantId],
      );
      await sql.query('commit');
    });

    const ledger = await tenant.get(`${FINANCE}/reports/general-ledger/1000?from=2026-03-01&to=2026-03-31`);
    const journal = await tenant.get(`${FINANCE}/reports/journal?from=2026-03-01&to=2026-03-31`);
    const later = await tenant.get(`${FINANCE}/reports/general-ledger/1000?from=2026-03-11&to=2026-03-31`);
    const revenue = await tenant.get(`${FINANCE}/reports/general-ledger/8200?from=2026-03-01&to=2026-03-31`);

    expect([ledger.statusCode, ledger.json().code]).toEqual([422, 'FIN_REPORT_TOO_LARGE']);
    expect([journal.statusCode, journal.json().code]).toEqual([422, 'FIN_REPORT_TOO_LARGE']);
    expect(later.json()).toMatchObject({ opening_balance: '10100.00', lines: [], closing_balance: '10100.00' });
    expect(revenue.json()).toMatchObject({ closing_balance: '-10100.00', totals: { credit: '10100.00' } });
    expect(revenue.json().lines).toHaveLength(101);
  });
});
