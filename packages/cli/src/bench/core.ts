import { createCleanupStack } from './cleanup-stack.js';
import { createOrderFixture, orderFigures } from './core-orders.js';
import { searchFigures } from './core-search.js';
import { loadCoreFixture, startCoreStack } from './core-stack.js';
import { withDatabaseServer } from './database-server.js';
import { findLeftovers, killLeftovers } from './leftovers.js';
import { fixed, printTable } from './table.js';

/**
 * `npm run bench -- core [--quick]`: against real auth and core processes, (1) sales orders of three lines
 * created and confirmed (reserving stock) vs the same inserts by a pgbench script, and (2) search and list
 * latency with the data size (100,000 customers and 50,000 products; `--quick` a fifth of it).
 */
export async function run(args: string[]): Promise<void> {
  const quick = args.includes('--quick');
  const counts = quick ? { customers: 20_000, products: 10_000 } : { customers: 100_000, products: 50_000 };
  const requests = quick ? 60 : 300;
  process.stdout.write(`Core benchmark on Node ${process.versions.node}, ${new Date().toISOString()}\n`);
  await withDatabaseServer(process.env.DATABASE_URL, async (adminUrl) => {
    const cleanup = createCleanupStack();
    let pids: number[] = [];
    try {
      const stack = await startCoreStack(adminUrl, cleanup);
      pids = stack.pids();
      await orderFigures(stack, await createOrderFixture(stack), quick ? 3 : 10, quick ? 1 : 3);
      const loaded = await loadCoreFixture(stack, counts);
      printTable(
        'Fixture',
        ['customers', 'products', 'load seconds (SQL, search index by triggers)'],
        [[counts.customers.toLocaleString('en'), counts.products.toLocaleString('en'), fixed(loaded.seconds, 1)]],
      );
      await searchFigures(stack, requests, counts);
    } finally {
      await cleanup.run();
      const leftovers = killLeftovers(await findLeftovers(pids));
      printTable('Cleanup', ['processes started', 'left running after stop', 'database'], [[String(pids.length), leftovers, 'dropped']]);
    }
  });
}
