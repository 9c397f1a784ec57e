import { createTestDatabase, freePort, type TestDatabase } from '@erp/kit/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startSystem } from '../../../../packages/cli/dist/index.js';
import { graphql } from './fake-auth.js';

// The real gateway and auth processes, started the way `erp up` starts them: a client registers, logs in and
// uses /graphql, whose resolvers call the real auth service with the client's token.
type RunningSystem = Awaited<ReturnType<typeof startSystem>>;

let database: TestDatabase;
let system: RunningSystem;
let gateway: string;

beforeAll(async () => {
  database = await createTestDatabase(inject('adminUrl'));
  const ports = { gateway: await freePort(), auth: await freePort() };
  // No REDIS_URL or AMQP_URL: a shared Redis would mix this system's registry with other runs'.
  const { REDIS_URL, AMQP_URL, ...env } = process.env;
  system = await startSystem({ env: { ...env, LOG_LEVEL: 'warn' }, databaseUrl: database.adminUrl, services: ['gateway', 'auth'], ports });
  gateway = `http://127.0.0.1:${ports.gateway}`;
}, 120_000);

afterAll(async () => {
  await system?.stop();
  await database?.drop();
});

async function rest(path: string, body: unknown, token?: string): Promise<Record<string, string>> {
  const headers = { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) };
  const response = await fetch(`${gateway}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as Record<string, string>;
}

const PASSWORD = 'Sichere-Passphrase-2026';

describe('/graphql against the real auth service', () => {
  it('should answer me and users, create a user and show who did it in the audit log', async () => {
    // 1. A company with its admin, who logs in through the gateway.
    const registered = await rest('/api/v1/auth/register', { company_name: 'Graph GmbH', email: 'chefin@graph.example', password: PASSWORD });
    const { access_token: token } = await rest('/api/v1/auth/login', { email: 'chefin@graph.example', password: PASSWORD });

    // 2. me and users through GraphQL.
    const me = await graphql(gateway, { query: '{ me { id tenantId email status roles } users { items { email roles status } nextCursor } }' }, { token });

    // 3. A user created by mutation, then the audit log with its actors, loaded by id.
    const created = await graphql(
      gateway,
      {
        query: 'mutation ($input: CreateUserInput!) { createUser(input: $input) { id email roles } }',
        variables: { input: { email: 'lager@graph.example', password: PASSWORD, roles: ['warehouse'] } },
      },
      { token },
    );
    const audit = await graphql(gateway, { query: '{ auditLog(limit: 5) { items { action actor { email } } } }' }, { token });

    expect(me.status).toBe(200);
    expect(me.body).toEqual({
      data: {
        me: { id: registered.user_id, tenantId: registered.tenant_id, email: 'chefin@graph.example', status: 'ACTIVE', roles: ['admin'] },
        users: { items: [{ email: 'chefin@graph.example', roles: ['admin'], status: 'ACTIVE' }], nextCursor: null },
      },
    });
    expect(created.body.data.createUser).toMatchObject({ email: 'lager@graph.example', roles: ['warehouse'] });
    expect(audit.body.errors).toBeUndefined();
    expect(audit.body.data.auditLog.items).toEqual(
      expect.arrayContaining([
        { action: 'user.created', actor: { email: 'chefin@graph.example' } },
        { action: 'tenant.registered', actor: { email: 'chefin@graph.example' } },
      ]),
    );
  });

  it("should answer the auth service's 403 for a field the caller may not read, with the other fields' data", async () => {
    await rest('/api/v1/auth/register', { company_name: 'Zweite AG', email: 'chef@zweite.example', password: PASSWORD });
    const { access_token: adminToken } = await rest('/api/v1/auth/login', { email: 'chef@zweite.example', password: PASSWORD });
    await rest('/api/v1/auth/users', { email: 'lager@zweite.example', password: PASSWORD, roles: ['warehouse'] }, adminToken);
    const { access_token: token } = await rest('/api/v1/auth/login', { email: 'lager@zweite.example', password: PASSWORD });

    const answer = await graphql(gateway, { query: '{ me { email roles } users { items { id } } }' }, { token });

    expect(answer.status).toBe(200);
    expect(answer.body.data).toEqual({ me: { email: 'lager@zweite.example', roles: ['warehouse'] }, users: null });
    expect(answer.body.errors).toEqual([
      expect.objectContaining({
        path: ['users'],
        message: expect.stringContaining('auth.users:read'),
        extensions: expect.objectContaining({ code: 'AUTH_PERMISSION_DENIED', status: 403 }),
      }),
    ]);
  });

  it('should refuse /graphql without a token before any service is called', async () => {
    const answer = await graphql(gateway, { query: '{ me { id } }' }, { token: null });

    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({ code: 'KIT_UNAUTHENTICATED' });
  });
});
