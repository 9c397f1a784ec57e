import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type FakeServer, startFakeServer } from '../fakes/fake-server.js';
import { openAiCompletion } from '../fakes/openai-wire.js';
import { newTenant, providersConfig, userMessage } from '../helpers.js';
import { type BatchTestAi, buildBatchApp } from './batch-app.js';

const amqpUrl = inject('amqpUrl');
let vendor: FakeServer;
let ai: BatchTestAi | undefined;

beforeAll(async () => {
  vendor = await startFakeServer(() => openAiCompletion('Answered via RabbitMQ'));
  if (amqpUrl) ai = await buildBatchApp({ AI_CONFIG: providersConfig({ openai: { baseUrl: `${vendor.url}/v1` } }) }, 'rabbitmq');
});
afterAll(async () => {
  await ai?.close();
  await vendor.close();
});

describe.runIf(amqpUrl)('batch jobs over RabbitMQ', () => {
  it('should deliver a batch job through the broker and keep its answer', async () => {
    const service = ai as BatchTestAi;
    const tenantId = newTenant();

    const accepted = await service.app.inject({
      method: 'POST',
      url: '/api/v1/ai/chat',
      headers: await service.headers(tenantId),
      payload: { priority: 'batch', messages: userMessage() },
    });
    const job = await service.waitForJob(tenantId, accepted.json().id, (status) => status === 'succeeded' || status === 'failed');

    expect(accepted.statusCode).toBe(202);
    expect(job).toMatchObject({ status: 'succeeded', result: { text: 'Answered via RabbitMQ' } });
  });
});
