import { FinanceEntryReversedV1 } from '@erp/contracts';
import { Value } from 'typebox/value';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildTestApp, type Client, credit, debit, entryInput, FINANCE, postEntry, readyTenant, type TestFinance } from '../helpers.js';
import { sqlRows } from '../sql.js';

let finance: TestFinance;
let client: Client;
beforeAll(async () => {
  finance = await buildTestApp(inject('adminUrl'));
  client = await readyTenant(finance);
});
afterAll(() => finance.close());

const reverse = (id: string, body: Record<string, unknown> = {}) => client.post(`${FINANCE}/transactions/${id}/reverse`, body);

describe('POST /api/v1/finance/transactions/:id/reverse', () => {
  it('should post a Storno with swapped sides that refers to the original', async () => {
    const original = await postEntry(client, entryInput({ description: 'Verkauf', lines: [debit('1400', '119.00'), credit('8400', '119.00')] }));

    const response = await reverse(original.id);

    const reversal = response.json();
    expect(response.statusCode).toBe(201);
    expect(reversal).toMatchObject({
      status: 'posted',
      reversal_of: original.id,
      number: original.number + 1,
      posting_date: original.posting_date,
      description: 'Storno: Verkauf',
    });
    expect(reversal.lines.map((line: Record<string, unknown>) => [line.account, line.debit, line.credit, line.tax_code])).toEqual([
      ['1400', '0.00', '119.00', null],
      ['8400', '100.00', '0.00', 'USt19'],
      ['1776', '19.00', '0.00', 'USt19'],
    ]);
    expect((await client.get(`${FINANCE}/transactions/${original.id}`)).json().reversed_by).toBe(reversal.id);
  });

  it('should net the original and its reversal to zero on every account of the trial balance', async () => {
    const tenant = await readyTenant(finance);
    const original = await postEntry(tenant, entryInput({ lines: [debit('3400', '59.50'), debit('3300', '10.70'), credit('1600', '70.20')] }));

    await tenant.post(`${FINANCE}/transactions/${original.id}/reverse`, {});
    const report = await tenant.get(`${FINANCE}/reports/trial-balance?fiscal_year=2026`);

    expect(report.json().rows.map((row: { balance: string }) => row.balance)).toEqual(report.json().rows.map(() => '0.00'));
  });

  it('should write erp.finance.entry.reversed.v1 next to the posted event of the reversal', async () => {
    const original = await postEntry(client);

    const reversal = (await reverse(original.id)).json();
    const events = await sqlRows<{ type: string; subject: string; data: unknown }>(
      finance,
      'admin',
      'select type, subject, data from outbox where subject in ($1, $2) order by seq',
      [original.id, reversal.id],
    );

    expect(Value.Check(FinanceEntryReversedV1, events[2]?.data)).toBe(true);
    expect(events[2]?.data).toMatchObject({ entry_id: original.id, reversal_id: reversal.id, number: reversal.number });
    expect(events.map(({ type, subject }) => ({ type, subject }))).toEqual([
      { type: 'erp.finance.entry.posted.v1', subject: original.id },
      { type: 'erp.finance.entry.posted.v1', subject: reversal.id },
      { type: 'erp.finance.entry.reversed.v1', subject: original.id },
    ]);
  });

  it('should refuse a second reversal with 409, also when two race', async () => {
    const once = await postEntry(client);
    const raced = await postEntry(client);
    await reverse(once.id);

    const again = await reverse(once.id);
    const race = await Promise.all([reverse(raced.id), reverse(raced.id)]);

    expect([again.statusCode, again.json().code]).toEqual([409, 'FIN_ALREADY_REVERSED']);
    expect(race.map((answer) => answer.statusCode).sort()).toEqual([201, 409]);
  });

  it('should refuse to reverse a reversal or a draft', async () => {
    const original = await postEntry(client);
    const reversal = (await reverse(original.id)).json();
    const draft = (await client.post(`${FINANCE}/transactions`, entryInput({ status: 'draft' }))).json();

    const ofReversal = await reverse(reversal.id);
    const ofDraft = await reverse(draft.id);

    expect([ofReversal.statusCode, ofReversal.json().code]).toEqual([409, 'FIN_REVERSAL_NOT_REVERSIBLE']);
    expect([ofDraft.statusCode, ofDraft.json().code]).toEqual([409, 'FIN_ENTRY_NOT_POSTED']);
  });

  it('should post the reversal into an open period when the original period is closed', async () => {
    const original = await postEntry(client, entryInput({ posting_date: '2026-05-20' }));
    await client.post(`${FINANCE}/fiscal-years/2026/periods/5/close`, {});

    const intoClosed = await reverse(original.id);
    const intoOpen = await reverse(original.id, { posting_date: '2026-06-01', document_ref: 'ST-1', description: 'Storno wegen Fehlbuchung' });

    expect([intoClosed.statusCode, intoClosed.json().code]).toEqual([409, 'FIN_PERIOD_CLOSED']);
    expect(intoOpen.json()).toMatchObject({
      period: 6,
      posting_date: '2026-06-01',
      document_date: '2026-06-01',
      document_ref: 'ST-1',
      description: 'Storno wegen Fehlbuchung',
    });
  });

  it('should answer 404 for an unknown entry', async () => {
    expect((await reverse('00000000-0000-4000-8000-000000000000')).json().code).toBe('FIN_ENTRY_NOT_FOUND');
  });
});
