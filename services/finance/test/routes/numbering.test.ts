import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildTestApp, credit, debit, entryInput, FINANCE, postEntry, readyTenant, type TestFinance } from '../helpers.js';

let finance: TestFinance;
beforeAll(async () => {
  finance = await buildTestApp(inject('adminUrl'));
});
afterAll(() => finance.close());

describe('entry numbers', () => {
  it('should number 20 parallel postings 1 to 20 without gaps or doubles', async () => {
    const client = await readyTenant(finance);

    const answers = await Promise.all(Array.from({ length: 20 }, () => client.post(`${FINANCE}/transactions`, entryInput())));

    expect(answers.map((answer) => answer.statusCode)).toEqual(Array(20).fill(201));
    expect(answers.map((answer) => answer.json().number).sort((left: number, right: number) => left - right)).toEqual(
      Array.from({ length: 20 }, (_, index) => index + 1),
    );
  });

  it('should give no number to drafts and refused postings, so the sequence stays gap-free', async () => {
    const client = await readyTenant(finance);

    await postEntry(client);
    await client.post(`${FINANCE}/transactions`, entryInput({ status: 'draft' }));
    await client.post(`${FINANCE}/transactions`, entryInput({ lines: [debit('1000', '1.00'), credit('8200', '2.00')] }));
    await client.post(`${FINANCE}/fiscal-years/2026/periods/2/close`, {});
    await client.post(`${FINANCE}/transactions`, entryInput({ posting_date: '2026-02-03' }));
    const next = await postEntry(client);

    expect(next.number).toBe(2);
  });

  it('should count each tenant and each fiscal year on its own', async () => {
    const first = await readyTenant(finance);
    const second = await readyTenant(finance);
    await first.post(`${FINANCE}/fiscal-years`, { year: 2027 });

    const a = await postEntry(first);
    const b = await postEntry(second);
    const c = await postEntry(first, entryInput({ posting_date: '2027-03-01' }));

    expect([a.number, b.number, c.number, c.fiscal_year]).toEqual([1, 1, 1, 2027]);
    expect((await first.get(`${FINANCE}/fiscal-years/2026`)).json().last_number).toBe(1);
  });

  it('should keep numbers in posting-time order', async () => {
    const client = await readyTenant(finance);
    await Promise.all(Array.from({ length: 10 }, () => postEntry(client)));

    const journal = await client.get(`${FINANCE}/transactions?fiscal_year=2026`);

    const times = journal.json().items.map((entry: { posted_at: string }) => entry.posted_at);
    expect([...times].sort()).toEqual(times);
  });
});
