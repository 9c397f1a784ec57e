import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildTestApp, type Client, clientFor, entryInput, FINANCE, postEntry, type Response, readyTenant, type TestFinance } from '../helpers.js';
import { countRows } from '../sql.js';
import { closePeriods } from './year-end-helpers.js';

let finance: TestFinance;
beforeAll(async () => {
  finance = await buildTestApp(inject('adminUrl'));
});
afterAll(() => finance.close());

interface Case {
  /** The resource the POST creates, as a table name for counting rows. */
  table: string;
  /** Prepares a tenant and returns the path, the body, and another body for the same key. */
  prepare(client: Client): Promise<{ path: string; body: Record<string, unknown>; other: Record<string, unknown> }>;
}

const CASES: Record<string, Case> = {
  'POST /setup': {
    table: 'ledger_settings',
    prepare: async () => ({ path: '/setup', body: { chart: 'SKR03' }, other: { chart: 'SKR04' } }),
  },
  'POST /accounts': {
    table: 'account',
    prepare: async () => ({
      path: '/accounts',
      body: { number: '4711', name: 'Sonderkonto', type: 'expense' },
      other: { number: '4712', name: 'Sonderkonto', type: 'expense' },
    }),
  },
  'POST /cost-centers': {
    table: 'cost_center',
    prepare: async () => ({
      path: '/cost-centers',
      body: { dimension: 1, code: 'K100', name: 'Vertrieb' },
      other: { dimension: 1, code: 'K200', name: 'Vertrieb' },
    }),
  },
  'POST /fiscal-years': {
    table: 'fiscal_year',
    prepare: async () => ({ path: '/fiscal-years', body: { year: 2027 }, other: { year: 2028 } }),
  },
  'POST /transactions': {
    table: 'journal_entry',
    prepare: async () => ({ path: '/transactions', body: entryInput({ document_ref: 'RE-IDEM' }), other: entryInput({ document_ref: 'RE-OTHER' }) }),
  },
  'POST /transactions/:id/reverse': {
    table: 'journal_entry',
    prepare: async (client) => ({
      path: `/transactions/${(await postEntry(client)).id}/reverse`,
      body: {},
      other: { description: 'Storno wegen Fehlbuchung' },
    }),
  },
  'POST /fiscal-years/:year/close': {
    table: 'fiscal_year_closing',
    prepare: async (client) => {
      await client.post(`${FINANCE}/fiscal-years`, { year: 2027 });
      await postEntry(client);
      await closePeriods(client, 2026);
      return { path: '/fiscal-years/2026/close', body: { reason: 'Abschluss 2026' }, other: { reason: 'Abschluss 2026, zweiter Versuch' } };
    },
  },
};

const replayed = (response: Response) => response.headers['idempotent-replayed'];

describe('Idempotency-Key on the creating POSTs', () => {
  it.each(Object.entries(CASES))('%s should replay the first answer for the same key and refuse the key for another body', async (name, { table, prepare }) => {
    const client = name === 'POST /setup' ? await clientFor(finance) : await readyTenant(finance);
    const { path, body, other } = await prepare(client);
    const key = { 'idempotency-key': `key-${randomUUID()}` };

    const first = await client.post(`${FINANCE}${path}`, body, key);
    const rows = await countRows(finance, table, client.tenantId);
    const replay = await client.post(`${FINANCE}${path}`, body, key);
    const reused = await client.post(`${FINANCE}${path}`, other, key);

    expect(first.statusCode).toBe(201);
    expect([replay.statusCode, replay.json(), replayed(replay), replayed(first)]).toEqual([201, first.json(), 'true', undefined]);
    expect([replay.headers.location, replay.headers.etag]).toEqual([first.headers.location, first.headers.etag]);
    expect([reused.statusCode, reused.json().code]).toEqual([422, 'KIT_IDEMPOTENCY_KEY_REUSED']);
    expect(await countRows(finance, table, client.tenantId)).toBe(rows);
  });

  it('should store nothing for a refused request, so the key serves the corrected one', async () => {
    const client = await readyTenant(finance);
    const key = { 'idempotency-key': 'account-4711' };

    const refused = await client.post(`${FINANCE}/accounts`, { number: '1200', name: 'Bank zwei', type: 'asset' }, key);
    const corrected = await client.post(`${FINANCE}/accounts`, { number: '1201', name: 'Bank zwei', type: 'asset' }, key);

    expect([refused.statusCode, refused.json().code]).toEqual([409, 'FIN_ACCOUNT_EXISTS']);
    expect([corrected.statusCode, replayed(corrected)]).toEqual([201, undefined]);
  });

  it("should keep one tenant's key apart from another's, and refuse a malformed key with 400", async () => {
    const tenantA = await readyTenant(finance);
    const tenantB = await readyTenant(finance);
    const key = { 'idempotency-key': 'same-key' };

    const byA = await tenantA.post(`${FINANCE}/cost-centers`, { dimension: 1, code: 'A1', name: 'A' }, key);
    const byB = await tenantB.post(`${FINANCE}/cost-centers`, { dimension: 1, code: 'B1', name: 'B' }, key);
    const malformed = await tenantA.post(`${FINANCE}/cost-centers`, { dimension: 1, code: 'A2', name: 'A' }, { 'idempotency-key': 'with space' });

    expect([byA.statusCode, byB.statusCode, replayed(byB)]).toEqual([201, 201, undefined]);
    expect(byB.json().code).toBe('B1');
    expect([malformed.statusCode, malformed.json().code]).toEqual([400, 'KIT_IDEMPOTENCY_KEY_INVALID']);
  });
});

describe('closing a year twice at the same moment', () => {
  it('should close it once: one 201 and one 409', async () => {
    const client = await readyTenant(finance);
    await client.post(`${FINANCE}/fiscal-years`, { year: 2027 });
    await postEntry(client);
    await closePeriods(client, 2026);

    const answers = await Promise.all([client.post(`${FINANCE}/fiscal-years/2026/close`, {}), client.post(`${FINANCE}/fiscal-years/2026/close`, {})]);

    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([201, 409]);
    expect(await countRows(finance, 'fiscal_year_closing', client.tenantId)).toBe(1);
  });
});
