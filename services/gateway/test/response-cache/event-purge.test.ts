import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CloudEvent } from '@erp/contracts';
import {
  createPgBossTransport,
  createPostgresPubSub,
  createRabbitTransport,
  DEFAULT_RETRY_POLICY,
  type EventLogger,
  type EventTransport,
  type PubSub,
  rabbitQueueNames,
} from '@erp/kit';
import { createTestDatabase, type TestDatabase } from '@erp/kit/testing';
import { connect } from 'amqplib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ADMIN, type Answer, type CacheUpstream, type CachingGateway, send, startCacheUpstream, startCachingGateway, tokenFor, VIEWER } from './helpers.js';

const amqpUrl = inject('amqpUrl');
const BROKERS = amqpUrl ? (['pg-boss', 'rabbitmq'] as const) : (['pg-boss'] as const);
const silent: EventLogger = { info: () => {}, warn: () => {}, error: () => {} };

let database: TestDatabase;
let upstream: CacheUpstream;

beforeAll(async () => {
  database = await createTestDatabase(inject('adminUrl'));
  upstream = await startCacheUpstream();
});
afterAll(async () => {
  await upstream.close();
  await database.drop();
});

/** Reads `path` until the cache no longer answers it, for at most `timeoutMs`; returns the forwarded answer. */
async function readUntilForwarded(gateway: CachingGateway, path: string, token: string, timeoutMs = 10_000): Promise<Answer> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const answer = await send(gateway, path, token);
    if (!answer.headers.get('cache-status')?.includes('hit') || performance.now() > deadline) return answer;
    await sleep(50);
  }
}

function productUpdated(tenantId: string): CloudEvent {
  const time = new Date().toISOString();
  return {
    specversion: '1.0',
    id: randomUUID(),
    source: '/erp/core',
    type: 'erp.core.product.updated.v1',
    time,
    datacontenttype: 'application/json',
    tenantid: tenantId,
    data: { id: 'p-1' },
  };
}

describe.each(BROKERS)('purging cached reads by domain events through %s, with two in-process gateways', (broker) => {
  const exchange = `erp.events.test-${randomBytes(4).toString('hex')}`;
  // A queue of its own, so that no other gateway on this broker competes for these events.
  const queue = `gateway-test-${randomBytes(4).toString('hex')}`;
  const tenantA = randomUUID();
  const tenantB = randomUUID();
  let transports: EventTransport[] = [];
  let pubsubs: PubSub[] = [];
  let gateways: CachingGateway[] = [];

  const connectTransport = () =>
    broker === 'rabbitmq'
      ? createRabbitTransport({ url: amqpUrl, exchange, logger: silent, retry: DEFAULT_RETRY_POLICY })
      : createPgBossTransport({ url: database.adminUrl, logger: silent, pollingIntervalSeconds: 0.5 });

  beforeAll(async () => {
    transports = await Promise.all([connectTransport(), connectTransport(), connectTransport()]);
    pubsubs = [createPostgresPubSub({ databaseUrl: database.adminUrl }), createPostgresPubSub({ databaseUrl: database.adminUrl })];
    // Both gateways consume the one queue, as the instances of a service do: each event reaches one of them.
    gateways = await Promise.all(
      pubsubs.map((pubsub, index) => {
        const transport = transports[index + 1] as EventTransport;
        const events = { subscribe: (subscription: Parameters<EventTransport['subscribe']>[0]) => transport.subscribe({ ...subscription, queue }) };
        return startCachingGateway({ adminUrl: database.adminUrl, upstreamUrl: upstream.url, pubsub, events });
      }),
    );
  });
  afterAll(async () => {
    await Promise.all(gateways.map((gateway) => gateway.close()));
    await Promise.all([...transports.map((transport) => transport.close()), ...pubsubs.map((pubsub) => pubsub.close())]);
    if (broker === 'rabbitmq') {
      const connection = await connect(amqpUrl);
      const channel = await connection.createChannel();
      const names = rabbitQueueNames(queue, DEFAULT_RETRY_POLICY);
      for (const name of [names.queue, names.deadLetter, ...names.retry.values()]) await channel.deleteQueue(name);
      await channel.deleteExchange(exchange);
      await connection.close();
    }
  });

  it("should purge the event's tenant's product reads on both gateways and leave other tenants and tags cached", async () => {
    const [one, two] = gateways as [CachingGateway, CachingGateway];
    const [viewerA, viewerB] = await Promise.all([tokenFor(tenantA, VIEWER), tokenFor(tenantB, VIEWER)]);
    const cached = [
      await send(one, '/api/v1/products/p-1', viewerA),
      await send(two, '/api/v1/products?limit=20', viewerA),
      await send(one, '/api/v1/products/p-1', viewerB),
      await send(two, '/api/v1/customers/c-1', viewerA),
    ];

    await (transports[0] as EventTransport).publish(productUpdated(tenantA));
    const purgedOne = await readUntilForwarded(one, '/api/v1/products/p-1', viewerA);
    const purgedTwo = await readUntilForwarded(two, '/api/v1/products?limit=20', viewerA);

    expect(purgedOne.body?.served).toBeGreaterThan(cached[0]?.body?.served ?? 0);
    expect(purgedTwo.body?.served).toBeGreaterThan(cached[1]?.body?.served ?? 0);
    expect((await send(one, '/api/v1/products/p-1', viewerB)).body?.served).toBe(cached[2]?.body?.served);
    expect((await send(two, '/api/v1/customers/c-1', viewerA)).body?.served).toBe(cached[3]?.body?.served);
  });

  it('should purge the reads of the other gateway when a write goes through one of them', async () => {
    const [one, two] = gateways as [CachingGateway, CachingGateway];
    const [viewer, admin] = await Promise.all([tokenFor(tenantB, VIEWER), tokenFor(tenantB, ADMIN)]);
    const cached = await send(two, '/api/v1/customers/c-2', viewer);

    await send(one, '/api/v1/customers/c-2', admin, { method: 'PUT' });
    const after = await readUntilForwarded(two, '/api/v1/customers/c-2', viewer);

    expect(after.headers.get('cache-status')).toBe('gateway; fwd=uri-miss');
    expect(after.body?.served).toBeGreaterThan(cached.body?.served ?? 0);
  });
});
