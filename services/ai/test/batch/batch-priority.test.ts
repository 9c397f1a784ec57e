import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeServer, startFakeServer } from '../fakes/fake-server.js';
import { openAiCompletion } from '../fakes/openai-wire.js';
import { chatModel, newTenant, providersConfig, userMessage } from '../helpers.js';
import { type BatchTestAi, buildBatchApp } from './batch-app.js';

const VENDOR_LATENCY_MS = 400;
const BATCH_JOBS = 6;

let vendor: FakeServer;
let ai: BatchTestAi;

beforeAll(async () => {
  vendor = await startFakeServer(() => ({ ...openAiCompletion('Done'), delayMs: VENDOR_LATENCY_MS }));
  const providers = { slow: { baseUrl: `${vendor.url}/v1`, maxConcurrency: 2, timeoutMs: 5000, models: [chatModel('gpt-4o-mini')] } };
  ai = await buildBatchApp({
    AI_CONFIG: providersConfig(providers, { tasks: { default: { strategy: 'cheapest', cache_ttl_s: 0 } } }),
    AI_BATCH_CONCURRENCY: '1',
  });
});
afterAll(async () => {
  await ai.close();
  await vendor.close();
});

describe('batch jobs and interactive requests', () => {
  it('should answer a critical request without waiting for queued batch work, and still finish the batch work', async () => {
    const tenantId = newTenant();
    const headers = await ai.headers(tenantId);
    const ids: string[] = [];
    for (let index = 0; index < BATCH_JOBS; index += 1) {
      const accepted = await ai.app.inject({
        method: 'POST',
        url: '/api/v1/ai/chat',
        headers,
        payload: { priority: 'batch', messages: userMessage(`Batch question ${index}`) },
      });
      ids.push(accepted.json().id);
    }
    const status = async () => Promise.all(ids.map(async (id) => String((await ai.waitForJob(tenantId, id, () => true)).status)));
    // 1. Wait until the batch work has started.
    await ai.waitForJob(tenantId, ids[0] ?? '', (state) => state !== 'queued');

    // 2. A critical request arrives while six calls of 400 ms are queued behind a budget of one.
    const started = Date.now();
    const critical = await ai.app.inject({
      method: 'POST',
      url: '/api/v1/ai/chat',
      headers: await ai.headers(newTenant()),
      payload: { priority: 'critical', messages: userMessage('Is the payment run approved?') },
    });
    const criticalMs = Date.now() - started;
    const whenAnswered = await status();
    // 3. The batch work finishes after all.
    const finished = await Promise.all(ids.map((id) => ai.waitForJob(tenantId, id, (state) => state === 'succeeded' || state === 'failed')));

    expect(critical.statusCode).toBe(200);
    expect(criticalMs).toBeLessThan(2 * VENDOR_LATENCY_MS);
    expect(whenAnswered.filter((state) => state !== 'succeeded').length).toBeGreaterThanOrEqual(3);
    expect(finished.map((job) => job.status)).toEqual(Array.from({ length: BATCH_JOBS }, () => 'succeeded'));
  });
});
