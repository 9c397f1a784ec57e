import { fileURLToPath } from 'node:url';
import { connectPlatform, startService } from '@erp/kit';
import { buildApp, CORE_EXTENSIONS } from './app.js';
import { loadConfig } from './config.js';
import type { CoreDb } from './db/schema.js';

const config = loadConfig();
const platform = await connectPlatform<CoreDb>({
  service: 'core',
  config,
  migrationsFolder: fileURLToPath(new URL('./db/migrations', import.meta.url)),
  extensions: CORE_EXTENSIONS,
});
const app = await buildApp({ config, ...platform });
await startService(app, { ...config, registry: platform.registry, onShutdown: platform.close });
