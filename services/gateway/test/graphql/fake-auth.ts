import { createService, type ServiceApp } from '@erp/kit';
import { createTestDatabase, freePort, type TestDatabase } from '@erp/kit/testing';
import { startGateway, type TestGateway } from '../helpers.js';
import { sharedIssuer } from '../token-issuer.js';

export interface FakeUser {
  id: string;
  email: string;
  status: string;
  roles: string[];
  created_at: string;
}

/** A request as the fake auth service saw it. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

/** An answer the test forces for `METHOD path` (path without query), instead of the fake's own. */
export interface ForcedAnswer {
  status: number;
  contentType?: string;
  body: unknown;
  delayMs?: number;
}

/**
 * Stands in for the auth service's REST endpoints with the same shapes: me, users (paged, `cursor` is the
 * index of the next user), roles, audit log, and the user and role mutations. It checks no tokens; the
 * test reads what reached it in `seen`, and makes any route fail with `force`.
 */
export interface FakeAuth {
  app: ServiceApp;
  url: string;
  users: FakeUser[];
  auditLog: Array<{ id: string; actor_id: string | null; action: string; details: Record<string, unknown>; ip: string | null; at: string }>;
  seen: SeenRequest[];
  force(route: string, answer: ForcedAnswer): void;
  reset(): void;
  /** How many requests reached `METHOD path` (query string ignored). */
  count(route: string): number;
}

export const userId = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

export function fakeUser(n: number, overrides: Partial<FakeUser> = {}): FakeUser {
  return {
    id: userId(n),
    email: `user${String(n).padStart(3, '0')}@example.com`,
    status: 'active',
    roles: ['clerk'],
    created_at: '2026-01-02T03:04:05.000Z',
    ...overrides,
  };
}

export function problem(status: number, code: string, detail: string, errors?: Array<{ pointer: string; detail: string }>) {
  return { type: `urn:erp:problem:${code.toLowerCase()}`, title: 'Problem', status, detail, code, request_id: 'upstream', ...(errors ? { errors } : {}) };
}

const routeOf = (method: string, url: string) => `${method} ${url.split('?')[0]}`;

export async function startFakeAuth(): Promise<FakeAuth> {
  const app = await createService({ name: 'auth', version: '0.0.1', config: { port: 0, logLevel: 'silent', bodyLimitBytes: 65_536 } });
  const state = { users: [] as FakeUser[], auditLog: [] as FakeAuth['auditLog'], seen: [] as SeenRequest[], forced: new Map<string, ForcedAnswer>() };
  app.addHook('preHandler', async (request, reply) => {
    if (request.url === '/health') return;
    state.seen.push({ method: request.method, url: request.url, headers: { ...request.headers }, body: request.body });
    const forced = state.forced.get(routeOf(request.method, request.url));
    if (!forced) return;
    if (forced.delayMs) await new Promise((resolve) => setTimeout(resolve, forced.delayMs));
    const payload = typeof forced.body === 'string' ? forced.body : JSON.stringify(forced.body);
    return reply
      .code(forced.status)
      .type(forced.contentType ?? 'application/problem+json')
      .send(payload);
  });
  const page = <Item>(items: Item[], query: { limit?: string; cursor?: string }) => {
    const start = Number(query.cursor ?? 0);
    const limit = Number(query.limit ?? 50);
    const end = start + limit;
    return { items: items.slice(start, end), next_cursor: end < items.length ? String(end) : null };
  };
  const findUser = (id: string) => state.users.find((user) => user.id === id);
  app.get('/api/v1/auth/me', async () => ({ ...fakeUser(1), tenant_id: 'tenant-a', permissions: ['auth.users:read'] }));
  app.get<{ Querystring: { limit?: string; cursor?: string } }>('/api/v1/auth/users', async (request) => page(state.users, request.query));
  app.get('/api/v1/auth/roles', async () => ({ items: [{ name: 'admin', permissions: ['auth.users:manage'], built_in: true }] }));
  app.get<{ Querystring: { limit?: string; cursor?: string } }>('/api/v1/auth/audit-log', async (request) => page(state.auditLog, request.query));
  app.post<{ Body: { email: string; roles: string[] } }>('/api/v1/auth/users', async (request, reply) => {
    const user = fakeUser(state.users.length + 100, { email: request.body.email, roles: request.body.roles });
    state.users.push(user);
    return reply.code(201).send(user);
  });
  app.put<{ Params: { id: string }; Body: { roles: string[] } }>('/api/v1/auth/users/:id/roles', async (request) => {
    return { ...findUser(request.params.id), roles: request.body.roles };
  });
  app.post<{ Params: { id: string; action: string } }>('/api/v1/auth/users/:id/:action', async (request) => {
    return { ...findUser(request.params.id), status: request.params.action === 'disable' ? 'disabled' : 'active' };
  });
  app.post<{ Body: { name: string; permissions: string[] } }>('/api/v1/auth/roles', async (request, reply) =>
    reply.code(201).send({ ...request.body, built_in: false }),
  );
  const url = await app.listen({ port: await freePort(), host: '127.0.0.1' });
  return {
    app,
    url,
    get users() {
      return state.users;
    },
    get auditLog() {
      return state.auditLog;
    },
    get seen() {
      return state.seen;
    },
    force: (route, answer) => state.forced.set(route, answer),
    reset: () => {
      state.seen.length = 0;
      state.forced.clear();
    },
    count: (route) => state.seen.filter((seen) => routeOf(seen.method, seen.url) === route).length,
  };
}

/**
 * A fresh database, the fake auth service and a gateway in front of it with `env` over the test defaults; the
 * upstream timeout is generous, so that a slow first request on a busy machine does not fail a test.
 */
export async function startGraphqlGateway(adminUrl: string, env: Record<string, string> = {}) {
  const database: TestDatabase = await createTestDatabase(adminUrl);
  const auth = await startFakeAuth();
  await sharedIssuer();
  const gateway: TestGateway = await startGateway(database.adminUrl, { auth: auth.url }, { UPSTREAM_TIMEOUT_MS: '5000', ...env });
  return {
    database,
    auth,
    gateway,
    close: async () => {
      await gateway.close();
      await auth.app.close();
      await database.drop();
    },
  };
}

export interface GraphqlAnswer {
  status: number;
  contentType: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever the answer holds.
  body: any;
  headers: Headers;
}

/** Sends a GraphQL request (POST JSON unless `init` says otherwise) to the gateway. */
export async function graphql(gatewayUrl: string, body: unknown, init: RequestInit & { token?: string | null } = {}): Promise<GraphqlAnswer> {
  const { token, headers, ...rest } = init;
  const bearer = token === undefined ? await (await sharedIssuer()).token() : token;
  const response = await fetch(gatewayUrl.includes('/graphql') ? gatewayUrl : `${gatewayUrl}/graphql`, {
    method: 'POST',
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    ...rest,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
      ...(headers as Record<string, string>),
    },
  });
  const text = await response.text();
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    body: text ? JSON.parse(text) : undefined,
    headers: response.headers,
  };
}

/** Sends a GraphQL request with GET, `params` in the query string. */
export async function graphqlGet(gatewayUrl: string, params: Record<string, string>): Promise<GraphqlAnswer> {
  return graphql(`${gatewayUrl}/graphql?${new URLSearchParams(params)}`, undefined, { method: 'GET', body: null });
}
