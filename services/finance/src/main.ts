import { fileURLToPath } from 'node:url';
import { connectPlatform, startService } from '@erp/kit';
import { buildApp } from './app.js';
import { loadConfig } from './config.js';
import type { FinanceDb } from './db/schema.js';
import { startBalanceCompaction } from './ledger/balance-compaction.js';
import { startOverdueCheck } from './open-items/overdue-check.js';

const config = loadConfig();
const platform = await connectPlatform<FinanceDb>({ service: 'finance', config, migrationsFolder: fileURLToPath(new URL('./db/migrations', import.meta.url)) });
const app = await buildApp({ config, ...platform });
if (config.overdueCheckIntervalMs > 0) {
  const settings = { levelDays: config.dunningLevelDays, timeZone: config.businessTimeZone, intervalMs: config.overdueCheckIntervalMs };
  const overdueCheck = startOverdueCheck({ db: platform.db.kysely, clock: () => new Date() }, settings, platform.logger);
  // Before the database closes: preClose runs ahead of the close hooks that end the pool.
  app.addHook('preClose', () => overdueCheck.stop());
}
if (config.balanceCompactionIntervalMs > 0) {
  const compaction = startBalanceCompaction(platform.db.kysely, config.balanceCompactionIntervalMs, platform.logger);
  app.addHook('preClose', () => compaction.stop());
}
await startService(app, { ...config, registry: platform.registry, onShutdown: platform.close });
