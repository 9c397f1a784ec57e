import { fileURLToPath } from 'node:url';
import { connectPlatform, startService } from '@erp/kit';
import { buildApp } from './app.js';
import { loadConfig } from './config.js';
import type { AiDb } from './db/schema.js';

const config = loadConfig();
const platform = await connectPlatform<AiDb>({ service: 'ai', config, migrationsFolder: fileURLToPath(new URL('./db/migrations', import.meta.url)) });
const app = await buildApp({ config, ...platform, grpcPort: config.grpc.port });
await startService(app, { ...config, registry: platform.registry, onShutdown: platform.close });
