import { fileURLToPath } from 'node:url';
import { connectPlatform, startService } from '@erp/kit';
import { buildApp } from './app.js';
import { loadConfig } from './config.js';
import type { ObserverDb } from './db/schema.js';
import { ObserverConfigInvalidError } from './observer-config/config-source.js';

const config = loadConfig();
const platform = await connectPlatform<ObserverDb>({
  service: 'observer',
  config,
  migrationsFolder: fileURLToPath(new URL('./db/migrations', import.meta.url)),
});
try {
  const app = await buildApp({ config, ...platform });
  await startService(app, { ...config, registry: platform.registry, onShutdown: platform.close });
} catch (error) {
  if (!(error instanceof ObserverConfigInvalidError)) throw error;
  // Like an invalid environment: one clear line naming the field, then exit.
  process.stderr.write(`${error.message}\n`);
  await platform.close();
  await platform.registry.close();
  process.exit(1);
}
