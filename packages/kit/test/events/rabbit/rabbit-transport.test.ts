import { randomUUID } from 'node:crypto';
import { createRabbitTransport, rabbitQueueNames } from '@erp/kit';
import { connect } from 'amqplib';
import { afterAll, beforeAll, describe, expect, inject, it, onTestFinished } from 'vitest';
import { silentLogger, uniqueEventType, uniqueName, waitFor } from '../helpers/event-database.js';
import { startTcpProxy } from '../helpers/tcp-proxy.js';
import { createTestBroker, TEST_RETRY, type TestBroker } from '../helpers/test-broker.js';

const amqpUrl = inject('amqpUrl');
let broker: TestBroker;

beforeAll(() => {
  if (amqpUrl) broker = createTestBroker('rabbitmq', '');
});
afterAll(async () => {
  if (amqpUrl) await broker.close();
});

function event(type: string) {
  return {
    specversion: '1.0' as const,
    id: randomUUID(),
    source: '/erp/test',
    type,
    time: new Date().toISOString(),
    datacontenttype: 'application/json' as const,
    data: {},
  };
}

async function queueExists(name: string): Promise<boolean> {
  const connection = await connect(amqpUrl);
  try {
    const channel = await connection.createChannel();
    channel.on('error', () => {});
    return await channel.checkQueue(name).then(
      () => true,
      () => false,
    );
  } finally {
    await connection.close().catch(() => undefined);
  }
}

describe.runIf(Boolean(amqpUrl))('createRabbitTransport', () => {
  it('should reject a publish at once and report fail while the broker is unreachable, and recover by itself', async () => {
    const proxy = await startTcpProxy(amqpUrl);
    onTestFinished(() => proxy.close());
    const transport = await broker.connect({ via: proxy });
    await waitFor('the first connection', async () => (await transport.check()).status === 'pass');

    await proxy.cut();
    await waitFor('the lost connection to be noticed', async () => (await transport.check()).status === 'fail');
    const started = performance.now();
    const whileCut = transport.publish(event(uniqueEventType()));

    await expect(whileCut).rejects.toThrow('RabbitMQ is not connected');
    expect(performance.now() - started).toBeLessThan(500);
    expect(await transport.check()).toEqual({ status: 'fail', detail: 'not connected to RabbitMQ' });
    await proxy.restore();
    await waitFor('the reconnection', async () => (await transport.check()).status === 'pass');
    await expect(transport.publish(event(uniqueEventType()))).resolves.toBeUndefined();
  });

  it('should declare the queue, its dead-letter queue and one delay queue per retry delay', async () => {
    const transport = await broker.connect();
    const queue = uniqueName('topology');

    await transport.subscribe({ queue, types: [uniqueEventType()], handler: async () => {} });

    const names = rabbitQueueNames(queue, TEST_RETRY);
    const expected = [names.queue, names.deadLetter, ...names.retry.values()];
    expect(expected).toEqual([queue, `${queue}.dlq`, `${queue}.retry.200`, `${queue}.retry.400`]);
    for (const name of expected) expect(await queueExists(name)).toBe(true);
  });

  it('should refuse a subscription with a malformed queue name or event type', async () => {
    const transport = await broker.connect();

    await expect(transport.subscribe({ queue: 'Bad Queue', types: [uniqueEventType()], handler: async () => {} })).rejects.toThrow(/Queue name/);
    await expect(transport.subscribe({ queue: uniqueName('q'), types: ['bad.type'], handler: async () => {} })).rejects.toThrow(/Event type/);
  });

  it('should refuse to start with a retry policy that cannot work', async () => {
    const attempt = createRabbitTransport({ url: amqpUrl, logger: silentLogger, retry: { attempts: 0, retryDelayMs: 1, retryDelayMsMax: 1 } });

    await expect(attempt).rejects.toThrow(RangeError);
  });
});
