import { createCleanupStack } from './cleanup-stack.js';
import { withDatabaseServer } from './database-server.js';
import { postingFigures } from './finance-posting.js';
import { startFinanceStack } from './finance-stack.js';
import { loadJournalFixture, trialBalanceFigures } from './finance-trial-balance.js';
import { findLeftovers, killLeftovers } from './leftovers.js';
import { fixed, printTable } from './table.js';

/**
 * `npm run bench -- finance [--quick]`: the figures of the finance issue against real auth and finance
 * processes on a fresh database: (1) posting throughput of three-line entries vs `pgbench -N` on the same
 * server, (2) the trial balance at 1,000,000 journal lines from maintained balances vs a GROUP BY over the
 * journal (`--quick`: 100,000 lines and short rounds).
 */
export async function run(args: string[]): Promise<void> {
  const quick = args.includes('--quick');
  const settings = quick ? { durationS: 3, rounds: 1, lines: 100_000, repeats: 10 } : { durationS: 10, rounds: 3, lines: 1_000_000, repeats: 30 };
  process.stdout.write(`Finance benchmark on Node ${process.versions.node}, ${new Date().toISOString()}\n`);
  await withDatabaseServer(process.env.DATABASE_URL, async (adminUrl) => {
    const cleanup = createCleanupStack();
    let pids: number[] = [];
    try {
      const stack = await startFinanceStack(adminUrl, cleanup);
      pids = stack.pids();
      await postingFigures(stack, settings);
      const fixtureYear = stack.fiscalYear - 1;
      const seconds = await loadJournalFixture(stack, fixtureYear, settings.lines);
      printTable(
        'Journal fixture',
        ['fiscal year', 'journal lines', 'load seconds (SQL, triggers off, balances rebuilt)'],
        [[String(fixtureYear), settings.lines.toLocaleString('en'), fixed(seconds, 1)]],
      );
      await trialBalanceFigures(stack, fixtureYear, settings.lines, settings.repeats);
    } finally {
      await cleanup.run();
      const leftovers = killLeftovers(await findLeftovers(pids));
      printTable('Cleanup', ['processes started', 'left running after stop', 'database'], [[String(pids.length), leftovers, 'dropped']]);
    }
  });
}
