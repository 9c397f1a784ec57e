import { cacheFigures, overheadFigures } from './ai-overhead.js';
import { toAiBenchSettings } from './ai-settings.js';
import { startAiStack } from './ai-stack.js';
import { suggestionFigures } from './ai-suggestions.js';
import { createCleanupStack } from './cleanup-stack.js';
import { withDatabaseServer } from './database-server.js';
import { findLeftovers, killLeftovers } from './leftovers.js';
import { printTable } from './table.js';

/**
 * `npm run bench -- ai [--quick]`: the figures of the ai issue against real auth and ai processes on a fresh
 * database, with a zero-latency OpenAI-compatible fake as the only provider: (1) the ai service's own added
 * latency, direct vs through ai in the same run, (2) exact cache hit latency, (3) posting suggestions per
 * second from the local engine with a learned model.
 */
export async function run(args: string[]): Promise<void> {
  const settings = toAiBenchSettings(args);
  process.stdout.write(`AI benchmark on Node ${process.versions.node}, ${new Date().toISOString()}\n`);
  await withDatabaseServer(process.env.DATABASE_URL, async (adminUrl) => {
    const cleanup = createCleanupStack();
    let pids: number[] = [];
    try {
      const stack = await startAiStack(adminUrl, cleanup);
      pids = stack.pids();
      await overheadFigures(stack, settings);
      await cacheFigures(stack, settings);
      await suggestionFigures(stack, settings);
    } finally {
      await cleanup.run();
      const leftovers = killLeftovers(await findLeftovers(pids));
      printTable('Cleanup', ['processes started', 'left running after stop', 'database'], [[String(pids.length), leftovers, 'dropped']]);
    }
  });
}
