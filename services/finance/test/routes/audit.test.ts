import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildTestApp, entryInput, FINANCE, postEntry, readyTenant, type TestFinance } from '../helpers.js';

let finance: TestFinance;
beforeAll(async () => {
  finance = await buildTestApp(inject('adminUrl'));
});
afterAll(() => finance.close());

describe('GET /api/v1/finance/audit/verify', () => {
  it('should report an empty year as intact at the genesis hash', async () => {
    const client = await readyTenant(finance);

    const response = await client.get(`${FINANCE}/audit/verify?fiscal_year=2026`);

    expect(response.json()).toEqual({ fiscal_year: 2026, status: 'intact', entries_checked: 0, last_number: 0, head_hash: '0'.repeat(64), first_break: null });
  });

  it('should recompute every seal of a year with postings, drafts and a reversal, and find the chain intact', async () => {
    const client = await readyTenant(finance);
    const posted = await Promise.all(
      Array.from({ length: 12 }, (_, index) => postEntry(client, entryInput({ description: `Eintrag ${index} – Grüße "quoted"` }))),
    );
    await client.post(`${FINANCE}/transactions`, entryInput({ status: 'draft' }));
    const last = (await client.post(`${FINANCE}/transactions/${posted[0].id}/reverse`, {})).json();

    const response = await client.get(`${FINANCE}/audit/verify?fiscal_year=2026`);

    expect(response.json()).toMatchObject({ status: 'intact', entries_checked: 13, last_number: 13, head_hash: last.hash, first_break: null });
  });

  it('should chain each entry to its predecessor', async () => {
    const client = await readyTenant(finance);
    const first = await postEntry(client);
    const second = await postEntry(client);

    expect(first.previous_hash).toBe('0'.repeat(64));
    expect(second.previous_hash).toBe(first.hash);
  });

  it('should answer 404 for an unknown year', async () => {
    const client = await readyTenant(finance);

    expect((await client.get(`${FINANCE}/audit/verify?fiscal_year=2019`)).json().code).toBe('FIN_FISCAL_YEAR_NOT_FOUND');
  });
});

describe('GET /api/v1/finance/audit/log', () => {
  it('should list the ledger changes of the tenant newest first, paging by id', async () => {
    const client = await readyTenant(finance);
    await client.post(`${FINANCE}/fiscal-years/2026/periods/1/close`, {});

    const first = await client.get(`${FINANCE}/audit/log?limit=2`);
    const rest = await client.get(`${FINANCE}/audit/log?before_id=${first.json().items[1].id}`);

    expect(first.json().items.map((entry: { action: string }) => entry.action)).toEqual(['period.closed', 'fiscal_year.created']);
    expect(rest.json().items.map((entry: { action: string }) => entry.action)).toEqual(['ledger.set_up']);
    expect(rest.json().items[0]).toMatchObject({ actor_id: client.userId, subject: 'SKR03', details: { accounts: expect.any(Number), tax_codes: 15 } });
  });
});
