import type { ServiceApp } from '@erp/kit';
import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { estimatePromptTokens } from '../../src/domain/token-estimate.js';
import { type FakeServer, startFakeServer } from '../fakes/fake-server.js';
import { openAiCompletion } from '../fakes/openai-wire.js';
import { buildTestApp, chatModel, newTenant, providersConfig, type TestAi, userMessage } from '../helpers.js';

const MESSAGES = userMessage('Quota check.');
const OUTPUT_TOKENS = 50;
// The vendor reports exactly the estimate the reservation is made with, so every settlement leaves the counters
// where the reservation put them, and the number of admitted requests does not depend on timing.
const TOKENS_PER_CALL = estimatePromptTokens(MESSAGES) + OUTPUT_TOKENS;
const PRICE = '1000';
const COST_PER_CALL_EUR = new Decimal(TOKENS_PER_CALL).times(PRICE).dividedBy(1_000_000);

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Per-minute counters start afresh each calendar minute; a burst must not straddle the boundary. */
async function awayFromMinuteEnd(): Promise<void> {
  const intoMinuteMs = Date.now() % 60_000;
  if (intoMinuteMs > 50_000) await wait(60_000 - intoMinuteMs + 200);
}

function quotaSuite(store: 'postgres' | 'redis') {
  let vendor: FakeServer;
  let ai: TestAi;
  let replica: ServiceApp;

  beforeAll(async () => {
    vendor = await startFakeServer(() => openAiCompletion('ok', { promptTokens: estimatePromptTokens(MESSAGES), completionTokens: OUTPUT_TOKENS }));
    const config = providersConfig(
      { openai: { baseUrl: `${vendor.url}/v1`, models: [chatModel('gpt-4o-mini', PRICE, PRICE)], maxConcurrency: 100 } },
      { tasks: { default: { strategy: 'cheapest', cache_ttl_s: 0, max_output_tokens: OUTPUT_TOKENS } } },
    );
    ai = await buildTestApp(inject('adminUrl'), { env: { AI_CONFIG: config }, redisUrl: store === 'redis' ? inject('redisUrl') : undefined });
    replica = await ai.replica();
  }, 120_000);
  afterAll(async () => {
    await ai.close();
    await vendor.close();
  });

  async function burst(tenantId: string, count: number) {
    const headers = await ai.headers(tenantId);
    await awayFromMinuteEnd();
    const answers = await Promise.all(
      Array.from({ length: count }, (_, index) =>
        (index % 2 === 0 ? ai.app : replica).inject({ method: 'POST', url: '/api/v1/ai/chat', headers, payload: { messages: MESSAGES } }),
      ),
    );
    const codes = answers.filter((answer) => answer.statusCode === 429).map((answer) => answer.json().code as string);
    return { admitted: answers.filter((answer) => answer.statusCode === 200).length, codes };
  }

  async function setQuota(tenantId: string, payload: Record<string, unknown>) {
    const response = await ai.app.inject({ method: 'PUT', url: '/api/v1/ai/quotas', headers: await ai.headers(tenantId), payload });
    expect(response.statusCode).toBe(200);
  }

  it(`should admit exactly the requests per minute across two instances (${store})`, async () => {
    const tenantId = newTenant();
    await setQuota(tenantId, { requests_per_minute: 10 });

    const { admitted, codes } = await burst(tenantId, 30);

    expect(admitted).toBe(10);
    expect(codes).toEqual(Array(20).fill('AI_QUOTA_REQUESTS_PER_MINUTE'));
  });

  it(`should admit exactly the tokens per minute across two instances (${store})`, async () => {
    const tenantId = newTenant();
    await setQuota(tenantId, { tokens_per_minute: TOKENS_PER_CALL * 6 });

    const { admitted, codes } = await burst(tenantId, 20);

    expect(admitted).toBe(6);
    expect(new Set(codes)).toEqual(new Set(['AI_QUOTA_TOKENS_PER_MINUTE']));
  });

  it(`should spend exactly up to the monthly budget across two instances (${store})`, async () => {
    const tenantId = newTenant();
    await setQuota(tenantId, { monthly_budget_eur: COST_PER_CALL_EUR.times(7).toFixed() });

    const { admitted, codes } = await burst(tenantId, 20);
    const state = await replica.inject({ method: 'GET', url: '/api/v1/ai/quotas', headers: await ai.headers(tenantId) });

    expect(admitted).toBe(7);
    expect(new Set(codes)).toEqual(new Set(['AI_QUOTA_MONTHLY_BUDGET']));
    expect(state.json().current).toMatchObject({ spent_eur_this_month: COST_PER_CALL_EUR.times(7).toFixed(), reserved_eur_this_month: '0' });
  });
}

describe('tenant quotas in PostgreSQL', () => quotaSuite('postgres'));

describe.runIf(inject('redisUrl'))('tenant quotas in Redis', () => quotaSuite('redis'));
