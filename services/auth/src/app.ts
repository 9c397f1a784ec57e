import { createService, type HealthCheckDefinition, packageVersion, type ServiceApp, type ServiceDb, type ServiceLogger } from '@erp/kit';
import type { AuthConfig } from './config.js';
import { pruneExpired } from './db/prune.js';
import type { AuthDb } from './db/schema.js';
import { createKeyCipher } from './keys/key-encryption.js';
import { createKeyStore } from './keys/key-store.js';
import { apiKeyRoutes } from './routes/api-keys.js';
import { auditLogRoutes } from './routes/audit-log.js';
import { installCaller } from './routes/authenticate.js';
import { installClientAddress } from './routes/client-address.js';
import { clientRoutes } from './routes/clients.js';
import type { RouteContext } from './routes/context.js';
import { keyRoutes } from './routes/keys.js';
import { loginRoutes } from './routes/login.js';
import { meRoutes } from './routes/me.js';
import { mfaRoutes } from './routes/mfa.js';
import { oauthTokenRoutes } from './routes/oauth-token.js';
import { passwordRoutes } from './routes/passwords.js';
import { registerRoutes } from './routes/register.js';
import { roleRoutes } from './routes/roles.js';
import { ssoRoutes } from './routes/sso.js';
import { tokenRoutes } from './routes/tokens.js';
import { userRoutes } from './routes/users.js';
import { wellKnownRoutes } from './routes/well-known.js';
import { createSsoDeps } from './sso/sso-deps.js';

export interface AuthDeps {
  config: AuthConfig;
  db: ServiceDb<AuthDb>;
  /** `/health` checks of the platform parts (registry, broker, redis). */
  checks?: Record<string, HealthCheckDefinition>;
  logger?: ServiceLogger;
}

/** Builds the auth service: registration, login, tokens, the JWKS, users; creates the first signing key if there is none. */
export async function buildApp(deps: AuthDeps): Promise<ServiceApp> {
  const { config, db } = deps;
  const app = await createService({ name: 'auth', version: packageVersion(import.meta.url), config, db, checks: deps.checks, logger: deps.logger });
  const keys = createKeyStore(db.kysely, createKeyCipher(config.keySecret));
  await keys.ensureCurrentKey();
  const context: RouteContext = {
    db: db.kysely,
    config,
    keys,
    session: { keys, issuer: config.issuer, accessTokenTtlS: config.accessTokenTtlS, refreshTokenTtlDays: config.refreshTokenTtlDays },
  };
  installCaller(app);
  installClientAddress(app, config.trustedProxies);
  const prefix = '/api/v1/auth';
  for (const routes of [registerRoutes, loginRoutes, tokenRoutes, passwordRoutes, meRoutes, userRoutes, roleRoutes, auditLogRoutes, keyRoutes]) {
    await app.register(routes, { prefix, context });
  }
  await app.register(ssoRoutes, { prefix, context, sso: createSsoDeps(config, db.kysely) });
  for (const routes of [mfaRoutes, apiKeyRoutes, clientRoutes, oauthTokenRoutes]) await app.register(routes, { prefix, context });
  // The token endpoint also sits at the root, where OAuth clients expect it; the gateway forwards only the prefixed one.
  await app.register(oauthTokenRoutes, { context });
  await app.register(wellKnownRoutes, { context });
  schedulePruning(app, context);
  return app;
}

const PRUNE_INTERVAL_MS = 3_600_000;
// Expired tokens stay a day longer, so a late reuse of a refresh token is still recognised and audited.
const PRUNE_GRACE_MS = 86_400_000;

/** Removes expired tokens and idle throttle counters every hour while the app runs. */
function schedulePruning(app: ServiceApp, context: RouteContext): void {
  const prune = () => {
    const now = new Date();
    pruneExpired(context.db, now, new Date(now.getTime() - PRUNE_GRACE_MS), Math.max(context.config.login.windowMs, PRUNE_INTERVAL_MS)).catch(
      (error: unknown) => app.log.warn({ err: error }, 'pruning expired tokens failed'),
    );
  };
  const timer = setInterval(prune, PRUNE_INTERVAL_MS);
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));
}
