import { fileURLToPath } from 'node:url';
import { connectPlatform, createPubSub, runtimeUrl, startService } from '@erp/kit';
import { buildApp } from './app.js';
import { loadConfig } from './config.js';

const config = loadConfig();
const platform = await connectPlatform({ service: 'gateway', config, migrationsFolder: fileURLToPath(new URL('./db/migrations', import.meta.url)) });
// With Redis the response cache's generations are shared; without it, purges are broadcast over LISTEN/NOTIFY.
const pubsub = platform.redis
  ? undefined
  : createPubSub({
      databaseUrl: runtimeUrl(config.databaseUrl, platform.db.roles),
      onError: (error, channel) => platform.logger.warn({ err: error, channel }, 'pub/sub failure'),
    });
const app = await buildApp({ config, ...platform, pubsub });
const onShutdown = async () => {
  await pubsub?.close();
  await platform.close();
};
await startService(app, { ...config, registry: platform.registry, onShutdown });
