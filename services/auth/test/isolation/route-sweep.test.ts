import { BUILT_IN_ROLES, type Permission } from '@erp/contracts';
import type { ServiceApp } from '@erp/kit';
import { servedRoutes } from '@erp/kit/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Account, buildTestApp, loginAs, PASSWORD, registerTenant, type TestAuth } from '../helpers.js';
import { type Access, ROUTES, type RouteCase, type Targets } from './route-table.js';

type RoleName = keyof typeof BUILT_IN_ROLES;
interface Sent {
  /** What the request itself carried (URL and body), so that an echoed id is not taken for a leak. */
  sent: string;
  status: number;
  body: string;
  code: unknown;
}

let auth: TestAuth;
let tenantA: Account;
let targets: Targets;
let adminB: string;

function routeCase(route: string): RouteCase {
  const found = ROUTES[route];
  if (!found) throw new Error(`${route} is not in the route table`);
  return found;
}

async function send(app: ServiceApp, route: string, token: string | undefined): Promise<Sent> {
  const [method = 'GET'] = route.split(' ');
  const { url, payload } = routeCase(route).request(targets);
  const headers = token ? { authorization: `Bearer ${token}` } : {};
  const response = await app.inject({ method: method as 'GET', url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
  const code = response.headers['content-type']?.startsWith('application/problem+json') ? (response.json() as { code?: unknown }).code : undefined;
  return { sent: `${url} ${JSON.stringify(payload ?? null)}`, status: response.statusCode, body: response.body, code };
}

async function createUser(token: string, email: string, roles: string[]): Promise<string> {
  const response = await auth.app.inject({
    method: 'POST',
    url: '/api/v1/auth/users',
    headers: { authorization: `Bearer ${token}` },
    payload: { email, password: PASSWORD, roles },
  });
  if (response.statusCode !== 201) throw new Error(`user creation failed: ${response.body}`);
  return (response.json() as { id: string }).id;
}

async function createCredential(token: string, kind: 'api-keys' | 'clients'): Promise<string> {
  const payload = { name: `A's ${kind}`, permissions: ['core.products:read'] };
  const response = await auth.app.inject({ method: 'POST', url: `/api/v1/auth/${kind}`, headers: { authorization: `Bearer ${token}` }, payload });
  if (response.statusCode !== 201) throw new Error(`credential creation failed: ${response.body}`);
  return (response.json() as { id: string }).id;
}

/** Every row of `tenantId` in every table of the auth schema that has a tenant column, read past row-level security. */
async function snapshotTenant(tenantId: string): Promise<Record<string, unknown[]>> {
  const client = new pg.Client({ connectionString: auth.database.adminUrl });
  await client.connect();
  try {
    const tables = await client.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.columns WHERE table_schema = 'auth' AND column_name = 'tenant_id' ORDER BY table_name",
    );
    const snapshot: Record<string, unknown[]> = {};
    for (const { table_name: table } of tables.rows) {
      snapshot[table] = (await client.query(`SELECT * FROM auth.${client.escapeIdentifier(table)} WHERE tenant_id = $1 ORDER BY 1, 2`, [tenantId])).rows;
    }
    return snapshot;
  } finally {
    await client.end();
  }
}

function allows(role: RoleName, access: Access): boolean {
  if (access === 'public' || access === 'user') return true;
  // No role user is an operator: the sweep's app lists no AUTH_OPERATORS.
  if (access === 'operator') return false;
  return (BUILT_IN_ROLES[role] as readonly Permission[]).includes(access);
}

const protectedRoutes = Object.keys(ROUTES).filter((route) => routeCase(route).access !== 'public');
const REFUSALS = ['AUTH_PERMISSION_DENIED', 'AUTH_OPERATOR_REQUIRED'];
const TOKEN_FAULTS = ['AUTH_TOKEN_MISSING', 'AUTH_TOKEN_INVALID'];

beforeAll(async () => {
  auth = await buildTestApp(inject('adminUrl'));
  tenantA = await registerTenant(auth.app, { company_name: 'Tenant A Sweep GmbH' });
  const adminA = (await loginAs(auth.app, tenantA)).access_token;
  targets = {
    tenantId: tenantA.tenantId,
    userId: await createUser(adminA, `victim-${Date.now()}@example.com`, ['viewer']),
    apiKeyId: await createCredential(adminA, 'api-keys'),
    clientId: await createCredential(adminA, 'clients'),
  };
  adminB = (await loginAs(auth.app, await registerTenant(auth.app, { company_name: 'Tenant B Sweep GmbH' }))).access_token;
});

afterAll(async () => {
  await auth?.close();
});

describe('auth route sweep', () => {
  it('should list every route the service serves, and no route it does not serve', async () => {
    const served = servedRoutes(auth.app);

    expect(served.sort()).toEqual(Object.keys(ROUTES).sort());
  });

  it('should answer 401 with a problem document on every protected route without a token, before looking at the body', async () => {
    const answers = await Promise.all(protectedRoutes.map(async (route) => [route, await send(auth.app, route, undefined)] as const));

    const wrong = answers.filter(([, sent]) => sent.status !== 401 || sent.code !== 'AUTH_TOKEN_MISSING').map(([route, sent]) => `${route}: ${sent.status}`);
    expect(wrong).toEqual([]);
  });

  it("should neither change nor reveal anything of tenant A when tenant B's admin calls every protected route with A's ids", async () => {
    const before = await snapshotTenant(tenantA.tenantId);
    const markers = [tenantA.tenantId, tenantA.email, targets.userId, targets.apiKeyId, targets.clientId, 'Tenant A Sweep GmbH'];

    const answers = [];
    for (const route of protectedRoutes) answers.push([route, await send(auth.app, route, adminB)] as const);

    const leaks = answers.filter(([, sent]) => markers.some((marker) => sent.body.includes(marker) && !sent.sent.includes(marker))).map(([route]) => route);
    const reachedById = answers.filter(([route, sent]) => route.includes('{id}') && sent.status !== 404).map(([route, sent]) => `${route}: ${sent.status}`);
    expect(leaks).toEqual([]);
    expect(reachedById).toEqual([]);
    expect(await snapshotTenant(tenantA.tenantId)).toEqual(before);
  });

  it.each(Object.keys(BUILT_IN_ROLES) as RoleName[])('should let the %s role through exactly the routes its permissions allow', async (role) => {
    const adminA = (await loginAs(auth.app, tenantA)).access_token;
    const email = `${role}-${Date.now()}@example.com`;
    await createUser(adminA, email, [role]);
    const token = (await loginAs(auth.app, { email, password: PASSWORD, tenantId: tenantA.tenantId })).access_token;

    const mismatches = [];
    for (const route of protectedRoutes) {
      const sent = await send(auth.app, route, token);
      const refused = sent.status === 403 && REFUSALS.includes(String(sent.code));
      const tokenRefused = TOKEN_FAULTS.includes(String(sent.code));
      if (tokenRefused || refused === allows(role, routeCase(route).access)) mismatches.push(`${route}: ${sent.status} ${String(sent.code)}`);
    }

    expect(mismatches).toEqual([]);
  });
});
