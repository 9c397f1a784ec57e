import { createEventTransport, runtimeUrl } from '@erp/kit';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it, onTestFinished } from 'vitest';
import { brokerRole, brokerUrl } from '../../../src/events/pg-boss/broker-role.js';
import { createEventDatabase, type EventDatabase, SERVICE, silentLogger, waitFor } from '../helpers/event-database.js';
import { startTcpProxy } from '../helpers/tcp-proxy.js';
import { createTestBroker, type TestBroker } from '../helpers/test-broker.js';

let database: EventDatabase;
let broker: TestBroker;

beforeAll(async () => {
  database = await createEventDatabase();
  broker = createTestBroker('pg-boss', database.adminUrl);
});
afterAll(async () => {
  await broker.close();
  await database.close();
});

async function queryAs(url: string, text: string): Promise<unknown> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}

describe('createPgBossTransport', () => {
  it("should keep the broker role out of the service schemas and the service roles out of the broker's", async () => {
    await broker.connect();
    const asBroker = brokerUrl(database.adminUrl, brokerRole(database.adminUrl, 'erp_events'));
    const asService = runtimeUrl(database.adminUrl, database.db.roles);

    // Awaited one at a time: a second pending rejection would go unhandled while the first is awaited.
    await expect(queryAs(asBroker, `select * from ${SERVICE}.outbox`)).rejects.toThrow(/permission denied/);
    await expect(queryAs(asService, 'select * from erp_events.job')).rejects.toThrow(/permission denied/);
  });

  it('should report pass with a latency while its database answers, and fail while it does not', async () => {
    const proxy = await startTcpProxy(database.adminUrl);
    onTestFinished(() => proxy.close());
    const transport = await broker.connect({ via: proxy });

    const reachable = await transport.check();
    await proxy.cut();
    const unreachable = await transport.check();

    expect(reachable).toMatchObject({ status: 'pass', latency_ms: expect.any(Number) });
    expect(unreachable).toMatchObject({ status: 'fail', detail: expect.stringMatching(/^Postgres queue unreachable/) });
  });
});

describe('createEventTransport', () => {
  it('should choose the Postgres queue when no AMQP URL is configured', async () => {
    const transport = await createEventTransport({ databaseUrl: database.adminUrl, logger: silentLogger });
    onTestFinished(() => transport.close());

    expect(transport.kind).toBe('pg-boss');
    await waitFor('a passing check', async () => (await transport.check()).status === 'pass');
  });

  it.runIf(Boolean(inject('amqpUrl')))('should choose RabbitMQ when an AMQP URL is configured', async () => {
    const transport = await createEventTransport({ amqpUrl: inject('amqpUrl'), databaseUrl: database.adminUrl, logger: silentLogger });
    onTestFinished(() => transport.close());

    expect(transport.kind).toBe('rabbitmq');
    await waitFor('a passing check', async () => (await transport.check()).status === 'pass');
  });
});
