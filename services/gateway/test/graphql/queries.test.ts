import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { sharedIssuer } from '../token-issuer.js';
import { fakeUser, graphql, graphqlGet, startGraphqlGateway, userId } from './fake-auth.js';

let system: Awaited<ReturnType<typeof startGraphqlGateway>>;
let url: string;

beforeAll(async () => {
  system = await startGraphqlGateway(inject('adminUrl'));
  url = system.gateway.url;
});
beforeEach(() => {
  system.auth.reset();
  system.auth.users.splice(0, system.auth.users.length, ...Array.from({ length: 250 }, (_, i) => fakeUser(i + 1)));
  system.auth.auditLog.length = 0;
});
afterAll(async () => {
  await system.close();
});

describe('POST /graphql queries', () => {
  it('should answer me from GET /api/v1/auth/me in GraphQL shape', async () => {
    const answer = await graphql(url, { query: '{ me { id tenantId email status roles permissions } }' });

    expect(answer.status).toBe(200);
    expect(answer.contentType).toMatch(/^application\/json/);
    expect(answer.body).toEqual({
      data: { me: { id: userId(1), tenantId: 'tenant-a', email: 'user001@example.com', status: 'ACTIVE', roles: ['clerk'], permissions: ['auth.users:read'] } },
    });
  });

  it('should page users with the limit and cursor the auth service offers', async () => {
    const query = 'query Users($cursor: String) { users(limit: 2, cursor: $cursor) { items { id email createdAt } nextCursor } }';

    const first = await graphql(url, { query });
    const second = await graphql(url, { query, variables: { cursor: first.body.data.users.nextCursor } });

    expect(first.body.data.users).toEqual({
      items: [
        { id: userId(1), email: 'user001@example.com', createdAt: '2026-01-02T03:04:05.000Z' },
        { id: userId(2), email: 'user002@example.com', createdAt: '2026-01-02T03:04:05.000Z' },
      ],
      nextCursor: '2',
    });
    expect(second.body.data.users.items.map((user: { id: string }) => user.id)).toEqual([userId(3), userId(4)]);
    expect(system.auth.seen.map((seen) => seen.url)).toEqual(['/api/v1/auth/users?limit=2', '/api/v1/auth/users?limit=2&cursor=2']);
  });

  it('should list roles and answer the GraphQL-over-HTTP media type when the client asks for it', async () => {
    const answer = await graphql(url, { query: '{ roles { name permissions builtIn } }' }, { headers: { accept: 'application/graphql-response+json' } });

    expect(answer.contentType).toMatch(/^application\/graphql-response\+json/);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.body.data.roles).toEqual([{ name: 'admin', permissions: ['auth.users:manage'], builtIn: true }]);
  });

  it('should run a query sent with GET and its variables in the query string', async () => {
    const params = { query: 'query One($id: ID!) { user(id: $id) { email } }', variables: JSON.stringify({ id: userId(7) }) };

    const answer = await graphqlGet(url, params);

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ data: { user: { email: 'user007@example.com' } } });
  });
});

describe('POST /graphql batching', () => {
  it('should load the actors of every audit entry with one call to the users endpoint', async () => {
    system.auth.auditLog.push(
      ...[3, 7, 3, 250, 7, 3].map((n, i) => ({
        id: String(100 - i),
        actor_id: userId(n),
        action: 'user.created',
        details: { n },
        ip: null,
        at: '2026-01-01T00:00:00.000Z',
      })),
      { id: '1', actor_id: null, action: 'login.failed', details: {}, ip: '10.0.0.1', at: '2026-01-01T00:00:00.000Z' },
    );

    const answer = await graphql(url, { query: '{ auditLog(limit: 10) { items { id action details actor { id email } } } }' });

    const actors = answer.body.data.auditLog.items.map((entry: { actor: { email: string } | null }) => entry.actor?.email ?? null);
    expect(actors).toEqual([
      'user003@example.com',
      'user007@example.com',
      'user003@example.com',
      'user250@example.com',
      'user007@example.com',
      'user003@example.com',
      null,
    ]);
    // 250 users: the batch reads two pages of 200, once for all seven entries.
    expect(system.auth.count('GET /api/v1/auth/users')).toBe(2);
    expect(system.auth.count('GET /api/v1/auth/audit-log')).toBe(1);
  });

  it('should fetch several users by id in one batch, each id once', async () => {
    const answer = await graphql(url, {
      query: `{ a: user(id: "${userId(5)}") { email } b: user(id: "${userId(9)}") { email } c: user(id: "${userId(5)}") { email }
               missing: user(id: "${userId(999)}") { email } garbage: user(id: "not-a-uuid") { email } }`,
    });

    expect(answer.body).toEqual({
      data: { a: { email: 'user005@example.com' }, b: { email: 'user009@example.com' }, c: { email: 'user005@example.com' }, missing: null, garbage: null },
    });
    // One batch; an unknown id makes it read both pages of the 250 users, the id that is no UUID none.
    expect(system.auth.seen.map((seen) => seen.url)).toEqual(['/api/v1/auth/users?limit=200', '/api/v1/auth/users?limit=200&cursor=200']);
  });
});

describe('POST /graphql mutations', () => {
  it('should create a user, assign roles and disable the user, each with the REST call auth offers', async () => {
    const created = await graphql(url, {
      query: 'mutation Create($input: CreateUserInput!) { createUser(input: $input) { id email roles status } }',
      variables: { input: { email: 'new@example.com', password: 'Correct-Horse-Battery-9', roles: ['clerk'] } },
    });
    const id = created.body.data.createUser.id;

    const changed = await graphql(url, {
      query: `mutation { assignRoles(userId: "${id}", roles: ["admin"]) { roles } disableUser(id: "${id}") { status } enableUser(id: "${id}") { status } }`,
    });

    expect(created.body.data.createUser).toMatchObject({ email: 'new@example.com', roles: ['clerk'], status: 'ACTIVE' });
    expect(changed.body).toEqual({ data: { assignRoles: { roles: ['admin'] }, disableUser: { status: 'DISABLED' }, enableUser: { status: 'ACTIVE' } } });
    expect(system.auth.seen.map((seen) => `${seen.method} ${seen.url}`)).toEqual([
      'POST /api/v1/auth/users',
      `PUT /api/v1/auth/users/${id}/roles`,
      `POST /api/v1/auth/users/${id}/disable`,
      `POST /api/v1/auth/users/${id}/enable`,
    ]);
    expect(system.auth.seen[0]?.body).toEqual({ email: 'new@example.com', password: 'Correct-Horse-Battery-9', roles: ['clerk'] });
  });

  it('should create a custom role', async () => {
    const answer = await graphql(url, {
      query: 'mutation { createRole(input: { name: "auditor", permissions: ["auth.audit:read"] }) { name permissions builtIn } }',
    });

    expect(answer.body).toEqual({ data: { createRole: { name: 'auditor', permissions: ['auth.audit:read'], builtIn: false } } });
  });

  it('should refuse a mutation sent with GET with 405 and run nothing', async () => {
    const answer = await graphqlGet(url, { query: `mutation { disableUser(id: "${userId(1)}") { status } }` });

    expect(answer.status).toBe(405);
    expect(answer.headers.get('allow')).toBe('POST');
    expect(answer.body.errors[0].extensions).toEqual({ code: 'GRAPHQL_METHOD_NOT_ALLOWED', status: 405 });
    expect(system.auth.seen).toEqual([]);
  });
});

describe('POST /graphql forwarding of the caller', () => {
  it("should send the caller's Authorization, request id, trace and address to the service", async () => {
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const token = await (await sharedIssuer()).token({ sub: 'user-forwarded' });

    const answer = await graphql(url, { query: '{ me { id } }' }, { token, headers: { 'x-request-id': 'graphql-req-1', traceparent } });

    expect(answer.status).toBe(200);
    const headers = system.auth.seen[0]?.headers ?? {};
    expect(headers.authorization).toBe(`Bearer ${token}`);
    expect(headers['x-request-id']).toBe('graphql-req-1');
    expect(String(headers.traceparent)).toMatch(/^00-0af7651916cd43dd8448eb211c80319c-[0-9a-f]{16}-01$/);
    expect(headers.traceparent).not.toBe(traceparent);
    expect(headers['x-forwarded-for']).toBe('127.0.0.1');
  });
});
