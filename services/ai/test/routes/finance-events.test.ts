import { randomUUID } from 'node:crypto';
import { createPgBossTransport, createRabbitTransport, type EventTransport, type RetryPolicy, rabbitQueueNames, withTenant } from '@erp/kit';
import { connect } from 'amqplib';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { buildTestApp, newTenant, type TestAi } from '../helpers.js';
import { bankPayment, postedEvent, reversedEvent } from '../intelligence/ledger-fixtures.js';

const silent = { info: () => {}, warn: () => {}, error: () => {} };
const RETRY: RetryPolicy = { attempts: 3, retryDelayMs: 200, retryDelayMsMax: 400 };

type Broker = 'pg-boss' | 'rabbitmq';

/** The ai service with its ledger consumer on a real broker: pg-boss in the test database, or RabbitMQ with an exchange and queue of its own. */
async function serviceOn(broker: Broker): Promise<{ ai: TestAi; transport: () => EventTransport; cleanUp: () => Promise<void> }> {
  const queue = `ai-events-${randomUUID().slice(0, 8)}`;
  const exchange = `erp.events.test.${randomUUID().slice(0, 8)}`;
  let transport: EventTransport | undefined;
  const ai = await buildTestApp(inject('adminUrl'), {
    ledgerQueue: queue,
    events: async (url) => {
      transport =
        broker === 'pg-boss'
          ? await createPgBossTransport({ url, logger: silent, retry: RETRY, pollingIntervalSeconds: 0.5 })
          : await createRabbitTransport({ url: inject('amqpUrl'), exchange, logger: silent, retry: RETRY });
      return transport;
    },
  });
  const cleanUp = async () => {
    await ai.close();
    if (broker !== 'rabbitmq') return;
    const connection = await connect(inject('amqpUrl'));
    const channel = await connection.createChannel();
    const names = rabbitQueueNames(queue, RETRY);
    for (const name of [names.queue, names.deadLetter, ...names.retry.values()]) await channel.deleteQueue(name);
    await channel.deleteExchange(exchange);
    await connection.close();
  };
  return { ai, transport: () => transport as EventTransport, cleanUp };
}

async function eventually<Value>(read: () => Promise<Value>, done: (value: Value) => boolean): Promise<Value> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const cleanUps: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanUp of cleanUps) await cleanUp();
});

const brokers: Broker[] = inject('amqpUrl') ? ['pg-boss', 'rabbitmq'] : ['pg-boss'];

describe.each(brokers)('finance entry events through %s', (broker) => {
  it('should store an entry delivered twice under one event id once, and unlearn it on its reversal', async () => {
    const service = await serviceOn(broker);
    cleanUps.push(service.cleanUp);
    const tenantId = newTenant();
    const entry = bankPayment({ description: 'Telekom Mobilfunk', gross: '119.00', expense: '4920', date: '2026-03-02' });
    const event = postedEvent(tenantId, entry);
    const state = () =>
      withTenant(service.ai.db.kysely, tenantId, async (trx) => ({
        entries: (await trx.selectFrom('ledger_entry').select(['entry_id', 'reversed']).execute()).length,
        reversed: (await trx.selectFrom('ledger_entry').select('reversed').where('reversed', '=', true).execute()).length,
        learned: (await trx.selectFrom('ledger_state').select('learned').executeTakeFirst())?.learned ?? 0,
      }));

    // 1. The same event twice: the inbox lets one through.
    await service.transport().publish(event);
    await service.transport().publish(event);
    const afterPosting = await eventually(state, (value) => value.entries === 1);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const afterDuplicate = await state();
    // 2. The reversal takes back what was learned.
    await service.transport().publish(reversedEvent(tenantId, entry.id, randomUUID()));
    const afterReversal = await eventually(state, (value) => value.reversed === 1);

    expect(afterPosting).toEqual({ entries: 1, reversed: 0, learned: 1 });
    expect(afterDuplicate).toEqual({ entries: 1, reversed: 0, learned: 1 });
    expect(afterReversal).toEqual({ entries: 1, reversed: 1, learned: 0 });
  });
});
