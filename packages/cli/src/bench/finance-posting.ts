import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createTestDatabase } from '@erp/kit/testing';
import pg from 'pg';
import type { FinanceStack } from './finance-stack.js';
import { runLoad } from './load.js';
import { cpuSeconds } from './processes.js';
import { fixed, printTable } from './table.js';

const run = promisify(execFile);
const CONNECTIONS = 16;

/** The settings of the posting figure. */
export interface PostingSettings {
  readonly durationS: number;
  readonly rounds: number;
}

/**
 * Figure 1: posting throughput of three-line entries (a sale of 119.00 gross: receivable, revenue and the
 * generated 19 % VAT line) through the finance service, against `pgbench -N` (its TPC-B-like script without
 * the contended branch and teller updates: three statements per transaction) on a database of the same
 * server, alternating in the same run. Goals: service ≥ 0.5 × pgbench TPS and ≥ 1,000 entries/s; p99 reported.
 */
export async function postingFigures(stack: FinanceStack, settings: PostingSettings): Promise<void> {
  const pgbenchDatabase = await createTestDatabase(stack.serverAdminUrl);
  try {
    await run('pgbench', ['-i', '-q', '-s', '10', pgbenchDatabase.adminUrl], { timeout: 300_000 });
    const day = new Date().toISOString().slice(0, 10);
    const body = JSON.stringify({
      posting_date: day,
      document_date: day,
      document_ref: 'BENCH-1',
      description: 'Verkauf (Benchmark)',
      currency: 'EUR',
      exchange_rate: '1',
      lines: [
        { account: '1400', debit: '119.00' },
        { account: '8400', credit: '119.00', text: 'Ware' },
      ],
    });
    const url = `${stack.financeUrl}/api/v1/finance/transactions`;
    // An unmeasured second of load warms up the JIT, the pool and the plans. Then the tables are analyzed, as
    // pgbench -i does with its own: without statistics the planner takes the fresh journal for empty and looks an
    // entry up through any index that starts with the tenant, which gets slower with every posting until
    // autovacuum analyzes the table (a minute or more into the run).
    await runLoad({ url, durationS: 1, connections: CONNECTIONS, method: 'POST', body, headers: postHeaders(stack.token) });
    await analyzeFinance(stack.databaseUrl);
    const rows: string[][] = [];
    const ratios: number[] = [];
    for (let round = 1; round <= settings.rounds; round += 1) {
      const cpuBefore = await cpuSeconds(stack.financePid);
      const batchesBefore = await batchFigures(stack.financeUrl);
      const service = await runLoad({ url, durationS: settings.durationS, connections: CONNECTIONS, method: 'POST', body, headers: postHeaders(stack.token) });
      const cpuUsed = (await cpuSeconds(stack.financePid)) - cpuBefore;
      const batchesAfter = await batchFigures(stack.financeUrl);
      const draftsPerTransaction = (batchesAfter.drafts - batchesBefore.drafts) / Math.max(1, batchesAfter.transactions - batchesBefore.transactions);
      if (service.failures > 0) throw new Error(`${service.failures} postings failed during the benchmark`);
      const tps = await pgbenchTps(pgbenchDatabase.adminUrl, settings.durationS);
      const ratio = service.requestsPerSecond / tps;
      ratios.push(ratio);
      rows.push([
        String(round),
        fixed(service.requestsPerSecond, 0),
        fixed(service.latencyMsP50, 1),
        fixed(service.latencyMsP99, 1),
        fixed(draftsPerTransaction, 1),
        fixed((cpuUsed / (service.requestsPerSecond * settings.durationS)) * 1e6, 0),
        fixed(tps, 0),
        fixed(ratio, 3),
      ]);
    }
    const sorted = [...ratios].sort((a, b) => a - b);
    const medianRatio = sorted[Math.floor(sorted.length / 2)] as number;
    const medianEntries = [...rows.map((row) => Number(row[1]))].sort((a, b) => a - b)[Math.floor(rows.length / 2)] as number;
    printTable(
      `Posting throughput: three-line entries through finance vs pgbench -N on the same server, ${CONNECTIONS} connections each, ${settings.durationS} s per round, alternating`,
      ['round', 'entries/s', 'p50 ms', 'p99 ms', 'entries per transaction', 'service CPU µs/entry', 'pgbench -N TPS', 'ratio'],
      rows,
    );
    printTable(
      'Posting goals (medians over the rounds)',
      ['figure', 'measured', 'goal', 'met'],
      [
        ['entries/s vs pgbench -N TPS', fixed(medianRatio, 3), '≥ 0.5', medianRatio >= 0.5 ? 'yes' : 'no'],
        ['entries/s', fixed(medianEntries, 0), '≥ 1,000', medianEntries >= 1000 ? 'yes' : 'no'],
      ],
    );
  } finally {
    await pgbenchDatabase.drop();
  }
}

async function analyzeFinance(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('set search_path = finance');
    await client.query('analyze');
  } finally {
    await client.end();
  }
}

/** How many posting transactions the batcher ran and how many drafts they carried, from finance's `/metrics`. */
async function batchFigures(financeUrl: string): Promise<{ transactions: number; drafts: number }> {
  const text = await (await fetch(`${financeUrl}/metrics`)).text();
  const sumOf = (series: string) =>
    [...text.matchAll(new RegExp(`^finance_posting_batch_entries_${series}\\{[^}]*\\} ([0-9.e+]+)$`, 'gm'))].reduce((sum, match) => sum + Number(match[1]), 0);
  return { transactions: sumOf('count'), drafts: sumOf('sum') };
}

function postHeaders(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
}

async function pgbenchTps(url: string, durationS: number): Promise<number> {
  const { stdout } = await run('pgbench', ['-N', '-c', String(CONNECTIONS), '-j', '2', '-T', String(durationS), '-n', url], {
    timeout: (durationS + 60) * 1000,
  });
  const match = /tps = ([0-9.]+) \(without initial connection time\)/.exec(stdout);
  if (!match) throw new Error(`pgbench printed no TPS:\n${stdout}`);
  return Number(match[1]);
}
