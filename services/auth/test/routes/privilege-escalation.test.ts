import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { bearer, buildTestApp, createUserAs, loginAs, PASSWORD, registerTenant, type TestAuth } from '../helpers.js';

let auth: TestAuth;
let managerId: string;
let managerToken: string;
beforeAll(async () => {
  auth = await buildTestApp(inject('adminUrl'));
  const adminToken = (await loginAs(auth.app, await registerTenant(auth.app))).access_token;
  const role = { name: 'user-manager', permissions: ['auth.users:read', 'auth.users:manage', 'auth.roles:manage'] };
  await auth.app.inject({ method: 'POST', url: '/api/v1/auth/roles', headers: bearer(adminToken), payload: role });
  const manager = await createUserAs(auth.app, adminToken, ['user-manager']);
  managerId = manager.id;
  managerToken = (await loginAs(auth.app, manager)).access_token;
});
afterAll(() => auth.close());

const call = (method: 'POST' | 'PUT', url: string, payload: object) =>
  auth.app.inject({ method, url: `/api/v1/auth${url}`, headers: bearer(managerToken), payload });

describe('granting more than the caller holds', () => {
  it('should answer 403 when a user manager creates a user with the admin role', async () => {
    const response = await call('POST', '/users', { email: `esc-${Date.now()}@example.com`, password: PASSWORD, roles: ['admin'] });

    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe('AUTH_PERMISSION_DENIED');
  });

  it('should answer 403 when a user manager gives a colleague the admin role, and leave the roles unchanged', async () => {
    const colleague = await createUserAs(auth.app, managerToken, ['user-manager']);

    const response = await call('PUT', `/users/${colleague.id}/roles`, { roles: ['user-manager', 'admin'] });

    expect(response.statusCode).toBe(403);
    const listed = await auth.app.inject({ method: 'GET', url: '/api/v1/auth/users?limit=200', headers: bearer(managerToken) });
    expect(listed.json().items.find((user: { id: string }) => user.id === colleague.id).roles).toEqual(['user-manager']);
  });

  it('should answer 409 when a user manager changes its own roles', async () => {
    const response = await call('PUT', `/users/${managerId}/roles`, { roles: ['user-manager', 'admin'] });

    expect(response.json().code).toBe('AUTH_SELF_LOCKOUT');
  });

  it('should answer 403 naming the permission when a role manager creates a role with permissions it lacks', async () => {
    const response = await call('POST', '/roles', { name: 'treasurer', permissions: ['finance.payments:write'] });

    expect(response.statusCode).toBe(403);
    expect(response.json().detail).toContain('finance.payments:write');
  });

  it('should let a user manager hand out roles within its own permissions', async () => {
    const response = await call('POST', '/users', { email: `peer-${Date.now()}@example.com`, password: PASSWORD, roles: ['user-manager'] });

    expect(response.statusCode).toBe(201);
  });
});
