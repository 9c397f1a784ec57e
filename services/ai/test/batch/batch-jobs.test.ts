import { withTenant } from '@erp/kit';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertBatchJob } from '../../src/db/batch-jobs.js';
import { type FakeServer, startFakeServer } from '../fakes/fake-server.js';
import { openAiCompletion, openAiServerError } from '../fakes/openai-wire.js';
import { chatModel, newTenant, providersConfig, userMessage } from '../helpers.js';
import { type BatchTestAi, buildBatchApp } from './batch-app.js';

let cheap: FakeServer;
let dear: FakeServer;
let broken: FakeServer;
let ai: BatchTestAi;

beforeAll(async () => {
  cheap = await startFakeServer(() => openAiCompletion('From the cheap model'));
  dear = await startFakeServer(() => openAiCompletion('From the dear model'));
  broken = await startFakeServer(() => openAiServerError());
  const providers = {
    cheap: { baseUrl: `${cheap.url}/v1`, models: [chatModel('gpt-4o-mini', '0.15', '0.6')] },
    dear: { baseUrl: `${dear.url}/v1`, models: [chatModel('gpt-4o', '2.5', '10')] },
    broken: { baseUrl: `${broken.url}/v1`, models: [chatModel('flaky', '0.1', '0.1')] },
  };
  const tasks = { default: { strategy: 'cheapest', cache_ttl_s: 0 }, report: { strategy: 'pinned', model: 'dear/gpt-4o', cache_ttl_s: 0 } };
  ai = await buildBatchApp({ AI_CONFIG: providersConfig(providers, { tasks }) });
});
afterAll(async () => {
  await ai.close();
  for (const vendor of [cheap, dear, broken]) await vendor.close();
});

async function submit(tenantId: string, payload: Record<string, unknown>, headers: Record<string, string> = {}) {
  return ai.app.inject({
    method: 'POST',
    url: '/api/v1/ai/chat',
    headers: { ...(await ai.headers(tenantId)), ...headers },
    payload: { priority: 'batch', messages: userMessage(), ...payload },
  });
}

const jobCount = (tenantId: string) =>
  withTenant(ai.db.kysely, tenantId, async (trx) =>
    Number(
      (
        await trx
          .selectFrom('batch_job')
          .select((eb) => eb.fn.countAll().as('count'))
          .executeTakeFirstOrThrow()
      ).count,
    ),
  );
const deliveries = async () =>
  Number((await sql<{ count: string }>`select count(*) from outbox where type = 'erp.ai.batch_job.queued.v1'`.execute(ai.db.kysely)).rows[0]?.count);

describe('POST /api/v1/ai/chat with priority batch', () => {
  it('should accept the request with 202 and a job id, and run it later on the cheapest capable model', async () => {
    const tenantId = newTenant();
    const cheapCalls = cheap.requests.length;
    const dearCalls = dear.requests.length;

    const accepted = await submit(tenantId, { task: 'report' });
    const job = await ai.waitForJob(tenantId, accepted.json().id, (status) => status === 'succeeded' || status === 'failed');
    const interactive = await ai.app.inject({
      method: 'POST',
      url: '/api/v1/ai/chat',
      headers: await ai.headers(tenantId),
      payload: { task: 'report', messages: userMessage() },
    });

    expect(accepted.statusCode).toBe(202);
    expect(accepted.json()).toMatchObject({ status: 'queued', task: 'report', attempts: 0 });
    expect(accepted.headers.location).toBe(`/api/v1/ai/jobs/${accepted.json().id}`);
    expect(job).toMatchObject({ status: 'succeeded', attempts: 1, result: { model: 'cheap/gpt-4o-mini', text: 'From the cheap model', cached: false } });
    expect([cheap.requests.length - cheapCalls, dear.requests.length - dearCalls]).toEqual([1, 1]);
    expect(interactive.json().model).toBe('dear/gpt-4o');
  });

  it('should keep the problem document of a job that failed', async () => {
    const tenantId = newTenant();

    const accepted = await submit(tenantId, { routing: { model: 'broken/flaky', fallback: false } });
    const job = await ai.waitForJob(tenantId, accepted.json().id, (status) => status === 'succeeded' || status === 'failed');

    expect(job).toMatchObject({ status: 'failed', error: { code: 'AI_PROVIDERS_FAILED', status: 502 } });
    expect(job).not.toHaveProperty('result');
  });

  it('should replay the same job for a repeated Idempotency-Key', async () => {
    const tenantId = newTenant();
    const key = { 'idempotency-key': 'batch-0001' };

    const first = await submit(tenantId, { task: 'nightly' }, key);
    const again = await submit(tenantId, { task: 'nightly' }, key);

    expect(again.statusCode).toBe(202);
    expect(again.json().id).toBe(first.json().id);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await jobCount(tenantId)).toBe(1);
  });

  it.each([
    ['an unknown model', { routing: { model: 'nobody/nothing' } }, 404, 'AI_MODEL_NOT_FOUND'],
    ['a conversation without a question', { messages: [{ role: 'assistant', content: 'Hi' }] }, 400, 'AI_REQUEST_UNSUPPORTED'],
    ['a malformed body', { messages: 'not a list' }, 400, 'KIT_VALIDATION_FAILED'],
    ['an oversized conversation', { messages: Array.from({ length: 501 }, () => ({ role: 'user', content: 'x' })) }, 400, 'KIT_VALIDATION_FAILED'],
  ])('should refuse %s with a problem document and write no job', async (_case, payload, status, code) => {
    const tenantId = newTenant();
    const before = await deliveries();

    const response = await submit(tenantId, payload);

    expect(response.statusCode).toBe(status);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.json().code).toBe(code);
    expect([await jobCount(tenantId), await deliveries()]).toEqual([0, before]);
  });
});

describe('GET /api/v1/ai/jobs/:id', () => {
  it("should not show one tenant's job or result to another tenant", async () => {
    const [owner, other] = [newTenant(), newTenant()];
    const accepted = await submit(owner, { task: 'secret' });
    await ai.waitForJob(owner, accepted.json().id, (status) => status === 'succeeded');

    const response = await ai.app.inject({ method: 'GET', url: `/api/v1/ai/jobs/${accepted.json().id}`, headers: await ai.headers(other) });

    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ code: 'AI_JOB_NOT_FOUND' });
    expect(JSON.stringify(response.json())).not.toContain('cheap model');
  });

  it('should refuse an id that is not a UUID with 400', async () => {
    const response = await ai.app.inject({ method: 'GET', url: "/api/v1/ai/jobs/1'%20or%201=1", headers: await ai.headers(newTenant()) });

    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
  });
});

describe('the batch sweep', () => {
  it('should run again a job whose worker stopped while running it', async () => {
    const tenantId = newTenant();
    const id = '00000000-0000-4000-8000-00000000b0b0';
    // A job as a crashed instance leaves it: running, its lease run out, no delivery pending.
    await withTenant(ai.db.kysely, tenantId, async (trx) => {
      const body = { priority: 'batch', messages: userMessage('Summarise the quarter.') };
      await insertBatchJob(trx, { tenantId, id, task: 'chat', request: body, requestId: 'crashed', now: new Date() });
      await trx
        .updateTable('batch_job')
        .set({ status: 'running', attempts: 1, lease_until: new Date(Date.now() - 1000) })
        .where('id', '=', id)
        .execute();
    });

    const job = await ai.waitForJob(tenantId, id, (status) => status === 'succeeded' || status === 'failed');

    expect(job).toMatchObject({ status: 'succeeded', attempts: 2, result: { model: 'cheap/gpt-4o-mini' } });
  });
});
