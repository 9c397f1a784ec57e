import { fileURLToPath } from 'node:url';
import { connectServiceDb, type ServiceApp, type ServiceDb, withTenant } from '@erp/kit';
import { createTestDatabase, type TestDatabase } from '@erp/kit/testing';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import type { AuthDb } from '../src/db/schema.js';

export const migrationsFolder = fileURLToPath(new URL('../dist/db/migrations', import.meta.url));

export interface TestAuth {
  app: ServiceApp;
  db: ServiceDb<AuthDb>;
  database: TestDatabase;
  close(): Promise<void>;
}

/** The auth service on a fresh database of `serverAdminUrl`, with `env` over the defaults. */
export async function buildTestApp(serverAdminUrl: string, env: Record<string, string> = {}): Promise<TestAuth> {
  const database = await createTestDatabase(serverAdminUrl);
  const config = loadConfig({
    DATABASE_URL: database.adminUrl,
    LOG_LEVEL: 'silent',
    AUTH_KEY_SECRET: 'test-secret-of-sufficient-length',
    REGISTRATIONS_PER_IP_HOUR: '1000',
    ...env,
  });
  const db = await connectServiceDb<AuthDb>({ adminUrl: database.adminUrl, service: 'auth', migrationsFolder });
  const app = await buildApp({ config, db });
  return {
    app,
    db,
    database,
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}

let sequence = 0;

export const PASSWORD = 'Correct-Horse-Battery-9';

/** A unique, valid registration body; pass fields to override. */
export function registration(overrides: Partial<{ company_name: string; email: string; password: string }> = {}) {
  sequence += 1;
  return { company_name: `Company ${sequence}`, email: `admin${sequence}-${Date.now()}@example.com`, password: PASSWORD, ...overrides };
}

export interface Account {
  tenantId: string;
  userId: string;
  email: string;
  password: string;
}

/** Registers a company and returns its first (admin) account. */
export async function registerTenant(app: ServiceApp, overrides: Parameters<typeof registration>[0] = {}): Promise<Account> {
  const body = registration(overrides);
  const response = await app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: body });
  if (response.statusCode !== 201) throw new Error(`registration failed: ${response.body}`);
  const { tenant_id: tenantId, user_id: userId } = response.json() as { tenant_id: string; user_id: string };
  return { tenantId, userId, email: body.email, password: body.password };
}

export interface Tokens {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  token_type: string;
}

/** Logs in and returns the tokens; throws on anything but 200. */
export async function loginAs(app: ServiceApp, account: Pick<Account, 'email' | 'password'> & { tenantId?: string }): Promise<Tokens> {
  const payload = { email: account.email, password: account.password, ...(account.tenantId ? { tenant: account.tenantId } : {}) };
  const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload });
  if (response.statusCode !== 200) throw new Error(`login failed: ${response.body}`);
  return response.json() as Tokens;
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

/** Creates a user with `roles` in the admin's tenant and returns the new account. */
export async function createUserAs(
  app: ServiceApp,
  adminToken: string,
  roles: string[],
  email = `user${++sequence}-${Date.now()}@example.com`,
): Promise<Account & { id: string }> {
  const response = await app.inject({ method: 'POST', url: '/api/v1/auth/users', headers: bearer(adminToken), payload: { email, password: PASSWORD, roles } });
  if (response.statusCode !== 201) throw new Error(`user creation failed: ${response.body}`);
  const user = response.json() as { id: string };
  return { id: user.id, userId: user.id, tenantId: '', email, password: PASSWORD };
}

/** The audit entries of `action` in the tenant, oldest first. */
export async function auditEntries(
  auth: TestAuth,
  tenantId: string,
  action: string,
): Promise<Array<{ actor_id: string | null; details: Record<string, unknown> }>> {
  return withTenant(auth.db.kysely, tenantId, (trx) =>
    trx.selectFrom('audit_log').select(['actor_id', 'details']).where('action', '=', action).orderBy('id').execute(),
  );
}
