import { randomUUID } from 'node:crypto';
import { withTenant } from '@erp/kit';
import { Decimal } from 'decimal.js';
import type { KyselyPlugin } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { UsageRecordInput } from '../../src/db/usage-records.js';
import { createUsageWriter } from '../../src/usage/usage-writer.js';
import { type FakeServer, startFakeServer } from '../fakes/fake-server.js';
import { openAiDefault } from '../fakes/openai-wire.js';
import { buildTestApp, chatModel, newTenant, providersConfig, type TestAi, userMessage } from '../helpers.js';

let ai: TestAi;

beforeAll(async () => {
  ai = await buildTestApp(inject('adminUrl'));
});
afterAll(() => ai.close());

function usageRow(tenantId: string, overrides: Partial<UsageRecordInput> = {}): UsageRecordInput {
  return {
    tenant_id: tenantId,
    id: randomUUID(),
    occurred_at: new Date(),
    api: 'openai',
    operation: 'chat',
    task: 'summary',
    priority: 'normal',
    provider: 'openai',
    model: 'gpt-4o-mini',
    outcome: 'ok',
    input_tokens: 12,
    output_tokens: 4,
    cost_eur: '0.0000042',
    latency_ms: 3,
    attempts: 1,
    request_id: `req-${randomUUID()}`,
    ...overrides,
  };
}

async function storedRows(tenantId: string) {
  return withTenant(ai.db.kysely, tenantId, (trx) => trx.selectFrom('usage_record').selectAll().orderBy('request_id').execute());
}

describe('the usage writer', () => {
  it('should store every recorded row of every tenant, exactly as given, when it closes', async () => {
    const tenants = [newTenant(), newTenant(), newTenant()];
    const writer = createUsageWriter({ db: ai.db.kysely, flushIntervalMs: 60_000, batchSize: 100, onError: () => {} });
    const rows = Array.from({ length: 450 }, (_, index) => usageRow(tenants[index % 3] as string, { input_tokens: index, cost_eur: `0.${index}00000001` }));

    for (const row of rows) writer.record(row);
    await writer.close();

    for (const tenantId of tenants) {
      const stored = await storedRows(tenantId);
      const expected = rows.filter((row) => row.tenant_id === tenantId);
      expect(stored).toHaveLength(150);
      const key = (row: UsageRecordInput) => `${row.id} ${row.input_tokens} ${new Decimal(row.cost_eur).toFixed()} ${row.occurred_at.toISOString()}`;
      expect(new Set(stored.map(key))).toEqual(new Set(expected.map(key)));
    }
  });

  it('should keep the rows of a failed write and store them with the next flush', async () => {
    const tenantId = newTenant();
    let failuresLeft = 1;
    const failOnce: KyselyPlugin = {
      transformQuery: (args) => {
        if (failuresLeft > 0) {
          failuresLeft -= 1;
          throw new Error('connection lost');
        }
        return args.node;
      },
      transformResult: async (args) => args.result,
    };
    const errors: unknown[] = [];
    const writer = createUsageWriter({ db: ai.db.kysely.withPlugin(failOnce), flushIntervalMs: 60_000, onError: (error) => errors.push(error) });
    writer.record(usageRow(tenantId));
    writer.record(usageRow(tenantId));

    await writer.flush();
    const afterFailure = await storedRows(tenantId);
    await writer.close();

    expect(errors).toHaveLength(1);
    expect(afterFailure).toHaveLength(0);
    expect(await storedRows(tenantId)).toHaveLength(2);
  });
});

describe('usage records of a service instance', () => {
  let vendor: FakeServer;

  beforeAll(async () => {
    vendor = await startFakeServer(openAiDefault);
  });
  afterAll(() => vendor.close());

  it('should all be stored when the instance closes normally before its next flush', async () => {
    const config = providersConfig(
      { openai: { baseUrl: `${vendor.url}/v1`, models: [chatModel('gpt-4o-mini')] } },
      { tasks: { default: { strategy: 'cheapest', cache_ttl_s: 0 } } },
    );
    const instance = await buildTestApp(inject('adminUrl'), { env: { AI_CONFIG: config, AI_USAGE_FLUSH_MS: '60000' } });
    const tenantId = newTenant();
    const headers = await instance.headers(tenantId);
    const answers = await Promise.all(
      Array.from({ length: 25 }, () => instance.app.inject({ method: 'POST', url: '/api/v1/ai/chat', headers, payload: { messages: userMessage() } })),
    );

    await instance.app.close();
    const client = new pg.Client({ connectionString: instance.database.adminUrl });
    await client.connect();
    const { rows } = await client.query<{ count: string }>('select count(*) from ai.usage_record where tenant_id = $1', [tenantId]);
    await client.end();
    await instance.close();

    expect(answers.map((answer) => answer.statusCode)).toEqual(Array(25).fill(200));
    expect(Number(rows[0]?.count)).toBe(25);
  });
});
