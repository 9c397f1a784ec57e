import { BUILT_IN_ROLES, type Permission } from '@erp/contracts';
import { createTestTokens } from '@erp/kit/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildTestApp, type Client, clientFor, entryInput, FINANCE, FINANCE_PERMISSIONS, postEntry, readyTenant, type TestFinance } from '../helpers.js';
import { countRows } from '../sql.js';

let finance: TestFinance;
let owner: Client;
let ids: { posted: string; draft: string };
beforeAll(async () => {
  finance = await buildTestApp(inject('adminUrl'));
  owner = await readyTenant(finance);
  ids = { posted: (await postEntry(owner)).id, draft: (await owner.post(`${FINANCE}/transactions`, entryInput({ status: 'draft' }))).json().id };
});
afterAll(() => finance.close());

// Paths name the entries of the set-up as :posted and :draft; they are filled in when a test runs.
type Route = [method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, permission: Permission, body?: () => unknown];

const urlOf = (path: string) => `${FINANCE}${path.replace(':posted', ids.posted).replace(':draft', ids.draft)}`;

const ROUTES: Route[] = [
  ['POST', '/setup', 'finance.accounts:manage', () => ({ chart: 'SKR03' })],
  ['GET', '/setup', 'finance.accounts:read'],
  ['GET', '/accounts', 'finance.accounts:read'],
  ['GET', '/accounts/1200', 'finance.accounts:read'],
  ['POST', '/accounts', 'finance.accounts:manage', () => ({ number: '4999', name: 'X', type: 'expense' })],
  ['PATCH', '/accounts/1200', 'finance.accounts:manage', () => ({ name: 'X' })],
  ['GET', '/tax-codes', 'finance.accounts:read'],
  ['GET', '/tax-codes/USt19', 'finance.accounts:read'],
  ['GET', '/fiscal-years', 'finance.entries:read'],
  ['GET', '/fiscal-years/2026', 'finance.entries:read'],
  ['POST', '/fiscal-years', 'finance.periods:manage', () => ({ year: 2027 })],
  ['POST', '/fiscal-years/2026/periods/1/close', 'finance.periods:manage', () => ({})],
  ['POST', '/fiscal-years/2026/periods/1/reopen', 'finance.periods:manage', () => ({ reason: 'Korrektur' })],
  ['POST', '/fiscal-years/2026/periods/1/lock', 'finance.periods:manage', () => ({})],
  ['GET', '/transactions', 'finance.entries:read'],
  ['GET', '/transactions/:posted', 'finance.entries:read'],
  ['POST', '/transactions', 'finance.entries:post', () => entryInput()],
  ['PUT', '/transactions/:draft', 'finance.entries:post', () => entryInput()],
  ['DELETE', '/transactions/:draft', 'finance.entries:post'],
  ['POST', '/transactions/:draft/post', 'finance.entries:post'],
  ['POST', '/transactions/:posted/reverse', 'finance.entries:post', () => ({})],
  ['GET', '/reports/trial-balance?fiscal_year=2026', 'finance.reports:read'],
  ['GET', '/audit/verify?fiscal_year=2026', 'finance.audit:read'],
  ['GET', '/audit/log', 'finance.audit:read'],
];

describe('access control', () => {
  it.each(ROUTES.map((route) => [`${route[0]} ${route[1]}`, route] as const))('%s should answer 401 without a token', async (_name, [method, path, , body]) => {
    const response = await finance.app.inject({ method, url: urlOf(path), ...(body ? { payload: body() as object } : {}) });

    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toContain('Bearer');
  });

  it.each(ROUTES.map((route) => [`${route[0]} ${route[1]} without ${route[2]}`, route] as const))(
    '%s should answer 403',
    async (_name, [method, path, permission, body]) => {
      const caller = await clientFor(finance, { tenantId: owner.tenantId, permissions: FINANCE_PERMISSIONS.filter((candidate) => candidate !== permission) });

      const response = await caller.request(method, urlOf(path), body?.());

      expect(response.statusCode).toBe(403);
      expect(response.json().detail).toContain(permission);
    },
  );

  it('should have changed nothing through the refused calls', async () => {
    expect(await countRows(finance, 'journal_entry', owner.tenantId)).toBe(2);
    expect((await owner.get(`${FINANCE}/transactions/${ids.draft}`)).json().version).toBe(1);
    expect((await owner.get(`${FINANCE}/fiscal-years/2026`)).json().periods[0].status).toBe('open');
  });

  it('should refuse an expired token and a token of another issuer with 401', async () => {
    const expired = await finance.tokens.bearer({ tenantId: owner.tenantId, permissions: FINANCE_PERMISSIONS, ttlS: -60 });
    const foreign = await (await createTestTokens('http://evil.test')).bearer({ tenantId: owner.tenantId, permissions: FINANCE_PERMISSIONS });

    const answers = await Promise.all(
      [expired, foreign].map((authorization) => finance.app.inject({ method: 'GET', url: `${FINANCE}/accounts`, headers: { authorization } })),
    );

    expect(answers.map((answer) => answer.statusCode)).toEqual([401, 401]);
  });

  it('should let the built-in accountant post but not verify the audit chain, and the auditor verify but not post', async () => {
    const accountant = await clientFor(finance, { tenantId: owner.tenantId, permissions: BUILT_IN_ROLES.accountant });
    const auditor = await clientFor(finance, { tenantId: owner.tenantId, permissions: BUILT_IN_ROLES.auditor });

    expect((await accountant.post(`${FINANCE}/transactions`, entryInput())).statusCode).toBe(201);
    expect((await accountant.get(`${FINANCE}/audit/verify?fiscal_year=2026`)).statusCode).toBe(403);
    expect((await auditor.get(`${FINANCE}/audit/verify?fiscal_year=2026`)).statusCode).toBe(200);
    expect((await auditor.post(`${FINANCE}/transactions`, entryInput())).statusCode).toBe(403);
  });
});
