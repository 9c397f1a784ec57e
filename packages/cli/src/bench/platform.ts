import { withDatabaseServer } from './database-server.js';
import { eventFigures } from './platform-events.js';
import { healthAtFixedRate, kitVersusBare } from './platform-kit.js';
import { systemFigures } from './platform-system.js';
import { toPlatformSettings } from './settings.js';

/**
 * `npm run bench -- platform [--quick]`: the figures of the platform issue, each as a Markdown table,
 * all measured in one run: (1) kit vs bare node:http, (2) `/health` at a fixed rate, (3) idle memory per
 * service and start time, (4) outbox-to-consumer delivery over each transport.
 */
export async function run(args: string[]): Promise<void> {
  const settings = toPlatformSettings(args);
  const env = process.env;
  process.stdout.write(`Platform benchmark on Node ${process.versions.node}, ${new Date().toISOString()}\n`);
  await kitVersusBare(settings);
  await withDatabaseServer(env.DATABASE_URL, async (adminUrl) => {
    await healthAtFixedRate(adminUrl, settings);
    await systemFigures(adminUrl, env, settings);
    await eventFigures(adminUrl, env.AMQP_URL, settings);
  });
}
