import { type CloudEvent, HealthDocument } from '@erp/contracts';
import { connectPlatform, createEventConsumer, createService, type Platform, parseEnv, serviceEnvProperties, toServiceConfig, writeEvent } from '@erp/kit';
import { createTestDatabase, type TestDatabase } from '@erp/kit/testing';
import Type from 'typebox';
import { Value } from 'typebox/value';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const Env = Type.Object(serviceEnvProperties(0));
const EVENT_TYPE = 'erp.alpha.thing.happened.v1';

async function waitFor(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// The same wiring a service's main.ts does, over the embedded defaults and over the real servers.
const variants = [
  { name: 'the Postgres queue and registry', env: () => ({}), enabled: () => true },
  {
    name: 'RabbitMQ and Redis',
    env: () => ({ AMQP_URL: inject('amqpUrl'), REDIS_URL: inject('redisUrl') }),
    enabled: () => Boolean(inject('amqpUrl') && inject('redisUrl')),
  },
];

describe.each(variants)('connectPlatform with $name', (variant) => {
  let database: TestDatabase;
  let producer: Platform<unknown>;
  let consumer: Platform<unknown>;

  beforeAll(async () => {
    if (!variant.enabled()) return;
    database = await createTestDatabase(inject('adminUrl'));
    const config = toServiceConfig(parseEnv(Env, { DATABASE_URL: database.adminUrl, LOG_LEVEL: 'silent', PORT: '0', ...variant.env() }));
    producer = await connectPlatform({ service: 'alpha', config });
    consumer = await connectPlatform({ service: 'beta', config });
  });
  afterAll(async () => {
    if (!variant.enabled()) return;
    await producer?.close();
    await consumer?.close();
    await producer?.db.close();
    await consumer?.db.close();
    await producer?.registry.close();
    await consumer?.registry.close();
    await database?.drop();
  });

  it.runIf(variant.enabled())('should deliver an event written in a committed transaction to another service', async () => {
    const received: CloudEvent[] = [];
    await createEventConsumer({
      db: consumer.db.kysely,
      consumer: `beta_${Math.random().toString(36).slice(2, 8)}`,
      transport: consumer.events,
      handlers: { [EVENT_TYPE]: async (event) => void received.push(event) },
    }).start();

    await producer.db.kysely
      .transaction()
      .execute((trx) => writeEvent(trx, { type: EVENT_TYPE, subject: 'thing-1', data: { amount: '12.50' } }, { source: '/erp/alpha' }));

    await waitFor(() => received.length > 0);
    expect(received[0]).toMatchObject({ type: EVENT_TYPE, subject: 'thing-1', source: '/erp/alpha', data: { amount: '12.50' } });
  });

  it.runIf(variant.enabled())('should report the platform checks in a valid health document', async () => {
    const app = await createService({
      name: 'alpha',
      version: '0.0.1',
      config: { port: 0, logLevel: 'silent', bodyLimitBytes: 1024 },
      db: { pool: producer.db.pool, close: async () => {} },
      checks: producer.checks,
    });

    const response = await app.inject({ method: 'GET', url: '/health' });

    const document = response.json();
    expect([...Value.Errors(HealthDocument, document)]).toEqual([]);
    expect(Object.keys(document.checks).sort()).toEqual('REDIS_URL' in variant.env() ? ['broker', 'redis', 'registry'] : ['broker', 'registry']);
    expect(document.checks.broker.status).toBe('pass');
    await app.close();
  });
});
