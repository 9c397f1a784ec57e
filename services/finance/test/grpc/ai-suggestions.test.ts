import { FINANCE_EVENT_TYPES, type FinanceEntryPostedV1 } from '@erp/contracts';
import { withTenant } from '@erp/kit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { applyEntryPosted } from '../../../ai/src/db/ledger-entries.js';
import { buildGrpcTestApp, type GrpcTestAi } from '../../../ai/test/grpc/grpc-app.js';
import { cloudEvent, consumerOf, purchaseLine, SUPPLIER, supplierInvoiceData, TYPES } from '../events/documents.js';
import { buildTestApp, type Client, clientFor, credit, debit, entryInput, FINANCE, FINANCE_PERMISSIONS, postEntry, type TestFinance } from '../helpers.js';
import { sqlRows } from '../sql.js';

// A real ai service (its gRPC server on a free port) and finance pointed at it; both accept the same tokens.
let ai: GrpcTestAi;
let finance: TestFinance;
let client: Client;
let parkedId: string;
let draftId: string;
let postedTelekomIds: string[];

const WITH_AI = [...FINANCE_PERMISSIONS, 'ai.suggestions:read' as const];

async function readyClient(permissions = WITH_AI, tenantId?: string): Promise<Client> {
  const ready = await clientFor(finance, { permissions, tenantId });
  await ready.post(`${FINANCE}/setup`, { chart: 'SKR03' });
  await ready.post(`${FINANCE}/fiscal-years`, { year: 2026 });
  return ready;
}

/** A supplier's invoice of 119.00 for office supplies (4930 at 19 %), as core announces it. */
const officeInvoice = (invoiceDate: string) =>
  supplierInvoiceData({
    invoice_date: invoiceDate,
    received_on: invoiceDate,
    due_date: '2026-12-31',
    lines: [purchaseLine('100.00', '19', { expense_account: '4930', description: 'Büromaterial Toner' })],
    totals: { net: '100.00', tax: [{ tax_category: 'S', rate: '19', base: '100.00', tax: '19.00' }], tax_total: '19.00', gross: '119.00' },
  });

/** Finance's posted events of the tenant, applied to ai's ledger as ai's consumer would apply them. */
async function relayPostedEntries(tenantId: string): Promise<void> {
  const rows = await sqlRows<{ data: FinanceEntryPostedV1 }>(finance, 'admin', 'select data from outbox where type = $1 and tenant_id = $2 order by seq', [
    FINANCE_EVENT_TYPES.entryPosted,
    tenantId,
  ]);
  await withTenant(ai.db.kysely, tenantId, async (trx) => {
    for (const row of rows) await applyEntryPosted(trx, tenantId, row.data);
  });
}

beforeAll(async () => {
  ai = await buildGrpcTestApp(inject('adminUrl'), { verifier: { verify: (token) => finance.tokens.verifier.verify(token) } });
  finance = await buildTestApp(inject('adminUrl'), { env: { AI_GRPC_URL: ai.address } });
  client = await readyClient();
  const consumer = consumerOf(finance);
  // 1. History: three invoices of the supplier booked from core's events, three phone bills posted by hand.
  for (const date of ['2026-01-10', '2026-02-10', '2026-03-10'])
    await consumer.handle(cloudEvent(TYPES.supplierInvoiceRecorded, client.tenantId, officeInvoice(date)));
  postedTelekomIds = [];
  for (const month of ['01', '02', '03']) {
    const entry = await postEntry(
      client,
      entryInput({
        posting_date: `2026-${month}-05`,
        document_date: `2026-${month}-05`,
        description: `Telekom Mobilfunk ${month}/2026`,
        lines: [debit('4920', '119.00'), credit('1200', '119.00')],
      }),
    );
    postedTelekomIds.push(entry.id);
  }
  // 2. ai learns them from finance's events.
  await relayPostedEntries(client.tenantId);
  // 3. A fourth invoice dated before the fiscal year is parked; a phone bill is kept as a draft.
  const parked = officeInvoice('2025-12-15');
  await consumer.handle(cloudEvent(TYPES.supplierInvoiceRecorded, client.tenantId, parked));
  parkedId = (await client.get(`${FINANCE}/parked-events`)).json().items[0].id;
  const draft = entryInput({
    status: 'draft',
    posting_date: '2026-03-06',
    document_date: '2026-03-06',
    description: 'Telekom Mobilfunk 03/2026',
    lines: [debit('4920', '119.00'), credit('1200', '119.00')],
  });
  draftId = (await client.post(`${FINANCE}/transactions`, draft)).json().id;
});
afterAll(async () => {
  await finance?.close();
  await ai?.close();
});

describe('GET /api/v1/finance/parked-events/:id/suggestions', () => {
  it("should propose the posting ai learned from the supplier's earlier invoices", async () => {
    const response = await client.get(`${FINANCE}/parked-events/${parkedId}/suggestions?lang=en`);

    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({
      parked_event_id: parkedId,
      event_type: TYPES.supplierInvoiceRecorded,
      input: { kind: 'incoming_invoice', supplier: SUPPLIER.name, amount_gross: '119.00', date: '2025-12-15' },
      suggestions: { status: 'available', learned_entries: 6, amount: '119.00' },
    });
    expect(body.suggestions.proposals[0]).toMatchObject({ rank: 1, debit_account: '4930', credit_account: '1600', tax_code: 'VSt19', cost_centre: null });
    expect(body.suggestions.proposals[0].reason).toMatch(/^Posted like 3 earlier entr/);
  });

  it('should refuse an event that is not parked, and one of another tenant', async () => {
    const booked = officeInvoice('2026-04-10');
    await consumerOf(finance).handle(cloudEvent(TYPES.supplierInvoiceRecorded, client.tenantId, booked));
    const [row] = await sqlRows<{ id: string }>(finance, 'admin', 'select id from event_posting where document_id = $1', [booked.supplier_invoice_id]);
    const other = await readyClient();

    const posted = await client.get(`${FINANCE}/parked-events/${row?.id}/suggestions`);
    const foreign = await other.get(`${FINANCE}/parked-events/${parkedId}/suggestions`);

    expect([posted.statusCode, posted.json().code]).toEqual([409, 'FIN_EVENT_NOT_PARKED']);
    expect([foreign.statusCode, foreign.json().code]).toEqual([404, 'FIN_PARKED_EVENT_NOT_FOUND']);
  });

  it('should answer 403 when the caller may read entries but not ask ai, as ai decides with the caller token', async () => {
    const withoutAi = await clientFor(finance, { tenantId: client.tenantId, permissions: FINANCE_PERMISSIONS });

    const response = await withoutAi.get(`${FINANCE}/parked-events/${parkedId}/suggestions`);

    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ code: 'KIT_FORBIDDEN', detail: expect.stringContaining('ai.suggestions:read') });
  });

  it.each([
    ['an id that is no UUID', '/parked-events/42/suggestions'],
    ['a limit of 0', `/parked-events/${'0'.repeat(8)}-0000-4000-8000-000000000000/suggestions?limit=0`],
    ['an unknown language', `/parked-events/${'0'.repeat(8)}-0000-4000-8000-000000000000/suggestions?lang=fr`],
    ['an unknown parameter', `/parked-events/${'0'.repeat(8)}-0000-4000-8000-000000000000/suggestions?debug=1`],
  ])('should refuse %s with 400', async (_case, path) => {
    const response = await client.get(`${FINANCE}${path}`);

    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
  });
});

describe('POST /api/v1/finance/transactions/:id/suggestions', () => {
  it('should flag a draft that repeats a posted phone bill, naming it, and propose its accounts', async () => {
    const response = await client.post(`${FINANCE}/transactions/${draftId}/suggestions?lang=en&limit=2`);

    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.entry_id).toBe(draftId);
    // Compared with what was posted up to three days after the draft's date: all but the invoice of 10 March.
    expect(body.score).toMatchObject({ status: 'available', flagged: true, entries_compared: 5 });
    expect(body.score.score).toBeGreaterThan(0.5);
    expect(body.score.findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'duplicate', related_entry_ids: [postedTelekomIds[2]], reason: expect.stringMatching(/^Probably a duplicate/) }),
      ]),
    );
    expect(body.suggestions).toMatchObject({ status: 'available', amount: '119.00' });
    expect(body.suggestions.proposals[0]).toMatchObject({ debit_account: '4920', credit_account: '1200', tax_code: null });
    expect(body.suggestions.proposals.length).toBeLessThanOrEqual(2);
  });

  it('should score a draft that looks like nothing posted before as unflagged', async () => {
    const draft = entryInput({
      status: 'draft',
      description: 'Miete Lager April',
      posting_date: '2026-04-01',
      lines: [debit('4210', '900.00'), credit('1200', '900.00')],
    });
    const id = (await client.post(`${FINANCE}/transactions`, draft)).json().id;

    const response = await client.post(`${FINANCE}/transactions/${id}/suggestions`);

    expect(response.json().score).toEqual({ status: 'available', score: 0, flagged: false, findings: [], entries_compared: 6 });
    expect(response.json().suggestions.status).toBe('available');
  });

  it('should refuse a posted entry with 409, and the draft of another tenant with 404', async () => {
    const other = await readyClient();

    const posted = await client.post(`${FINANCE}/transactions/${postedTelekomIds[0]}/suggestions`);
    const foreign = await other.post(`${FINANCE}/transactions/${draftId}/suggestions`);

    expect([posted.statusCode, posted.json().code]).toEqual([409, 'FIN_ENTRY_NOT_DRAFT']);
    expect([foreign.statusCode, foreign.json().code]).toEqual([404, 'FIN_ENTRY_NOT_FOUND']);
  });

  it('should refuse a malformed JSON body with a 400 problem and leave the draft as it was', async () => {
    const before = (await client.get(`${FINANCE}/transactions/${draftId}`)).json();

    const response = await client.request('POST', `${FINANCE}/transactions/${draftId}/suggestions`, '{"x":', { 'content-type': 'application/json' });

    expect(response.statusCode).toBe(400);
    expect((await client.get(`${FINANCE}/transactions/${draftId}`)).json()).toEqual(before);
  });
});
