import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { bearer, buildTestApp, createUserAs, loginAs, registerTenant, type TestAuth } from '../helpers.js';

let auth: TestAuth;
let tokenA: string;
let tokenB: string;
beforeAll(async () => {
  auth = await buildTestApp(inject('adminUrl'));
  tokenA = (await loginAs(auth.app, await registerTenant(auth.app))).access_token;
  tokenB = (await loginAs(auth.app, await registerTenant(auth.app))).access_token;
});
afterAll(() => auth.close());

const createRole = (token: string, payload: object) => auth.app.inject({ method: 'POST', url: '/api/v1/auth/roles', headers: bearer(token), payload });
const listRoles = async (token: string) =>
  ((await auth.app.inject({ method: 'GET', url: '/api/v1/auth/roles', headers: bearer(token) })).json() as { items: Array<{ name: string }> }).items.map(
    (role) => role.name,
  );

describe('POST /api/v1/auth/roles', () => {
  it('should create a custom role that can be assigned and whose permissions reach the token', async () => {
    const created = await createRole(tokenA, { name: 'bookkeeper', permissions: ['finance.entries:read', 'finance.entries:post'] });
    const user = await createUserAs(auth.app, tokenA, ['bookkeeper']);

    const me = await auth.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer((await loginAs(auth.app, user)).access_token) });

    expect(created.statusCode).toBe(201);
    expect(me.json().permissions).toEqual(['finance.entries:post', 'finance.entries:read']);
  });

  it('should answer 422 naming a permission that is not in the catalogue', async () => {
    const response = await createRole(tokenA, { name: 'godmode', permissions: ['finance.entries:read', 'finance.everything:do'] });

    expect(response.json()).toMatchObject({ status: 422, code: 'AUTH_UNKNOWN_PERMISSION' });
    expect(response.json().detail).toContain('finance.everything:do');
  });

  it('should answer 409 for a name that exists, such as a built-in role', async () => {
    const response = await createRole(tokenA, { name: 'admin', permissions: ['core.orders:read'] });

    expect(response.json()).toMatchObject({ status: 409, code: 'AUTH_ROLE_EXISTS' });
  });

  it('should answer 400 for a malformed name and 403 for a caller without auth.roles:manage', async () => {
    const malformed = await createRole(tokenA, { name: 'Bad Name!', permissions: ['core.orders:read'] });
    const viewer = await createUserAs(auth.app, tokenA, ['viewer']);

    const forbidden = await createRole((await loginAs(auth.app, viewer)).access_token, { name: 'mine', permissions: ['core.orders:read'] });

    expect(malformed.statusCode).toBe(400);
    expect(forbidden.json()).toMatchObject({ status: 403, code: 'AUTH_PERMISSION_DENIED' });
  });

  it('should keep custom roles inside their tenant', async () => {
    await createRole(tokenB, { name: 'b-only', permissions: ['core.orders:read'] });

    const assign = await auth.app.inject({
      method: 'POST',
      url: '/api/v1/auth/users',
      headers: bearer(tokenA),
      payload: { email: `x-${Date.now()}@example.com`, password: 'Correct-Horse-Battery-9', roles: ['b-only'] },
    });

    expect(await listRoles(tokenA)).not.toContain('b-only');
    expect(await listRoles(tokenB)).toContain('b-only');
    expect(assign.json().code).toBe('AUTH_UNKNOWN_ROLE');
  });
});
