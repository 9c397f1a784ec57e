import { randomUUID } from 'node:crypto';
import { createOutboxRelay, createPgBossTransport, createRabbitTransport, type EventTransport, type OutboxRelay, rabbitQueueNames } from '@erp/kit';
import { connect } from 'amqplib';
import { inject } from 'vitest';
import { buildTestApp, type TestAi } from '../helpers.js';

const silent = { info: () => {}, warn: () => {}, error: () => {} };
const RETRY = { attempts: 3, retryDelayMs: 200, retryDelayMsMax: 400 };

export interface BatchTestAi extends TestAi {
  /** Reads the job until `done` says so, or gives up after 20 s. */
  waitForJob(tenantId: string, id: string, done: (status: string) => boolean): Promise<Record<string, unknown>>;
}

/**
 * The ai service with its batch worker on a real event transport and a running outbox relay, as
 * `connectPlatform` wires them in production: pg-boss in the test database (a broker schema of this test
 * file's own), or RabbitMQ with an exchange and queues of their own, deleted on close.
 */
export async function buildBatchApp(env: Record<string, string>, broker: 'pg-boss' | 'rabbitmq' = 'pg-boss'): Promise<BatchTestAi> {
  let transport: EventTransport | undefined;
  const suffix = randomUUID().slice(0, 8);
  const [exchange, ledgerQueue, batchQueue] = [`erp.events.test.${suffix}`, `ai-ledger-${suffix}`, `ai-batch-${suffix}`];
  const ai = await buildTestApp(inject('adminUrl'), {
    env: { AI_BATCH_SWEEP_MS: '200', ...env },
    ledgerQueue,
    batchQueue,
    events: async (url) => {
      transport =
        broker === 'pg-boss'
          ? await createPgBossTransport({ url, logger: silent, retry: RETRY, pollingIntervalSeconds: 0.5 })
          : await createRabbitTransport({ url: inject('amqpUrl'), exchange, logger: silent, retry: RETRY });
      return transport;
    },
  });
  if (!transport) throw new Error('no transport');
  const relay: OutboxRelay = createOutboxRelay({ db: ai.db.kysely, pool: ai.db.pool, transport, logger: silent, pollIntervalMs: 100 });
  relay.start();
  const deleteRabbitTopology = async () => {
    const connection = await connect(inject('amqpUrl'));
    const channel = await connection.createChannel();
    for (const queue of [ledgerQueue, batchQueue]) {
      const names = rabbitQueueNames(queue, RETRY);
      for (const name of [names.queue, names.deadLetter, ...names.retry.values()]) await channel.deleteQueue(name);
    }
    await channel.deleteExchange(exchange);
    await connection.close();
  };
  return {
    ...ai,
    async waitForJob(tenantId, id, done) {
      const deadline = Date.now() + 20_000;
      for (;;) {
        const response = await ai.app.inject({ method: 'GET', url: `/api/v1/ai/jobs/${id}`, headers: await ai.headers(tenantId) });
        const job = response.json() as Record<string, unknown>;
        if (done(String(job.status)) || Date.now() > deadline) return job;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    close: async () => {
      await relay.stop();
      await ai.close();
      if (broker === 'rabbitmq') await deleteRabbitTopology();
    },
  };
}
