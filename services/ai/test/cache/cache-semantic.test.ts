import type { ServiceApp } from '@erp/kit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createLedgerConsumer } from '../../src/intelligence/ledger-consumer.js';
import { type FakeServer, startFakeServer } from '../fakes/fake-server.js';
import { openAiCompletion } from '../fakes/openai-wire.js';
import { buildTestApp, chatModel, newTenant, providersConfig, type TestAi } from '../helpers.js';
import { bankPayment, postedEvent } from '../intelligence/ledger-fixtures.js';

const tasks = {
  default: { strategy: 'cheapest', cache_ttl_s: 60 },
  'liquidity-forecast': { strategy: 'cheapest', cache_ttl_s: 600, semantic_cache: true },
  'report-summary': { strategy: 'cheapest', cache_ttl_s: 600, semantic_cache: true },
};
const models = [chatModel('gpt-4o-mini'), chatModel('gpt-4o', '2.5', '10')];

type Answer = { cached: boolean; text: string; cache_similarity?: number };

const redisUrl = inject('redisUrl');
const modes = redisUrl ? (['in process', 'redis'] as const) : (['in process'] as const);

describe.each(modes)('the semantic cache (%s)', (mode) => {
  let vendor: FakeServer;
  let ai: TestAi;
  let replica: ServiceApp;
  let answers = 0;

  beforeAll(async () => {
    // Every answer is different, so a reused answer shows in the text.
    vendor = await startFakeServer(() => {
      answers += 1;
      return openAiCompletion(`Answer ${answers}`);
    });
    ai = await buildTestApp(inject('adminUrl'), {
      env: { AI_CONFIG: providersConfig({ openai: { baseUrl: `${vendor.url}/v1`, models } }, { tasks }) },
      redisUrl: mode === 'redis' ? redisUrl : undefined,
    });
    replica = await ai.replica();
  });
  afterAll(async () => {
    await ai.close();
    await vendor.close();
  });

  async function ask(tenantId: string, task: string, question: string, extra: Record<string, unknown> = {}, app: ServiceApp = ai.app): Promise<Answer> {
    const payload = { task, messages: [{ role: 'user', content: question }], ...extra };
    const response = await app.inject({ method: 'POST', url: '/api/v1/ai/chat', headers: await ai.headers(tenantId), payload });
    expect(response.statusCode).toBe(200);
    return response.json();
  }

  it('should answer a paraphrase from the cache and a near miss from the provider', async () => {
    const tenantId = newTenant();
    const first = await ask(tenantId, 'liquidity-forecast', 'Forecast our liquidity for the next 13 weeks.');
    const calls = vendor.requests.length;

    const paraphrase = await ask(tenantId, 'liquidity-forecast', 'Give me a cash forecast for the coming 13 weeks.');
    const nearMiss = await ask(tenantId, 'liquidity-forecast', 'Forecast our liquidity for the next 12 weeks.');

    expect(paraphrase).toMatchObject({ cached: true, text: first.text });
    expect(paraphrase.cache_similarity).toBeGreaterThanOrEqual(0.8);
    expect(nearMiss.cached).toBe(false);
    expect(vendor.requests.length).toBe(calls + 1);
  });

  it('should not reuse answers for a task that did not opt in, nor across tenants', async () => {
    const tenantId = newTenant();
    await ask(tenantId, 'chat', 'List the unpaid invoices of Müller GmbH.');
    await ask(tenantId, 'report-summary', 'Summarise the trial balance for fiscal year 2026.');

    const otherTask = await ask(tenantId, 'chat', 'Which invoices of Müller GmbH are still outstanding?');
    const otherTenant = await ask(newTenant(), 'report-summary', 'Give me a summary of the 2026 trial balance.');
    const sameTenant = await ask(tenantId, 'report-summary', 'Give me a summary of the 2026 trial balance.');

    expect([otherTask.cached, otherTenant.cached, sameTenant.cached]).toEqual([false, false, true]);
  });

  it('should keep answers apart by prompt version, pinned model and earlier messages', async () => {
    const tenantId = newTenant();
    const question = 'Summarise the profit and loss statement for May 2026.';
    const paraphrase = 'Summarise the profit & loss report for May 2026.';
    await ask(tenantId, 'report-summary', question, { prompt_version: 'v1' });

    const otherVersion = await ask(tenantId, 'report-summary', paraphrase, { prompt_version: 'v2' });
    const otherModel = await ask(tenantId, 'report-summary', paraphrase, { prompt_version: 'v1', routing: { model: 'openai/gpt-4o' } });
    const otherContext = await ask(tenantId, 'report-summary', paraphrase, {
      prompt_version: 'v1',
      messages: [
        { role: 'system', content: 'Answer in German.' },
        { role: 'user', content: paraphrase },
      ],
    });
    const sameScope = await ask(tenantId, 'report-summary', paraphrase, { prompt_version: 'v1' });

    expect([otherVersion.cached, otherModel.cached, otherContext.cached, sameScope.cached]).toEqual([false, false, false, true]);
  });

  it("should make a tenant's cached forecasts stale on every instance when a posting arrives, and only those", async () => {
    const tenantId = newTenant();
    const consumer = createLedgerConsumer({ db: ai.db.kysely, transport: { subscribe: async () => undefined } });
    const forecast = 'Forecast the cash balance for 31 December 2026.';
    await ask(tenantId, 'liquidity-forecast', forecast);
    await ask(tenantId, 'report-summary', 'Summarise the balance sheet as of 30 June 2026.');
    await ask(tenantId, 'liquidity-forecast', forecast, {}, replica);
    const before = await ask(tenantId, 'liquidity-forecast', forecast, {}, replica);

    // 1. Finance posts an entry; the consumer applies it (one instance handles each event).
    await consumer.handle(postedEvent(tenantId, bankPayment({ description: 'Miete', gross: '1190.00', expense: '4210', date: '2026-03-02' })));
    // 2. The forecast task depends on the ledger: its exact and semantic entries are stale on both instances
    //    (the answers computed after the posting may be reused again).
    const paraphrase = await ask(tenantId, 'liquidity-forecast', 'What cash balance do you forecast for 31 December 2026?', {}, replica);
    const exact = await ask(tenantId, 'liquidity-forecast', forecast);
    // 3. A task that does not depend on the ledger keeps its entries.
    const summary = await ask(tenantId, 'report-summary', 'Give me a summary of the balance sheet as of 30 June 2026.');

    expect(before.cached).toBe(true);
    expect([paraphrase.cached, summary.cached]).toEqual([false, true]);
    expect([paraphrase.text, exact.text]).not.toContain(before.text);
  });

  // Only the Redis store is shared between instances; the in-process one is per instance by design, so the
  // test exists only in the Redis run (registered, not skipped, so a skip never hides a missing server).
  if (mode === 'redis') {
    it('should share semantic entries between instances', async () => {
      const tenantId = newTenant();
      await ask(tenantId, 'report-summary', 'Summarise the VAT return for Q2 2026.');

      const onReplica = await ask(tenantId, 'report-summary', 'Short summary of the VAT return for Q2 2026, please.', {}, replica);

      expect(onReplica.cached).toBe(true);
    });
  }
});
