import { FINANCE_INTELLIGENCE_LOADER_OPTIONS, FINANCE_INTELLIGENCE_SERVICE, financeIntelligenceProtoPath } from '@erp/contracts';
import { freePort } from '@erp/kit/testing';
import { Server, ServerCredentials, type ServerUnaryCall, type ServiceDefinition, type sendUnaryData, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { cloudEvent, consumerOf, supplierInvoiceData, TYPES } from '../events/documents.js';
import { buildTestApp, type Client, clientFor, credit, debit, entryInput, FINANCE, FINANCE_PERMISSIONS, type TestFinance } from '../helpers.js';

const WITH_AI = [...FINANCE_PERMISSIONS, 'ai.suggestions:read' as const];
const apps: TestFinance[] = [];

/** A gRPC server of FinanceIntelligence with the given handlers, as a stand-in for ai that misbehaves. */
async function fakeAi(port: number, handlers: UntypedServiceImplementation): Promise<Server> {
  const definition = loadSync(financeIntelligenceProtoPath(), FINANCE_INTELLIGENCE_LOADER_OPTIONS);
  const server = new Server();
  server.addService(definition[FINANCE_INTELLIGENCE_SERVICE] as ServiceDefinition, handlers);
  await new Promise<void>((resolve, reject) =>
    server.bindAsync(`127.0.0.1:${port}`, ServerCredentials.createInsecure(), (error) => (error ? reject(error) : resolve())),
  );
  return server;
}

type Call = ServerUnaryCall<unknown, unknown>;

const answering: UntypedServiceImplementation = {
  SuggestPostings: (_call: Call, callback: sendUnaryData<unknown>) =>
    callback(null, { suggestion_id: '5d1f0c2e-0000-4000-8000-000000000001', kind: 'incoming_invoice', proposals: [], learned_entries: 0 }),
  ScoreEntries: (_call: Call, callback: sendUnaryData<unknown>) => callback(null, { scores: [], chart: 'skr03', generation: '0' }),
};

/** Finance with `env`, a tenant with a parked supplier invoice and a draft. */
async function financeWith(env: Record<string, string>): Promise<{ client: Client; parkedId: string; draftId: string }> {
  const finance = await buildTestApp(inject('adminUrl'), { env });
  apps.push(finance);
  const client = await clientFor(finance, { permissions: WITH_AI });
  await client.post(`${FINANCE}/setup`, { chart: 'SKR03' });
  await client.post(`${FINANCE}/fiscal-years`, { year: 2026 });
  await consumerOf(finance).handle(cloudEvent(TYPES.supplierInvoiceRecorded, client.tenantId, supplierInvoiceData({ invoice_date: '2025-12-01' })));
  const parkedId = (await client.get(`${FINANCE}/parked-events`)).json().items[0].id;
  const draft = entryInput({ status: 'draft', description: 'Telekom Mobilfunk', lines: [debit('4920', '119.00'), credit('1200', '119.00')] });
  const draftId = (await client.post(`${FINANCE}/transactions`, draft)).json().id;
  return { client, parkedId, draftId };
}

async function timed<T>(work: Promise<T>): Promise<{ result: T; ms: number }> {
  const startedAt = performance.now();
  const result = await work;
  return { result, ms: performance.now() - startedAt };
}

afterAll(async () => {
  for (const app of apps) await app.close();
});

describe('finance when ai cannot be reached', () => {
  let tenant: Awaited<ReturnType<typeof financeWith>>;

  beforeAll(async () => {
    // Nothing listens on the port: every call is refused by the operating system.
    const port = await freePort();
    tenant = await financeWith({
      AI_GRPC_URL: `127.0.0.1:${port}`,
      AI_GRPC_TIMEOUT_MS: '2000',
      AI_GRPC_BREAKER_FAILURES: '3',
      AI_GRPC_BREAKER_COOLDOWN_MS: '60000',
    });
  });

  it('should answer a parked event at once with its input and the suggestions unavailable', async () => {
    const { result: response, ms } = await timed(tenant.client.get(`${FINANCE}/parked-events/${tenant.parkedId}/suggestions`));

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      input: { kind: 'incoming_invoice' },
      suggestions: { status: 'unavailable', detail: 'The ai service cannot be reached.' },
    });
    expect(ms).toBeLessThan(1500);
  });

  it('should answer a draft with score and suggestions unavailable, then stop asking once the breaker opens', async () => {
    const first = await tenant.client.post(`${FINANCE}/transactions/${tenant.draftId}/suggestions`);
    const { result: second, ms } = await timed(tenant.client.post(`${FINANCE}/transactions/${tenant.draftId}/suggestions`));

    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ score: { status: 'unavailable' }, suggestions: { status: 'unavailable' } });
    expect(second.json().suggestions.detail).toMatch(/^The ai service failed repeatedly; it is asked again from 20/);
    expect(ms).toBeLessThan(200);
  });

  it('should keep the rest of finance working', async () => {
    const response = await tenant.client.get(`${FINANCE}/transactions/${tenant.draftId}`);

    expect(response.statusCode).toBe(200);
  });
});

describe('finance when ai does not answer in time', () => {
  it('should give up at its deadline and say so', async () => {
    const port = await freePort();
    // Takes every call and never answers.
    const silent = await fakeAi(port, { SuggestPostings: () => {}, ScoreEntries: () => {} });
    const tenant = await financeWith({ AI_GRPC_URL: `127.0.0.1:${port}`, AI_GRPC_TIMEOUT_MS: '300' });

    const { result: response, ms } = await timed(tenant.client.post(`${FINANCE}/transactions/${tenant.draftId}/suggestions`));
    silent.forceShutdown();

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      score: { status: 'unavailable', detail: 'The ai service did not answer within 300 ms.' },
      suggestions: { status: 'unavailable', detail: 'The ai service did not answer within 300 ms.' },
    });
    expect(ms).toBeGreaterThanOrEqual(290);
    expect(ms).toBeLessThan(1500);
  });
});

describe('finance when ai comes back', () => {
  it('should ask ai again after the cooldown and get answers', async () => {
    const port = await freePort();
    const tenant = await financeWith({ AI_GRPC_URL: `127.0.0.1:${port}`, AI_GRPC_BREAKER_FAILURES: '1', AI_GRPC_BREAKER_COOLDOWN_MS: '300' });
    const url = `${FINANCE}/parked-events/${tenant.parkedId}/suggestions`;

    // 1. ai is down: the first call fails and opens the breaker, the second is answered by the breaker.
    const down = await tenant.client.get(url);
    const open = await tenant.client.get(url);
    // 2. ai starts; after the cooldown the probe goes through and closes the breaker.
    const server = await fakeAi(port, answering);
    await new Promise((resolve) => setTimeout(resolve, 400));
    let back = await tenant.client.get(url);
    for (let attempt = 0; attempt < 20 && back.json().suggestions.status !== 'available'; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 400));
      back = await tenant.client.get(url);
    }
    server.forceShutdown();

    expect(down.json().suggestions).toMatchObject({ status: 'unavailable', detail: 'The ai service cannot be reached.' });
    expect(open.json().suggestions.detail).toMatch(/asked again from/);
    expect(back.json().suggestions).toMatchObject({ status: 'available', suggestion_id: '5d1f0c2e-0000-4000-8000-000000000001', proposals: [] });
  });
});

describe('finance without ai', () => {
  it('should say that ai is not configured when AI_GRPC_URL is off', async () => {
    const tenant = await financeWith({ AI_GRPC_URL: 'off' });

    const response = await tenant.client.get(`${FINANCE}/parked-events/${tenant.parkedId}/suggestions`);

    expect(response.json().suggestions).toEqual({ status: 'unavailable', detail: 'The ai service is not configured (AI_GRPC_URL=off).' });
  });
});
