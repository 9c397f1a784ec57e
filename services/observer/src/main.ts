import { fileURLToPath } from 'node:url';
import { connectPlatform, startService } from '@erp/kit';
import { buildApp } from './app.js';
import { loadConfig } from './config.js';

const config = loadConfig();
const platform = await connectPlatform({ service: 'observer', config, migrationsFolder: fileURLToPath(new URL('./db/migrations', import.meta.url)) });
const app = await buildApp({ config, ...platform });
await startService(app, { ...config, registry: platform.registry, onShutdown: platform.close });
