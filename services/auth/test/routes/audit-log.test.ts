import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Account, bearer, buildTestApp, createUserAs, loginAs, registerTenant, type TestAuth } from '../helpers.js';

let auth: TestAuth;
let adminA: Account;
let tokenA: string;
let adminB: Account;
beforeAll(async () => {
  auth = await buildTestApp(inject('adminUrl'));
  adminA = await registerTenant(auth.app);
  tokenA = (await loginAs(auth.app, adminA)).access_token;
  adminB = await registerTenant(auth.app);
  await loginAs(auth.app, adminB);
});
afterAll(() => auth.close());

const auditLog = (token: string, query = '') => auth.app.inject({ method: 'GET', url: `/api/v1/auth/audit-log${query}`, headers: bearer(token) });

describe('GET /api/v1/auth/audit-log', () => {
  it('should list the tenant’s entries newest first and page with the cursor', async () => {
    const firstPage = (await auditLog(tokenA, '?limit=1')).json();
    const secondPage = (await auditLog(tokenA, `?limit=1&cursor=${firstPage.next_cursor}`)).json();

    expect(firstPage.items.map((entry: { action: string }) => entry.action)).toEqual(['login.succeeded']);
    expect(secondPage.items).toEqual([expect.objectContaining({ action: 'tenant.registered', actor_id: adminA.userId })]);
  });

  it('should never show another tenant’s entries', async () => {
    const response = await auditLog(tokenA, '?limit=200');

    const actors = response.json().items.map((entry: { actor_id: string | null }) => entry.actor_id);
    expect(actors).not.toContain(adminB.userId);
  });

  it('should let an auditor read it and answer 403 to a viewer', async () => {
    const auditor = await createUserAs(auth.app, tokenA, ['auditor']);
    const viewer = await createUserAs(auth.app, tokenA, ['viewer']);

    const allowed = await auditLog((await loginAs(auth.app, auditor)).access_token);
    const denied = await auditLog((await loginAs(auth.app, viewer)).access_token);

    expect(allowed.statusCode).toBe(200);
    expect(denied.statusCode).toBe(403);
    expect(denied.json().detail).toContain('auth.audit:read');
  });

  it.each(['?cursor=-1', '?cursor=abc', '?limit=500', '?cursor=99999999999999999999'])('should answer 400 for %s', async (query) => {
    const response = await auditLog(tokenA, query);

    expect(response.statusCode).toBe(400);
  });
});
