import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Account, auditEntries, bearer, buildTestApp, createUserAs, loginAs, PASSWORD, registerTenant, type TestAuth } from '../helpers.js';

let auth: TestAuth;
let adminA: Account;
let tokenA: string;
let tokenB: string;
let userOfB: { id: string; email: string };
beforeAll(async () => {
  auth = await buildTestApp(inject('adminUrl'));
  adminA = await registerTenant(auth.app);
  tokenA = (await loginAs(auth.app, adminA)).access_token;
  const adminB = await registerTenant(auth.app);
  tokenB = (await loginAs(auth.app, adminB)).access_token;
  userOfB = await createUserAs(auth.app, tokenB, ['sales']);
});
afterAll(() => auth.close());

const call = (method: 'GET' | 'POST' | 'PUT', url: string, token: string, payload?: object) =>
  auth.app.inject({ method, url: `/api/v1/auth${url}`, headers: bearer(token), ...(payload ? { payload } : {}) });

describe('POST /api/v1/auth/users', () => {
  it('should create a user with the given roles who can then log in', async () => {
    const email = `new-${Date.now()}@example.com`;

    const response = await call('POST', '/users', tokenA, { email, password: PASSWORD, roles: ['accountant', 'sales'] });

    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ email, status: 'active', roles: ['accountant', 'sales'] });
    expect((await loginAs(auth.app, { email, password: PASSWORD })).token_type).toBe('Bearer');
  });

  it('should answer 409 for an address already in the tenant, ignoring case', async () => {
    const response = await call('POST', '/users', tokenA, { email: adminA.email.toUpperCase(), password: PASSWORD, roles: [] });

    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('AUTH_EMAIL_TAKEN');
  });

  it('should answer 422 for an unknown role and for a weak password', async () => {
    const unknownRole = await call('POST', '/users', tokenA, { email: `r-${Date.now()}@example.com`, password: PASSWORD, roles: ['overlord'] });
    const weak = await call('POST', '/users', tokenA, { email: `w-${Date.now()}@example.com`, password: 'short', roles: [] });

    expect(unknownRole.json()).toMatchObject({ status: 422, code: 'AUTH_UNKNOWN_ROLE' });
    expect(weak.json()).toMatchObject({ status: 422, code: 'AUTH_WEAK_PASSWORD' });
  });

  it('should answer 400 for hostile input', async () => {
    const badRole = await call('POST', '/users', tokenA, { email: `h-${Date.now()}@example.com`, password: PASSWORD, roles: ["admin'; drop table role;--"] });
    const tooMany = await call('POST', '/users', tokenA, {
      email: `h-${Date.now()}@example.com`,
      password: PASSWORD,
      roles: Array.from({ length: 51 }, (_, i) => `r${i}`),
    });

    expect([badRole.statusCode, tooMany.statusCode]).toEqual([400, 400]);
  });
});

describe('GET /api/v1/auth/users', () => {
  it('should page through every user exactly once with limit and the opaque cursor', async () => {
    const all = (await call('GET', '/users?limit=200', tokenA)).json();
    const seen: string[] = [];
    let cursor: string | null = null;

    do {
      const page: { items: Array<{ id: string }>; next_cursor: string | null } = (
        await call('GET', `/users?limit=1${cursor ? `&cursor=${cursor}` : ''}`, tokenA)
      ).json();
      seen.push(...page.items.map((user) => user.id));
      cursor = page.next_cursor;
    } while (cursor);

    expect(all.items.length).toBeGreaterThan(1);
    expect(seen).toEqual(all.items.map((user: { id: string }) => user.id));
  });

  it.each(['limit=0', 'limit=201', 'cursor=not*base64', `cursor=${Buffer.from('["a","b"]').toString('base64url')}`, 'extra=1&limit=abc'])(
    'should answer 400 with a problem document for ?%s',
    async (query) => {
      const response = await call('GET', `/users?${query}`, tokenA);

      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
    },
  );
});

describe('permissions on user management', () => {
  it('should let a viewer list users but answer 403 naming auth.users:manage when it creates one', async () => {
    const viewer = await createUserAs(auth.app, tokenA, ['viewer']);
    const viewerToken = (await loginAs(auth.app, viewer)).access_token;

    const list = await call('GET', '/users', viewerToken);
    const create = await call('POST', '/users', viewerToken, { email: `v-${Date.now()}@example.com`, password: PASSWORD, roles: ['admin'] });

    expect(list.statusCode).toBe(200);
    expect(create.statusCode).toBe(403);
    expect(create.json()).toMatchObject({ code: 'AUTH_PERMISSION_DENIED' });
    expect(create.json().detail).toContain('auth.users:manage');
  });

  it('should answer 403 naming auth.users:read when a sales user lists users', async () => {
    const sales = await createUserAs(auth.app, tokenA, ['sales']);

    const response = await call('GET', '/users', (await loginAs(auth.app, sales)).access_token);

    expect(response.statusCode).toBe(403);
    expect(response.json().detail).toContain('auth.users:read');
  });
});

describe('PUT /api/v1/auth/users/:id/roles', () => {
  it('should replace the roles, audit before and after, and grant them in the next token', async () => {
    const user = await createUserAs(auth.app, tokenA, ['viewer']);

    const response = await call('PUT', `/users/${user.id}/roles`, tokenA, { roles: ['warehouse'] });

    expect(response.json().roles).toEqual(['warehouse']);
    const me = await call('GET', '/me', (await loginAs(auth.app, user)).access_token);
    expect(me.json().permissions).toContain('core.inventory:write');
    const entries = await auditEntries(auth, adminA.tenantId, 'user.roles_changed');
    expect(entries.at(-1)?.details).toEqual({ user_id: user.id, before: ['viewer'], after: ['warehouse'] });
  });

  it('should answer 400 for a malformed id and 404 for an unknown one', async () => {
    const malformed = await call('PUT', '/users/not-a-uuid/roles', tokenA, { roles: [] });
    const unknown = await call('PUT', '/users/00000000-0000-4000-8000-000000000000/roles', tokenA, { roles: [] });

    expect(malformed.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ status: 404, code: 'AUTH_USER_NOT_FOUND' });
  });
});

describe('POST /api/v1/auth/users/:id/disable and /enable', () => {
  it('should stop a disabled user from logging in and let them in again once enabled', async () => {
    const user = await createUserAs(auth.app, tokenA, ['viewer']);

    const disabled = await call('POST', `/users/${user.id}/disable`, tokenA);
    const refused = await auth.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: user.email, password: PASSWORD } });
    const enabled = await call('POST', `/users/${user.id}/enable`, tokenA);

    expect(disabled.json().status).toBe('disabled');
    expect(refused.statusCode).toBe(401);
    expect(enabled.json().status).toBe('active');
    expect((await loginAs(auth.app, user)).token_type).toBe('Bearer');
  });

  it('should answer 409 when an administrator disables their own account or changes their own roles', async () => {
    const disable = await call('POST', `/users/${adminA.userId}/disable`, tokenA);
    const demote = await call('PUT', `/users/${adminA.userId}/roles`, tokenA, { roles: ['viewer'] });

    expect(disable.json()).toMatchObject({ status: 409, code: 'AUTH_SELF_LOCKOUT' });
    expect(demote.json()).toMatchObject({ status: 409, code: 'AUTH_SELF_LOCKOUT' });
  });
});

describe('tenant isolation of user management', () => {
  it('should never list another tenant’s users', async () => {
    const response = await call('GET', '/users', tokenA);

    expect(response.json().items.map((user: { email: string }) => user.email)).not.toContain(userOfB.email);
    expect(response.json().items.map((user: { email: string }) => user.email)).toContain(adminA.email);
  });

  it.each([
    ['PUT', 'roles', { roles: ['admin'] }],
    ['POST', 'disable', undefined],
    ['POST', 'enable', undefined],
  ] as const)('should answer 404 and change nothing when tenant A calls %s %s on a user of tenant B', async (method, action, payload) => {
    const response = await call(method, `/users/${userOfB.id}/${action}`, tokenA, payload);

    expect(response.statusCode).toBe(404);
    const seenByB = (await call('GET', '/users', tokenB)).json().items.find((user: { id: string }) => user.id === userOfB.id);
    expect(seenByB).toMatchObject({ status: 'active', roles: ['sales'] });
  });

  it('should show each caller only their own account on /me', async () => {
    const [a, b] = await Promise.all([call('GET', '/me', tokenA), call('GET', '/me', tokenB)]);

    expect(a.json().tenant_id).toBe(adminA.tenantId);
    expect(b.json().tenant_id).not.toBe(adminA.tenantId);
  });
});
