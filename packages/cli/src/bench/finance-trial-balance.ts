import { performance } from 'node:perf_hooks';
import pg from 'pg';
import type { FinanceStack } from './finance-stack.js';
import { median, percentile } from './load.js';
import { fixed, printTable } from './table.js';

/**
 * Writes `lines` journal lines into fiscal year `year` (created first; three per entry, spread over its twelve periods and the usual accounts
 * of a trading company) straight into finance's tables as the admin, with triggers off, then fills the
 * maintained balances from them in one statement each. Only reads are measured on this fixture; the
 * posting path and its triggers are measured by the throughput figure. Returns seconds taken.
 */
export async function loadJournalFixture(stack: FinanceStack, year: number, lines: number): Promise<number> {
  const entries = Math.ceil(lines / 3);
  const started = performance.now();
  const created = await fetch(`${stack.financeUrl}/api/v1/finance/fiscal-years`, {
    method: 'POST',
    headers: { authorization: `Bearer ${stack.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ year }),
  });
  if (created.status !== 201) throw new Error(`creating fiscal year ${year} answered ${created.status}: ${await created.text()}`);
  const client = new pg.Client({ connectionString: stack.databaseUrl });
  await client.connect();
  try {
    await client.query('set search_path = finance');
    // Triggers (balance check, immutability, balance maintenance, chain) and foreign keys are skipped for the
    // bulk load only; the balances are rebuilt below exactly as the trigger would have kept them.
    await client.query('set session_replication_role = replica');
    const batch = 50_000;
    for (let offset = 0; offset < entries; offset += batch) {
      const to = Math.min(entries, offset + batch);
      await client.query(
        `insert into journal_entry (tenant_id, id, status, fiscal_year, period, number, posting_date, document_date, document_ref, description,
           currency, exchange_rate, created_by, posted_at, posted_by, seal_version, previous_hash, hash)
         select $1, md5($2 || i)::uuid, 'posted', $2::int, 1 + (i % 12), i + 1,
           make_date($2::int, 1 + (i % 12), 1 + (i % 28)), make_date($2::int, 1 + (i % 12), 1 + (i % 28)),
           'BENCH-' || i, 'Benchmark', 'EUR', 1, 'bench', now(), 'bench', 1, repeat('0', 64), repeat('0', 64)
         from generate_series($3::int, $4::int - 1) as i`,
        [stack.tenantId, String(year), offset, to],
      );
      // A sale: receivable debit gross, revenue credit net, VAT credit tax; the accounts rotate a little.
      await client.query(
        `insert into journal_line (tenant_id, entry_id, line_no, account, debit, credit, debit_base, credit_base, tax_code, tax_of)
         select $1, md5($2 || i)::uuid, l.line_no, l.account, l.debit, l.credit, l.debit, l.credit, l.tax_code, l.tax_of
         from generate_series($3::int, $4::int - 1) as i,
         lateral (select (100 + (i % 900))::numeric(18,2) as net) n,
         lateral (values
           (1::smallint, case when i % 2 = 0 then '1400' else '1200' end, round(n.net * 1.19, 2), 0::numeric, null::text, null::smallint),
           (2::smallint, case when i % 3 = 0 then '8400' else '8400' end, 0::numeric, n.net, 'USt19', null::smallint),
           (3::smallint, '1776', 0::numeric, round(n.net * 1.19, 2) - n.net, 'USt19', 2::smallint)
         ) as l(line_no, account, debit, credit, tax_code, tax_of)`,
        [stack.tenantId, String(year), offset, to],
      );
    }
    await client.query(
      `insert into account_balance (tenant_id, fiscal_year, period, account, debit, credit)
       select l.tenant_id, e.fiscal_year, e.period, l.account, sum(l.debit_base), sum(l.credit_base)
       from journal_line l join journal_entry e on e.tenant_id = l.tenant_id and e.id = l.entry_id
       where l.tenant_id = $1 and e.status = 'posted'
       group by 1, 2, 3, 4
       on conflict (tenant_id, fiscal_year, period, account) do update set debit = excluded.debit, credit = excluded.credit`,
      [stack.tenantId],
    );
    await client.query('set session_replication_role = origin');
    await client.query('analyze journal_entry; analyze journal_line; analyze account_balance');
  } finally {
    await client.end();
  }
  return (performance.now() - started) / 1000;
}

/**
 * Figure 2: the trial balance (Summen- und Saldenliste) of the year at `lines` journal lines, from the
 * maintained balances (the service's route, over HTTP) against a plain GROUP BY over the journal (the same
 * sums straight from the lines, in SQL, without HTTP), alternating `repeats` times each in the same run.
 * Goal: the maintained route at least 100 × faster and at most 20 ms.
 */
export async function trialBalanceFigures(stack: FinanceStack, year: number, lines: number, repeats: number): Promise<void> {
  const client = new pg.Client({ connectionString: stack.databaseUrl });
  await client.connect();
  try {
    await client.query('set search_path = finance');
    const route = `${stack.financeUrl}/api/v1/finance/reports/trial-balance?fiscal_year=${year}`;
    const headers = { authorization: `Bearer ${stack.token}` };
    const groupBy = `select l.account, sum(l.debit_base) as debit, sum(l.credit_base) as credit
      from journal_line l join journal_entry e on e.tenant_id = l.tenant_id and e.id = l.entry_id
      where l.tenant_id = $1 and e.fiscal_year = $2 and e.status = 'posted'
      group by l.account order by l.account`;
    const maintained: number[] = [];
    const scanned: number[] = [];
    let accounts = 0;
    let groupedAccounts = 0;
    // One unmeasured call each: connections, plans, caches.
    await (await fetch(route, { headers })).arrayBuffer();
    await client.query(groupBy, [stack.tenantId, year]);
    for (let repeat = 0; repeat < repeats; repeat += 1) {
      let started = performance.now();
      const response = await fetch(route, { headers });
      const body = (await response.json()) as { rows?: unknown[] };
      maintained.push(performance.now() - started);
      if (response.status !== 200) throw new Error(`the trial balance answered ${response.status}`);
      accounts = body.rows?.length ?? 0;
      started = performance.now();
      const grouped = await client.query(groupBy, [stack.tenantId, year]);
      scanned.push(performance.now() - started);
      groupedAccounts = grouped.rowCount ?? 0;
    }
    const sortedMaintained = [...maintained].sort((a, b) => a - b);
    const medianMaintained = median(maintained);
    const medianScanned = median(scanned);
    const ratio = medianScanned / medianMaintained;
    printTable(
      `Trial balance of the year at ${lines.toLocaleString('en')} journal lines: maintained balances (route over HTTP) vs GROUP BY over the journal (SQL), ${repeats} alternating calls each`,
      ['way', 'accounts', 'median ms', 'p95 ms', 'speed-up', 'goal'],
      [
        [
          'GET /reports/trial-balance (maintained balances)',
          String(accounts),
          fixed(medianMaintained, 2),
          fixed(percentile(sortedMaintained, 0.95), 2),
          `${fixed(ratio, 0)} ×`,
          `≤ 20 ms: ${medianMaintained <= 20 ? 'met' : 'missed'}; ≥ 100 ×: ${ratio >= 100 ? 'met' : 'missed'}`,
        ],
        [
          'GROUP BY over journal_line',
          String(groupedAccounts),
          fixed(medianScanned, 2),
          fixed(
            percentile(
              [...scanned].sort((a, b) => a - b),
              0.95,
            ),
            2,
          ),
          '1 ×',
          '',
        ],
      ],
    );
  } finally {
    await client.end();
  }
}
