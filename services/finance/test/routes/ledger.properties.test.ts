import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildTestApp, type Client, FINANCE, type LineInput, postEntry, readyTenant, type TestFinance } from '../helpers.js';
import { sqlRows } from '../sql.js';

let finance: TestFinance;
beforeAll(async () => {
  finance = await buildTestApp(inject('adminUrl'));
});
afterAll(() => finance.close());

const ACCOUNTS = ['1000', '1200', '1400', '1600', '3400', '4930', '8400', '8300', '0880', '3125'];
const TAX_CODES = [undefined, null, 'USt19', 'VSt7', 'RC19', 'IGL'] as const;
const amount = (cents: number) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;

/** A balanced entry body: random debits, and credits that split their total, on random accounts, tax codes and days. */
const entryBody = fc
  .record({
    debits: fc.array(fc.integer({ min: 1, max: 5_000_000 }), { minLength: 1, maxLength: 4 }),
    creditCount: fc.integer({ min: 1, max: 3 }),
    month: fc.integer({ min: 1, max: 12 }),
  })
  .chain(({ debits, creditCount, month }) => {
    const total = debits.reduce((left, right) => left + right, 0);
    const parts = Math.min(creditCount, total);
    return fc
      .record({
        cuts: fc.uniqueArray(fc.integer({ min: 1, max: Math.max(1, total - 1) }), { minLength: parts - 1, maxLength: parts - 1 }),
        accounts: fc.array(fc.constantFrom(...ACCOUNTS), { minLength: debits.length + parts, maxLength: debits.length + parts }),
        taxCodes: fc.array(fc.constantFrom(...TAX_CODES), { minLength: debits.length + parts, maxLength: debits.length + parts }),
      })
      .map(({ cuts, accounts, taxCodes }) => {
        const points = [0, ...cuts.sort((left, right) => left - right), total];
        const credits = points.slice(1).map((point, index) => point - (points[index] ?? 0));
        const line = (index: number, side: 'debit' | 'credit', cents: number): LineInput => {
          const taxCode = taxCodes[index];
          return { account: accounts[index] ?? '1000', [side]: amount(cents), ...(taxCode === undefined ? {} : { tax_code: taxCode }) };
        };
        const date = `2026-${String(month).padStart(2, '0')}-15`;
        return {
          posting_date: date,
          document_date: date,
          document_ref: 'PROP',
          lines: [...debits.map((cents, index) => line(index, 'debit', cents)), ...credits.map((cents, index) => line(debits.length + index, 'credit', cents))],
        };
      });
  });

async function journalBalances(client: Client): Promise<Map<string, string>> {
  const rows = await sqlRows<{ account: string; balance: string }>(
    finance,
    'admin',
    `select account, (sum(debit_base) - sum(credit_base))::numeric(20,2)::text as balance from journal_line where tenant_id = $1 group by account`,
    [client.tenantId],
  );
  return new Map(rows.map((row) => [row.account, row.balance]));
}

describe('the ledger under random postings (properties)', () => {
  it('should post every random balanced entry, keep the trial balance at zero and equal to the journal, and keep the chain intact', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(entryBody, { minLength: 1, maxLength: 5 }), async (bodies) => {
        const client = await readyTenant(finance);

        for (const body of bodies) await postEntry(client, body);
        const report = (await client.get(`${FINANCE}/reports/trial-balance?fiscal_year=2026`)).json();
        const journal = await journalBalances(client);
        const chain = (await client.get(`${FINANCE}/audit/verify?fiscal_year=2026`)).json();

        expect(report.totals.balance).toBe('0.00');
        expect(report.totals.debit).toBe(report.totals.credit);
        expect(new Map(report.rows.map((row: { account: string; balance: string }) => [row.account, row.balance]))).toEqual(journal);
        expect(chain).toMatchObject({ status: 'intact', entries_checked: bodies.length });
      }),
      { numRuns: 12 },
    );
  });

  it('should net every account to zero after an entry and its reversal', async () => {
    await fc.assert(
      fc.asyncProperty(entryBody, async (body) => {
        const client = await readyTenant(finance);
        const entry = await postEntry(client, body);

        await client.post(`${FINANCE}/transactions/${entry.id}/reverse`, {});
        const report = (await client.get(`${FINANCE}/reports/trial-balance?fiscal_year=2026`)).json();

        expect(report.rows.every((row: { balance: string }) => row.balance === '0.00')).toBe(true);
        expect(report.rows.length).toBeGreaterThan(0);
      }),
      { numRuns: 10 },
    );
  });

  it('should refuse every random unbalanced entry and write nothing', async () => {
    const client = await readyTenant(finance);
    await fc.assert(
      fc.asyncProperty(entryBody, fc.integer({ min: 1, max: 10_000 }), async (body, extra) => {
        const [first, ...rest] = body.lines;
        const skewed = { ...first, debit: amount(Number((first?.debit ?? '0').replace('.', '')) + extra) };

        const response = await client.post(`${FINANCE}/transactions`, { ...body, lines: [skewed, ...rest] });

        expect([response.statusCode, response.json().code]).toEqual([422, 'FIN_UNBALANCED_ENTRY']);
      }),
      { numRuns: 25 },
    );
    expect((await client.get(`${FINANCE}/transactions`)).json().items).toEqual([]);
  });
});
