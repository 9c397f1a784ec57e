import { createTestDatabase, type TestDatabase } from '@erp/kit/testing';
import { startGateway, type TestGateway } from '../helpers.js';
import { sharedIssuer } from '../token-issuer.js';
import { startFakeAuth } from './fake-auth.js';
import { startFakeCore } from './fake-core.js';
import { startFakeFinance } from './fake-finance.js';

/** A fresh database, fake auth, core and finance services, and a gateway in front of them. */
export async function startGraphqlSystem(adminUrl: string, env: Record<string, string> = {}) {
  const database: TestDatabase = await createTestDatabase(adminUrl);
  const [auth, core, finance] = await Promise.all([startFakeAuth(), startFakeCore(), startFakeFinance()]);
  await sharedIssuer();
  const upstreams = { auth: auth.url, core: core.url, finance: finance.url };
  const gateway: TestGateway = await startGateway(database.adminUrl, upstreams, { UPSTREAM_TIMEOUT_MS: '5000', ...env });
  return {
    database,
    auth,
    core,
    finance,
    gateway,
    /** Forgets what every fake saw and was forced to answer. */
    reset: () => {
      auth.reset();
      core.reset();
      finance.reset();
    },
    close: async () => {
      await gateway.close();
      await Promise.all([auth.app.close(), core.app.close(), finance.app.close()]);
      await database.drop();
    },
  };
}
