import { performance } from 'node:perf_hooks';
import type { CoreStack } from './core-stack.js';
import { percentile } from './load.js';
import { fixed, printTable } from './table.js';

const GOAL_P95_MS = 50;

/** One kind of read a sales or warehouse clerk does all day. */
interface ReadCase {
  readonly name: string;
  readonly paths: readonly string[];
}

function readCases(stack: CoreStack): ReadCase[] {
  const search = (q: string) => `/api/v1/search?q=${encodeURIComponent(q)}`;
  return [
    { name: 'search a common name (Müller, Mueller, Schmidt, Weber)', paths: ['Müller', 'Mueller', 'Schmidt', 'Weber'].map(search) },
    { name: 'search with a typo (Schmitd, Hofman, Bohrmashine)', paths: ['Schmitd', 'Hofman', 'Bohrmashine'].map(search) },
    { name: 'search a rare name and trade (Quast Sanitär)', paths: [search('Quast Sanitär')] },
    { name: 'search a number or SKU (K112345, P-004711)', paths: [search('K112345'), search('P-004711')] },
    { name: 'list customers, first page of 50', paths: ['/api/v1/customers?limit=50'] },
    { name: 'list customers filtered by name (q=Schneider)', paths: ['/api/v1/customers?limit=50&q=Schneider'] },
    { name: 'list products, first page of 50', paths: ['/api/v1/products?limit=50'] },
  ].map((entry) => ({ ...entry, paths: entry.paths.map((path) => `${stack.coreUrl}${path}`) }));
}

/**
 * Search and list latency at the fixture's size: sequential requests (one client, as a person typing), each
 * case's paths in turn; p50/p95/p99 of the response times, checked against the 50 ms p95 goal.
 */
export async function searchFigures(stack: CoreStack, requestsPerCase: number, counts: { customers: number; products: number }): Promise<void> {
  const headers = { authorization: `Bearer ${stack.token}` };
  const rows: string[][] = [];
  for (const entry of readCases(stack)) {
    // Unmeasured warm-up: the first requests pay for connections, plans and cold pages.
    for (const url of entry.paths) await timed(url, headers);
    const times: number[] = [];
    let results = 0;
    for (let index = 0; index < requestsPerCase; index += 1) {
      const { ms, items } = await timed(entry.paths[index % entry.paths.length] as string, headers);
      times.push(ms);
      results += items;
    }
    times.sort((a, b) => a - b);
    const p95 = percentile(times, 0.95);
    rows.push([
      entry.name,
      String(times.length),
      fixed(results / times.length, 1),
      fixed(percentile(times, 0.5), 1),
      fixed(p95, 1),
      fixed(percentile(times, 0.99), 1),
      `≤ ${GOAL_P95_MS} ms p95: ${p95 <= GOAL_P95_MS ? 'met' : 'missed'}`,
    ]);
  }
  printTable(
    `Search and list through core directly, ${counts.customers.toLocaleString('en')} customers and ${counts.products.toLocaleString('en')} products, sequential requests`,
    ['case', 'requests', 'results each', 'p50 ms', 'p95 ms', 'p99 ms', 'goal'],
    rows,
  );
}

async function timed(url: string, headers: Record<string, string>): Promise<{ ms: number; items: number }> {
  const started = performance.now();
  const response = await fetch(url, { headers });
  const body = (await response.json()) as { items?: unknown[] };
  const ms = performance.now() - started;
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}: ${JSON.stringify(body).slice(0, 300)}`);
  return { ms, items: body.items?.length ?? 0 };
}
