import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createTestDatabase } from '@erp/kit/testing';
import pg from 'pg';
import type { FinanceStack } from './finance-stack.js';
import { median, runLoad } from './load.js';
import { cpuSeconds } from './processes.js';
import { fixed, printTable } from './table.js';

const run = promisify(execFile);
const CONNECTIONS = 16;
const CONNECTIONS_BUSY = 64;

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
 * Then one round of each at 64 clients, as a figure only.
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
    const round = (connections: number) => postingRound(stack, pgbenchDatabase.adminUrl, { url, body, connections, durationS: settings.durationS });
    const rounds: Round[] = [];
    for (let index = 0; index < settings.rounds; index += 1) rounds.push(await round(CONNECTIONS));
    const medianRatio = median(rounds.map((result) => result.ratio));
    const medianEntries = median(rounds.map((result) => result.entriesPerSecond));
    printTable(
      `Posting throughput: three-line entries through finance vs pgbench -N on the same server, ${CONNECTIONS} connections each, ${settings.durationS} s per round, alternating`,
      ROUND_COLUMNS,
      rounds.map((result, index) => roundRow(String(index + 1), result)),
    );
    printTable(
      'Posting goals (medians over the rounds)',
      ['figure', 'measured', 'goal', 'met'],
      [
        ['entries/s vs pgbench -N TPS', fixed(medianRatio, 3), '≥ 0.5', medianRatio >= 0.5 ? 'yes' : 'no'],
        ['entries/s', fixed(medianEntries, 0), '≥ 1,000', medianEntries >= 1000 ? 'yes' : 'no'],
      ],
    );
    // The same with more clients, a figure only: postings that arrive together share a transaction, so the
    // service gains with concurrency where one posting per transaction would only queue longer for the counter.
    const busier = await round(CONNECTIONS_BUSY);
    printTable(`Posting throughput at ${CONNECTIONS_BUSY} connections each (one round of ${settings.durationS} s, figure only)`, ROUND_COLUMNS, [
      roundRow('1', busier),
    ]);
  } finally {
    await pgbenchDatabase.drop();
  }
}

interface Round {
  readonly entriesPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly entriesPerTransaction: number;
  readonly cpuUsPerEntry: number;
  readonly pgbenchTps: number;
  readonly ratio: number;
}

const ROUND_COLUMNS = ['round', 'entries/s', 'p50 ms', 'p99 ms', 'entries per transaction', 'service CPU µs/entry', 'pgbench -N TPS', 'ratio'];

/** One round: the service under `connections` posting clients, then pgbench -N with as many clients. */
async function postingRound(
  stack: FinanceStack,
  pgbenchUrl: string,
  load: { url: string; body: string; connections: number; durationS: number },
): Promise<Round> {
  const cpuBefore = await cpuSeconds(stack.financePid);
  const batchesBefore = await batchFigures(stack.financeUrl);
  const service = await runLoad({
    url: load.url,
    durationS: load.durationS,
    connections: load.connections,
    method: 'POST',
    body: load.body,
    headers: postHeaders(stack.token),
  });
  const cpuUsed = (await cpuSeconds(stack.financePid)) - cpuBefore;
  const batchesAfter = await batchFigures(stack.financeUrl);
  if (service.failures > 0) throw new Error(`${service.failures} postings failed during the benchmark`);
  const tps = await pgbenchTps(pgbenchUrl, load.durationS, load.connections);
  return {
    entriesPerSecond: service.requestsPerSecond,
    p50Ms: service.latencyMsP50,
    p99Ms: service.latencyMsP99,
    entriesPerTransaction: (batchesAfter.drafts - batchesBefore.drafts) / Math.max(1, batchesAfter.transactions - batchesBefore.transactions),
    cpuUsPerEntry: (cpuUsed / (service.requestsPerSecond * load.durationS)) * 1e6,
    pgbenchTps: tps,
    ratio: service.requestsPerSecond / tps,
  };
}

function roundRow(label: string, round: Round): string[] {
  return [
    label,
    fixed(round.entriesPerSecond, 0),
    fixed(round.p50Ms, 1),
    fixed(round.p99Ms, 1),
    fixed(round.entriesPerTransaction, 1),
    fixed(round.cpuUsPerEntry, 0),
    fixed(round.pgbenchTps, 0),
    fixed(round.ratio, 3),
  ];
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

async function pgbenchTps(url: string, durationS: number, connections: number): Promise<number> {
  const { stdout } = await run('pgbench', ['-N', '-c', String(connections), '-j', '2', '-T', String(durationS), '-n', url], {
    timeout: (durationS + 60) * 1000,
  });
  const match = /tps = ([0-9.]+) \(without initial connection time\)/.exec(stdout);
  if (!match) throw new Error(`pgbench printed no TPS:\n${stdout}`);
  return Number(match[1]);
}
