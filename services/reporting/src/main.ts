import { fileURLToPath } from 'node:url';
import { connectServiceDb, startService } from '@erp/kit';
import { buildApp } from './app.js';
import { loadConfig } from './config.js';

const config = loadConfig();
const db = await connectServiceDb({
  adminUrl: config.databaseUrl,
  service: 'reporting',
  migrationsFolder: fileURLToPath(new URL('./db/migrations', import.meta.url)),
  poolMax: config.dbPoolMax,
});
const app = await buildApp({ config, db });
await startService(app, config);
