import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildTestApp, clientFor, entryInput, FINANCE, FINANCE_PERMISSIONS, postEntry, readyTenant, type TestFinance } from '../helpers.js';

let finance: TestFinance;
beforeAll(async () => {
  finance = await buildTestApp(inject('adminUrl'));
});
afterAll(() => finance.close());

const period = (year: number, number: number, action: string) => `${FINANCE}/fiscal-years/${year}/periods/${number}/${action}`;

describe('POST /api/v1/finance/fiscal-years', () => {
  it('should create a calendar year of twelve open periods and a counter at zero', async () => {
    const client = await clientFor(finance);

    const response = await client.post(`${FINANCE}/fiscal-years`, { year: 2026 });

    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ year: 2026, start_date: '2026-01-01', end_date: '2026-12-31', last_number: 0, created_by: client.userId });
    expect(response.json().periods).toHaveLength(12);
    expect(response.json().periods[1]).toMatchObject({ period: 2, start_date: '2026-02-01', end_date: '2026-02-28', status: 'open' });
  });

  it('should create a business year from July to June and a short year', async () => {
    const client = await clientFor(finance);

    const short = await client.post(`${FINANCE}/fiscal-years`, { year: 2026, start_date: '2026-04-01', end_date: '2026-12-31' });
    const next = await client.post(`${FINANCE}/fiscal-years`, { year: 2027, start_date: '2027-01-01', end_date: '2027-06-30' });
    const list = await client.get(`${FINANCE}/fiscal-years`);

    expect(short.json().periods).toHaveLength(9);
    expect(next.json().periods).toHaveLength(6);
    expect(list.json().items.map((year: { year: number }) => year.year)).toEqual([2026, 2027]);
  });

  it('should refuse a duplicate year and an overlapping one with 409', async () => {
    const client = await clientFor(finance);
    await client.post(`${FINANCE}/fiscal-years`, { year: 2026 });

    const duplicate = await client.post(`${FINANCE}/fiscal-years`, { year: 2026 });
    const overlap = await client.post(`${FINANCE}/fiscal-years`, { year: 2027, start_date: '2026-07-01' });

    expect([duplicate.statusCode, duplicate.json().code]).toEqual([409, 'FIN_FISCAL_YEAR_EXISTS']);
    expect([overlap.statusCode, overlap.json().code]).toEqual([409, 'FIN_FISCAL_YEAR_OVERLAP']);
    expect((await client.get(`${FINANCE}/fiscal-years`)).json().items).toHaveLength(1);
  });

  it('should create only one of two overlapping years created at the same moment', async () => {
    const client = await clientFor(finance);

    const answers = await Promise.all([
      client.post(`${FINANCE}/fiscal-years`, { year: 2027, start_date: '2026-07-01' }),
      client.post(`${FINANCE}/fiscal-years`, { year: 2026 }),
    ]);

    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([201, 409]);
  });

  it('should refuse a year that does not start on the first of a month with 422', async () => {
    const client = await clientFor(finance);

    const response = await client.post(`${FINANCE}/fiscal-years`, { year: 2026, start_date: '2026-01-15' });

    expect([response.statusCode, response.json().code]).toEqual([422, 'FIN_INVALID_FISCAL_YEAR']);
  });

  it('should answer 404 for an unknown year', async () => {
    const client = await clientFor(finance);

    expect((await client.get(`${FINANCE}/fiscal-years/2030`)).json().code).toBe('FIN_FISCAL_YEAR_NOT_FOUND');
  });
});

describe('closing, reopening and locking periods', () => {
  it('should close a period, refuse postings into it with 409, and accept them again after a reopen with a reason', async () => {
    const client = await readyTenant(finance);

    const closed = await client.post(period(2026, 1, 'close'), {});
    const refused = await client.post(`${FINANCE}/transactions`, entryInput({ posting_date: '2026-01-20' }));
    const reopened = await client.post(period(2026, 1, 'reopen'), { reason: 'Eingangsrechnung nachgereicht' });
    const accepted = await client.post(`${FINANCE}/transactions`, entryInput({ posting_date: '2026-01-20' }));

    expect(closed.json()).toMatchObject({ period: 1, status: 'closed', status_changed_by: client.userId });
    expect([refused.statusCode, refused.json().code, refused.json().detail]).toEqual([409, 'FIN_PERIOD_CLOSED', expect.stringContaining('2026-01')]);
    expect(reopened.json()).toMatchObject({ status: 'open', status_reason: 'Eingangsrechnung nachgereicht' });
    expect(accepted.json()).toMatchObject({ status: 'posted', number: 1 });
  });

  it('should refuse a reopen without a reason with 400', async () => {
    const client = await readyTenant(finance);
    await client.post(period(2026, 2, 'close'), {});

    const blank = await client.post(period(2026, 2, 'reopen'), { reason: '   ' });
    const missing = await client.post(period(2026, 2, 'reopen'), {});

    expect([blank.statusCode, missing.statusCode]).toEqual([400, 400]);
    expect((await client.get(`${FINANCE}/fiscal-years/2026`)).json().periods[1].status).toBe('closed');
  });

  it('should audit closing and reopening with actor and reason', async () => {
    const client = await readyTenant(finance);
    await client.post(period(2026, 3, 'close'), { reason: 'Monatsabschluss' });
    await client.post(period(2026, 3, 'reopen'), { reason: 'Korrektur Miete' });

    const log = await client.get(`${FINANCE}/audit/log`);

    expect(log.json().items.slice(0, 2)).toEqual([
      expect.objectContaining({
        action: 'period.reopened',
        subject: '2026-03',
        actor_id: client.userId,
        details: { from: 'closed', to: 'open', reason: 'Korrektur Miete' },
      }),
      expect.objectContaining({ action: 'period.closed', subject: '2026-03', details: { from: 'open', to: 'closed', reason: 'Monatsabschluss' } }),
    ]);
  });

  it('should lock a period for good: postings 409 FIN_PERIOD_LOCKED, and no reopen, close or lock again', async () => {
    const client = await readyTenant(finance);

    const locked = await client.post(period(2026, 4, 'lock'), { reason: 'Festschreibung nach UStVA' });
    const posting = await client.post(`${FINANCE}/transactions`, entryInput({ posting_date: '2026-04-02' }));
    const attempts = await Promise.all(['reopen', 'close', 'lock'].map((action) => client.post(period(2026, 4, action), { reason: 'Bitte wieder öffnen' })));

    expect(locked.json().status).toBe('locked');
    expect([posting.statusCode, posting.json().code]).toEqual([409, 'FIN_PERIOD_LOCKED']);
    expect(attempts.map((attempt) => [attempt.statusCode, attempt.json().code])).toEqual([
      [409, 'FIN_PERIOD_TRANSITION'],
      [409, 'FIN_PERIOD_TRANSITION'],
      [409, 'FIN_PERIOD_TRANSITION'],
    ]);
  });

  it('should refuse transitions that do not exist and unknown periods', async () => {
    const client = await readyTenant(finance);

    const reopenOpen = await client.post(period(2026, 5, 'reopen'), { reason: 'Grundlos' });
    const unknownYear = await client.post(period(2031, 1, 'close'), {});

    expect(reopenOpen.json().code).toBe('FIN_PERIOD_TRANSITION');
    expect(unknownYear.json().code).toBe('FIN_FISCAL_YEAR_NOT_FOUND');
  });

  it('should keep postings made before a close and count them in the trial balance', async () => {
    const client = await readyTenant(finance);
    await postEntry(client, entryInput({ posting_date: '2026-06-10' }));

    await client.post(period(2026, 6, 'close'), {});
    const report = await client.get(`${FINANCE}/reports/trial-balance?fiscal_year=2026&period_to=6`);

    expect(report.json().totals).toMatchObject({ debit: '119.00', credit: '119.00', balance: '0.00' });
  });

  it('should refuse period changes to a caller without finance.periods:manage with 403', async () => {
    const client = await readyTenant(finance);
    const clerk = await clientFor(finance, {
      tenantId: client.tenantId,
      permissions: FINANCE_PERMISSIONS.filter((permission) => permission !== 'finance.periods:manage'),
    });

    const response = await clerk.post(period(2026, 1, 'reopen'), { reason: 'Ich darf das nicht' });

    expect([response.statusCode, response.json().code]).toEqual([403, 'KIT_FORBIDDEN']);
  });
});
