import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type FakeServer, startFakeServer } from '../fakes/fake-server.js';
import { openAiDefault, openAiRateLimited, openAiServerError } from '../fakes/openai-wire.js';
import { buildTestApp, chatModel, newTenant, providersConfig, type TestAi, userMessage } from '../helpers.js';

let vendor: FakeServer;
let ai: TestAi;
// Long enough that a slow CI machine still scrapes the metrics and asks again while the breaker is open.
const COOLDOWN_MS = 3000;

beforeAll(async () => {
  vendor = await startFakeServer(openAiDefault);
  // Each test pins its own model without fallback: a group with a single member, which must cool down too.
  const models = ['m1', 'm2', 'm3'].map((id) => chatModel(id));
  const config = providersConfig({ solo: { baseUrl: `${vendor.url}/v1`, models } }, { tasks: { default: { strategy: 'cheapest', cache_ttl_s: 0 } } });
  ai = await buildTestApp(inject('adminUrl'), {
    env: { AI_CONFIG: config, AI_BREAKER_MIN_CALLS: '2', AI_BREAKER_WINDOW: '4', AI_BREAKER_FAILURE_RATE: '0.5', AI_BREAKER_COOLDOWN_MS: String(COOLDOWN_MS) },
  });
});
afterAll(async () => {
  await ai.close();
  await vendor.close();
});

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function ask(model: string) {
  const payload = { messages: userMessage(), routing: { model: `solo/${model}`, fallback: false } };
  return ai.app.inject({ method: 'POST', url: '/api/v1/ai/chat', headers: await ai.headers(newTenant()), payload });
}

async function breakerState(model: string): Promise<string | undefined> {
  const response = await ai.app.inject({ method: 'GET', url: '/api/v1/ai/deployments', headers: await ai.headers(newTenant()) });
  return (response.json().items as { model: string; breaker: string }[]).find((item) => item.model === `solo/${model}`)?.breaker;
}

describe('the circuit breaker of a deployment', () => {
  it('should open after the failure rate is reached, refuse without calling the vendor, then probe half-open and close', async () => {
    // 1. Two failures out of two calls: the rate (1.0) is over the threshold and the minimum is met.
    vendor.script(openAiServerError(), openAiServerError());
    expect((await ask('m1')).statusCode).toBe(502);
    expect((await ask('m1')).statusCode).toBe(502);
    const calls = vendor.requests.length;

    // 2. Open: refused at once with Retry-After, and the vendor sees nothing.
    const refused = await ask('m1');
    expect(refused.statusCode).toBe(503);
    expect(refused.json()).toMatchObject({ code: 'AI_PROVIDERS_COOLING_DOWN' });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(vendor.requests.length).toBe(calls);
    expect(await breakerState('m1')).toBe('open');
    const metrics = await ai.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toMatch(/ai_breaker_open\{deployment="global\/solo\/m1",service="ai"\} 1/);

    // 3. After the cooldown one probe goes through; it succeeds and closes the breaker.
    await wait(COOLDOWN_MS + 50);
    expect((await ask('m1')).statusCode).toBe(200);
    expect(await breakerState('m1')).toBe('closed');
    expect((await ask('m1')).statusCode).toBe(200);
  });

  it('should open again for a doubled cooldown when the probe fails', async () => {
    vendor.script(openAiServerError(), openAiServerError());
    await ask('m2');
    await ask('m2');
    await wait(COOLDOWN_MS + 50);

    vendor.script(openAiServerError());
    expect((await ask('m2')).statusCode).toBe(502);
    await wait(COOLDOWN_MS + 50);

    expect((await ask('m2')).json()).toMatchObject({ code: 'AI_PROVIDERS_COOLING_DOWN' });
    await wait(COOLDOWN_MS + 50);
    expect((await ask('m2')).statusCode).toBe(200);
  });

  it('should pause the deployment for as long as a 429 asks, from the first one', async () => {
    vendor.script(openAiRateLimited({ 'retry-after-ms': '400' }));

    const limited = await ask('m3');
    const next = await ask('m3');

    expect(limited.json()).toMatchObject({ code: 'AI_PROVIDERS_BUSY' });
    expect(next.json()).toMatchObject({ code: 'AI_PROVIDERS_COOLING_DOWN' });
    await wait(450);
    expect((await ask('m3')).statusCode).toBe(200);
  });
});
