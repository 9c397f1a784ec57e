import { randomUUID } from 'node:crypto';
import type { GrpcCandidateEntry, GrpcOutgoing } from '@erp/contracts';
import { createTestTokens, type TestTokens } from '@erp/kit/testing';
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { LedgerEntry } from '../../src/intelligence/ledger/ledger-entry.js';
import { addDays } from '../../src/intelligence/statistics/dates.js';
import { ALL_AI_PERMISSIONS } from '../helpers.js';
import { bankPayment, loadLedger } from '../intelligence/ledger-fixtures.js';
import { buildGrpcTestApp, createTestClient, type FinanceIntelligenceTestClient, type GrpcTestAi, refusalOf } from './grpc-app.js';

let ai: GrpcTestAi;
let tokens: TestTokens;
let client: FinanceIntelligenceTestClient;
// Tenant A has the duplicate and the outlier posted; tenant B has the same ledger without them.
const tenantA = randomUUID();
const tenantB = randomUUID();

const weekly = Array.from({ length: 24 }, (_, week) =>
  bankPayment({
    description: 'Viking Bürobedarf Bestellung',
    gross: (100 + (week % 5) * 10).toFixed(2),
    expense: '4930',
    date: addDays('2026-01-05', week * 7),
  }),
);
const original = bankPayment({ description: 'Otto Office Toner', gross: '84.20', expense: '4930', date: '2026-06-08' });
const duplicate = bankPayment({ description: 'Otto Office Toner', gross: '84.20', expense: '4930', date: '2026-06-09' });
const outlier = bankPayment({ description: 'Viking Bürobedarf Bestellung', gross: '1190.00', expense: '4930', date: '2026-06-15' });
const usual = bankPayment({ description: 'Viking Bürobedarf Bestellung', gross: '120.00', expense: '4930', date: '2026-06-22' });

/** An entry of the read model as finance would send its draft: euro lines, its author and time. */
function asCandidate(entry: LedgerEntry, id: string = randomUUID()): GrpcOutgoing<GrpcCandidateEntry> {
  return {
    id,
    posting_date: entry.postingDate,
    document_ref: entry.documentRef,
    description: entry.description,
    created_by: entry.postedBy,
    created_at: entry.postedAt,
    lines: entry.lines.map((line) => ({
      account: line.account,
      debit: line.debit,
      credit: line.credit,
      tax_code: line.taxCode ?? '',
      tax_of: line.taxOf ?? 0,
      text: line.text ?? '',
    })),
  };
}

const authorization = (tenantId: string) => tokens.bearer({ tenantId, permissions: ALL_AI_PERMISSIONS });

beforeAll(async () => {
  tokens = await createTestTokens();
  ai = await buildGrpcTestApp(inject('adminUrl'), { verifier: tokens.verifier, now: () => new Date('2026-06-30T10:00:00Z') });
  client = createTestClient(ai.address);
  await loadLedger(ai.db, tenantA, [...weekly, original, duplicate, outlier]);
  await loadLedger(ai.db, tenantB, [...weekly, original]);
});
afterAll(async () => {
  client.close();
  await ai.close();
});

describe('FinanceIntelligence.ScoreEntries', () => {
  it('should score drafts as GET /api/v1/finance/llm/anomalies scores the same entries once posted', async () => {
    const posted = await ai.app.inject({
      method: 'GET',
      url: '/api/v1/finance/llm/anomalies?from=2026-06-01&to=2026-06-30&lang=en',
      headers: { authorization: await authorization(tenantA) },
    });
    const findingOf = (kind: string) => posted.json().findings.find((finding: { kind: string }) => finding.kind === kind);
    const drafts = [asCandidate(duplicate, 'draft-duplicate'), asCandidate(outlier, 'draft-outlier'), asCandidate(usual, 'draft-usual')];

    const scored = await client.scoreEntries({ entries: drafts, language: 'en' }, { authorization: await authorization(tenantB) });

    const [duplicateScore, outlierScore, usualScore] = scored.scores;
    expect(scored).toMatchObject({ chart: 'skr03', entries_compared: 25 });
    expect(duplicateScore).toMatchObject({ entry_id: 'draft-duplicate', flagged: true, score: findingOf('duplicate').score });
    expect(duplicateScore?.findings[0]).toMatchObject({ kind: 'duplicate', reason: findingOf('duplicate').reason, related_entry_ids: [original.id] });
    expect(duplicateScore?.findings[0]?.details).toMatchObject({ amount: '84.20', days_apart: '1' });
    expect(outlierScore).toMatchObject({ entry_id: 'draft-outlier', flagged: true, score: findingOf('amount_outlier').score });
    expect(outlierScore?.findings[0]).toMatchObject({ kind: 'amount_outlier', account: '4930', reason: findingOf('amount_outlier').reason });
    expect(usualScore).toEqual({ entry_id: 'draft-usual', flagged: false, score: 0, findings: [] });
  });

  it('should find a draft that duplicates another draft of the same request, naming it by its own id', async () => {
    const request = { entries: [asCandidate(usual, 'first'), asCandidate(usual, 'second')] };

    const scored = await client.scoreEntries(request, { authorization: await authorization(tenantB) });

    expect(scored.scores[1]?.findings).toEqual([expect.objectContaining({ kind: 'duplicate', related_entry_ids: ['first'] })]);
    expect(scored.scores[0]?.findings).toEqual([expect.objectContaining({ kind: 'duplicate', related_entry_ids: ['second'] })]);
  });

  it("should not compare with another tenant's ledger", async () => {
    const scored = await client.scoreEntries({ entries: [asCandidate(duplicate)] }, { authorization: await authorization(randomUUID()) });

    expect(scored).toMatchObject({ entries_compared: 0, generation: '0', scores: [{ flagged: false, score: 0, findings: [] }] });
  });

  it('should take approval limits from the request', async () => {
    const draft = bankPayment({ description: 'Viking Bürobedarf Bestellung', gross: '990.00', expense: '4930', date: '2026-06-20' });

    const scored = await client.scoreEntries({ entries: [asCandidate(draft)], approval_limits: ['1000.00'] }, { authorization: await authorization(tenantB) });

    expect(scored.scores[0]?.findings.map((finding) => finding.kind)).toContain('just_below_approval_limit');
  });

  it('should refuse malformed candidates with INVALID_ARGUMENT naming each field', async () => {
    const draft = asCandidate(usual, 'same');
    const lines = draft.lines ?? [];
    const bothSides = { ...draft, id: 'both', lines: [{ ...lines[0], credit: '1.00' }, ...lines.slice(1)] };
    const selfTax = { ...draft, id: 'self', lines: [{ ...lines[0], tax_of: 1 }, ...lines.slice(1)] };
    const call = (request: Parameters<FinanceIntelligenceTestClient['scoreEntries']>[0]) =>
      authorization(tenantB).then((token) => refusalOf(client.scoreEntries(request, { authorization: token })));

    const none = await call({ entries: [] });
    const tooMany = await call({ entries: Array.from({ length: 51 }, (_, index) => asCandidate(usual, `d${index}`)) });
    const sides = await call({ entries: [bothSides] });
    const ids = await call({ entries: [draft, draft] });
    const tax = await call({ entries: [selfTax] });
    const amount = await call({ entries: [{ ...draft, lines: [{ ...lines[0], debit: '1e3' }, ...lines.slice(1)] }] });
    const chart = await call({ entries: [draft], chart: 'skr99' });
    const limits = await call({ entries: [draft], approval_limits: ['1.000,00'] });
    const date = await call({ entries: [{ ...draft, posting_date: '2026-13-01' }] });

    expect(none).toMatchObject({ code: status.INVALID_ARGUMENT, errorCode: 'KIT_VALIDATION_FAILED', fields: ['/entries'] });
    expect(tooMany.fields).toEqual(['/entries']);
    expect(sides.fields).toEqual(['/entries/0/lines/0']);
    expect(ids.fields).toEqual(['/entries/1/id']);
    expect(tax.fields).toEqual(['/entries/0/lines/0/tax_of']);
    expect(amount.fields).toEqual(['/entries/0/lines/0/debit']);
    expect(chart.fields).toEqual(['/chart']);
    expect(limits.fields).toEqual(['/approval_limits/0']);
    expect(date.fields).toEqual(['/entries/0/posting_date']);
  });

  it('should refuse a caller without ai.suggestions:read', async () => {
    const token = await tokens.bearer({ tenantId: tenantB, permissions: ['ai.assistant:use'] });

    const refusal = await refusalOf(client.scoreEntries({ entries: [asCandidate(usual)] }, { authorization: token }));

    expect(refusal.code).toBe(status.PERMISSION_DENIED);
  });
});
