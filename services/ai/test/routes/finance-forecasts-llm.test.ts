import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { LedgerEntry } from '../../src/intelligence/ledger/ledger-entry.js';
import { addMonths } from '../../src/intelligence/statistics/dates.js';
import { type FakeServer, type RecordedRequest, startFakeServer } from '../fakes/fake-server.js';
import { openAiCompletion, openAiServerError } from '../fakes/openai-wire.js';
import { buildTestApp, chatModel, newTenant, providersConfig, type TestAi } from '../helpers.js';
import { bankPayment, credit, debit, ledgerEntry, loadLedger } from '../intelligence/ledger-fixtures.js';

let llm: FakeServer;
let ai: TestAi;
const URL = '/api/v1/finance/llm/forecasts/liquidity';

/** Thirty months of receipts mid-month, rent on the 1st and salaries on the 28th. */
function bankHistory(): LedgerEntry[] {
  return Array.from({ length: 30 }, (_, index) => addMonths('2024-01', index)).flatMap((month) => [
    ledgerEntry({ postingDate: `${month}-14`, description: 'Becker GmbH Zahlung', lines: [debit('1200', '28000.00'), credit('1400', '28000.00')] }),
    bankPayment({ description: 'Hausverwaltung Meyer Miete', gross: '2850.00', expense: '4210', date: `${month}-01`, taxCode: null }),
    bankPayment({ description: 'Gehälter', gross: '18500.00', expense: '4120', date: `${month}-28`, taxCode: null }),
  ]);
}

beforeAll(async () => {
  llm = await startFakeServer(() => openAiServerError());
  const AI_CONFIG = providersConfig(
    { llm: { kind: 'openai-compatible', baseUrl: `${llm.url}/v1`, timeoutMs: 800, models: [chatModel('qwen2.5', '0.10', '0.40')] } },
    { tasks: { default: { strategy: 'cheapest', cache_ttl_s: 0 } } },
  );
  ai = await buildTestApp(inject('adminUrl'), { env: { AI_CONFIG, AI_BREAKER_MIN_CALLS: '1000' } });
});
afterAll(async () => {
  await ai.close();
  await llm.close();
});

async function tenantWithHistory(): Promise<string> {
  const tenantId = newTenant();
  await loadLedger(ai.db, tenantId, bankHistory());
  return tenantId;
}

async function forecast(tenantId: string, query = '?as_of=2026-06-30&horizon_weeks=8') {
  const before = llm.requests.length;
  const response = await ai.app.inject({ method: 'GET', url: `${URL}${query}`, headers: await ai.headers(tenantId) });
  return { response, body: response.json(), modelCalls: llm.requests.slice(before) };
}

const messages = (request: RecordedRequest | undefined) => (request?.body.messages ?? []) as { role: string; content: string }[];
const written = (codes: readonly string[], summary = 'Die Liquidität bleibt stabil.') =>
  openAiCompletion(JSON.stringify({ summary, recommendations: codes.map((code) => ({ code, text: `Empfehlung ${code}.` })) }), {
    promptTokens: 600,
    completionTokens: 120,
  });

describe('GET /api/v1/finance/llm/forecasts/liquidity with a language model', () => {
  it("should let the model write the report from the templates' facts, with the same recommendation codes", async () => {
    const tenantId = await tenantWithHistory();
    const template = (await forecast(tenantId, '?as_of=2026-06-30&horizon_weeks=8&lang=en')).body.report;
    llm.script(
      written(
        template.recommendations.map((item: { code: string }) => item.code),
        'Liquidity stays comfortable.',
      ),
    );

    const { response, body, modelCalls } = await forecast(tenantId, '?as_of=2026-06-30&horizon_weeks=8&lang=en');

    expect(response.statusCode).toBe(200);
    expect(body.report).toMatchObject({ language: 'en', summary: 'Liquidity stays comfortable.', written_by: 'llm' });
    expect(body.report.recommendations.map((item: { code: string }) => item.code)).toEqual(template.recommendations.map((item: { code: string }) => item.code));
    expect(modelCalls).toHaveLength(1);
    expect(messages(modelCalls[0])[0]?.content).toContain('Write in English');
    const facts = JSON.parse(messages(modelCalls[0])[1]?.content ?? '{}');
    expect(facts).toMatchObject({ as_of: '2026-06-30', opening_balance: body.opening_balance, weeks: 8, template_report: { summary: template.summary } });
  });

  it("should keep the templates' report when the model's recommendations do not match their codes", async () => {
    const tenantId = await tenantWithHistory();
    llm.script(written(['buy_bitcoin']));

    const { body, modelCalls } = await forecast(tenantId);

    expect(body.report.written_by).toBe('template');
    expect(body.report.summary).toMatch(/^Bankbestand am 2026-06-30/);
    expect(body.report.recommendations.map((item: { code: string }) => item.code)).not.toContain('buy_bitcoin');
    expect(modelCalls).toHaveLength(1);
  });

  it("should keep the templates' report when the model fails", async () => {
    const tenantId = await tenantWithHistory();
    llm.script(openAiServerError());

    const { response, body } = await forecast(tenantId);

    expect(response.statusCode).toBe(200);
    expect(body.report).toMatchObject({ language: 'de', written_by: 'template' });
  });

  it('should call no model when the tenant keeps the report task local', async () => {
    const tenantId = await tenantWithHistory();
    const headers = await ai.headers(tenantId);
    await ai.app.inject({ method: 'PUT', url: '/api/v1/ai/tasks/forecast-report', headers, payload: { strategy: 'local-only' } });

    const { body, modelCalls } = await forecast(tenantId);

    expect(body.report.written_by).toBe('template');
    expect(modelCalls).toHaveLength(0);
  });

  it('should account the report under the forecast-report task', async () => {
    const tenantId = await tenantWithHistory();
    const codes = (await forecast(tenantId)).body.report.recommendations.map((item: { code: string }) => item.code);
    llm.script(written(codes));
    await forecast(tenantId);

    const usage = await ai.app.inject({ method: 'GET', url: '/api/v1/ai/usage?group_by=task', headers: await ai.headers(tenantId) });

    // The first forecast's call failed (the fake's fallback); the second was written by the model.
    expect(usage.json().items).toEqual([expect.objectContaining({ task: 'forecast-report', requests: 2, failed_requests: 1, input_tokens: 600 })]);
  });
});
