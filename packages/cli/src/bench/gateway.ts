import { createCleanupStack } from './cleanup-stack.js';
import { withDatabaseServer } from './database-server.js';
import { loginFigures } from './gateway-login.js';
import { toGatewaySettings } from './gateway-settings.js';
import { startGatewayStack } from './gateway-stack.js';
import { latencyFigures, saturationFigures } from './gateway-throughput.js';
import { verifyFigures } from './gateway-verify.js';
import { findLeftovers, killLeftovers } from './leftovers.js';
import { printTable } from './table.js';

/**
 * `npm run bench -- gateway [--quick]`: the figures of the gateway issue, each as a Markdown table, all measured
 * in one run against real processes (auth, gateway, and a kit-built upstream standing in for finance) on a fresh
 * database: (1) saturation directly vs through the gateway, (2) added latency at half that rate, (3) login
 * time, (4) token verifications per core.
 */
export async function run(args: string[]): Promise<void> {
  const settings = toGatewaySettings(args);
  process.stdout.write(`Gateway benchmark on Node ${process.versions.node}, ${new Date().toISOString()}\n`);
  await verifyFigures(settings);
  await withDatabaseServer(process.env.DATABASE_URL, async (adminUrl) => {
    const cleanup = createCleanupStack();
    let pids: number[] = [];
    try {
      const stack = await startGatewayStack(adminUrl, cleanup);
      pids = stack.pids();
      const saturation = await saturationFigures(stack, settings);
      await latencyFigures(stack, settings, saturation);
      await loginFigures(stack, settings);
    } finally {
      await cleanup.run();
      const leftovers = killLeftovers(await findLeftovers(pids));
      printTable('Cleanup', ['processes started', 'left running after stop', 'database'], [[String(pids.length), leftovers, 'dropped']]);
    }
  });
}
