import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildTestApp, type Client, credit, debit, entryInput, FINANCE, postEntry, readyTenant, type TestFinance } from '../helpers.js';

let finance: TestFinance;
let tenantA: Client;
let tenantB: Client;
let postedA: { id: string; number: number };
let draftA: { id: string };

beforeAll(async () => {
  finance = await buildTestApp(inject('adminUrl'));
  tenantA = await readyTenant(finance, { chart: 'SKR03' });
  tenantB = await readyTenant(finance, { chart: 'SKR04' });
  await tenantA.post(`${FINANCE}/accounts`, { number: '4711', name: 'Nur bei A', type: 'expense' });
  postedA = await postEntry(tenantA, entryInput({ lines: [debit('1200', '777.77'), credit('8200', '777.77')] }));
  draftA = (await tenantA.post(`${FINANCE}/transactions`, entryInput({ status: 'draft' }))).json();
});
afterAll(() => finance.close());

describe('tenant isolation', () => {
  it("should not let tenant B read tenant A's entries, drafts or accounts", async () => {
    const answers = await Promise.all([
      tenantB.get(`${FINANCE}/transactions/${postedA.id}`),
      tenantB.get(`${FINANCE}/transactions/${draftA.id}`),
      tenantB.get(`${FINANCE}/accounts/4711`),
    ]);
    const journal = await tenantB.get(`${FINANCE}/transactions?status=posted`);
    const drafts = await tenantB.get(`${FINANCE}/transactions?status=draft`);

    expect(answers.map((answer) => answer.statusCode)).toEqual([404, 404, 404]);
    expect(journal.json().items).toEqual([]);
    expect(drafts.json().items).toEqual([]);
  });

  it("should not let tenant B change, post, delete or reverse tenant A's entries", async () => {
    const answers = await Promise.all([
      tenantB.request('PUT', `${FINANCE}/transactions/${draftA.id}`, entryInput({ lines: [debit('1800', '1.00'), credit('4200', '1.00')] })),
      tenantB.post(`${FINANCE}/transactions/${draftA.id}/post`),
      tenantB.request('DELETE', `${FINANCE}/transactions/${draftA.id}`),
      tenantB.post(`${FINANCE}/transactions/${postedA.id}/reverse`, {}),
    ]);

    expect(answers.map((answer) => [answer.statusCode, answer.json().code])).toEqual([
      [404, 'FIN_ENTRY_NOT_FOUND'],
      [404, 'FIN_ENTRY_NOT_FOUND'],
      [404, 'FIN_ENTRY_NOT_FOUND'],
      [404, 'FIN_ENTRY_NOT_FOUND'],
    ]);
    expect((await tenantA.get(`${FINANCE}/transactions/${draftA.id}`)).json()).toMatchObject({ status: 'draft', version: 1 });
    expect((await tenantA.get(`${FINANCE}/transactions/${postedA.id}`)).json().reversed_by).toBeNull();
  });

  it("should keep each tenant's chart, settings and tax codes apart", async () => {
    const patchB = await tenantB.request('PATCH', `${FINANCE}/accounts/1200`, { name: 'Forderungen (B)' });
    const patchForeign = await tenantB.request('PATCH', `${FINANCE}/accounts/4711`, { name: 'Übernommen' });

    expect(patchB.json().name).toBe('Forderungen (B)');
    expect((await tenantA.get(`${FINANCE}/accounts/1200`)).json().name).toBe('Bank');
    expect(patchForeign.statusCode).toBe(404);
    expect((await tenantA.get(`${FINANCE}/accounts/4711`)).json().name).toBe('Nur bei A');
    expect((await tenantA.get(`${FINANCE}/setup`)).json().chart).toBe('SKR03');
    expect((await tenantB.get(`${FINANCE}/setup`)).json().chart).toBe('SKR04');
    expect((await tenantB.get(`${FINANCE}/tax-codes/USt19`)).json().output_tax_account).toBe('3806');
  });

  it("should keep fiscal periods apart: B closing its January leaves A's open", async () => {
    await tenantB.post(`${FINANCE}/fiscal-years/2026/periods/1/close`, {});

    const postingA = await tenantA.post(`${FINANCE}/transactions`, entryInput());
    const yearA = await tenantA.get(`${FINANCE}/fiscal-years/2026`);

    expect(postingA.statusCode).toBe(201);
    expect(yearA.json().periods[0].status).toBe('open');
  });

  it('should keep reports, the audit chain and the audit log apart', async () => {
    const report = await tenantB.get(`${FINANCE}/reports/trial-balance?fiscal_year=2026`);
    const verify = await tenantB.get(`${FINANCE}/audit/verify?fiscal_year=2026`);
    const log = await tenantB.get(`${FINANCE}/audit/log?limit=200`);

    expect(report.json().rows).toEqual([]);
    expect(verify.json()).toMatchObject({ entries_checked: 0, last_number: 0 });
    expect(log.json().items.map((entry: { subject: string }) => entry.subject)).not.toContain('4711');
    expect(log.json().items.map((entry: { subject: string }) => entry.subject)).not.toContain('SKR03');
  });

  it('should number each tenant from 1', async () => {
    const first = await postEntry(tenantB, entryInput({ posting_date: '2026-03-03', lines: [debit('1800', '5.00'), credit('4200', '5.00')] }));

    expect(first.number).toBe(1);
  });
});
