import { cpus, loadavg } from 'node:os';
import { createCleanupStack } from './cleanup-stack.js';
import { withDatabaseServer } from './database-server.js';
import { findLeftovers, killLeftovers } from './leftovers.js';
import { measureRounds } from './observer-rounds.js';
import { toObserverBenchSettings } from './observer-settings.js';
import { type ObserverStack, startObserverStack } from './observer-stack.js';
import { printAddedCpuTable, printGoals, printObserverTable } from './observer-tables.js';
import { fixed, printTable } from './table.js';

/**
 * `npm run bench -- observer [--quick]`: the figures of the observer issue, measured in one run against real
 * processes: the observer's CPU and memory while it polls eight instances of the real system every second, and
 * the CPU that polling adds to each watched instance (the same process with and without an observer, in
 * alternating rounds).
 */
export async function run(args: string[]): Promise<void> {
  const settings = toObserverBenchSettings(args);
  const load = () =>
    loadavg()
      .map((value) => fixed(value, 2))
      .join(', ');
  process.stdout.write(`Observer benchmark on Node ${process.versions.node}, ${cpus().length} cores, ${new Date().toISOString()}; load average ${load()}\n`);
  await withDatabaseServer(process.env.DATABASE_URL, async (adminUrl) => {
    const cleanup = createCleanupStack();
    let stack: ObserverStack | undefined;
    try {
      stack = await startObserverStack(adminUrl, process.env, settings, cleanup);
      const rounds = await measureRounds(stack, settings);
      const observerCpu = printObserverTable(rounds, stack.watched, settings);
      const largestAdded = printAddedCpuTable(rounds, stack.watched, settings);
      printGoals(observerCpu, largestAdded, settings);
    } finally {
      // A start that failed halfway leaves no stack; what it had started is stopped by the cleanup steps.
      const pids = stack?.pids() ?? [];
      await cleanup.run();
      const leftovers = killLeftovers(await findLeftovers(pids));
      printTable('Cleanup', ['processes started', 'left running after stop', 'databases'], [[String(pids.length), leftovers, 'dropped']]);
      process.stdout.write(`Load average at the end: ${load()}\n`);
    }
  });
}
