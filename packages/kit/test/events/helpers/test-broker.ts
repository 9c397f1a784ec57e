import type { CloudEvent } from '@erp/contracts';
import { createPgBossTransport, createRabbitTransport, type EventTransport, type RetryPolicy, rabbitQueueNames } from '@erp/kit';
import { connect } from 'amqplib';
import { PgBoss } from 'pg-boss';
import { inject } from 'vitest';
import { silentLogger, uniqueName } from './event-database.js';
import type { TcpProxy } from './tcp-proxy.js';

export type BrokerKind = 'pg-boss' | 'rabbitmq';
export const BROKER_KINDS: readonly BrokerKind[] = ['pg-boss', 'rabbitmq'];

/** Three attempts, quickly: the retry tests should take seconds, not minutes. */
export const TEST_RETRY: RetryPolicy = { attempts: 3, retryDelayMs: 200, retryDelayMsMax: 400 };

/** RabbitMQ runs only where AMQP_URL names one (always under CI, where global setup insists on it). */
export function brokerAvailable(kind: BrokerKind): boolean {
  return kind === 'pg-boss' || Boolean(inject('amqpUrl'));
}

/** A dead-lettered message as the broker shows it: its body (a CloudEvent, unless it was garbage) and the error. */
export interface DeadLetter {
  readonly body: Partial<CloudEvent>;
  readonly error: string | undefined;
}

/** One broker per test file: RabbitMQ with an exchange of its own, or pg-boss in the test database. */
export interface TestBroker {
  /** The URL a transport connects to, for a proxy to stand in front of. */
  readonly url: string;
  connect(options?: { via?: TcpProxy }): Promise<EventTransport>;
  deadLetters(queue: string): Promise<DeadLetter[]>;
  /** Publishes `body` under `type` past the transport, as a foreign or broken producer would. */
  publishRaw(type: string, body: object): Promise<void>;
  /** Closes the transports and deletes the RabbitMQ queues and exchange this broker declared. */
  close(): Promise<void>;
}

export function createTestBroker(kind: BrokerKind, adminUrl: string): TestBroker {
  return kind === 'rabbitmq' ? createRabbitTestBroker(inject('amqpUrl')) : createPgBossTestBroker(adminUrl);
}

function createRabbitTestBroker(amqpUrl: string): TestBroker {
  const exchange = uniqueName('erp.events.test');
  const transports: EventTransport[] = [];
  const queues = new Set<string>();
  return {
    url: amqpUrl,
    async connect(options = {}) {
      const url = options.via ? options.via.via(amqpUrl) : amqpUrl;
      const transport = await createRabbitTransport({
        url,
        exchange,
        retry: TEST_RETRY,
        logger: silentLogger,
        reconnect: { delayMs: 50, delayMsMax: 300 },
        publishTimeoutMs: 2_000,
      });
      transports.push(transport);
      return recordQueues(transport, queues);
    },
    async deadLetters(queue) {
      const connection = await connect(amqpUrl);
      try {
        const channel = await connection.createChannel();
        const letters: DeadLetter[] = [];
        // Read without acknowledging: closing the connection puts the messages back.
        for (let message = await channel.get(`${queue}.dlq`); message; message = await channel.get(`${queue}.dlq`)) {
          letters.push({ body: JSON.parse(message.content.toString('utf8')), error: message.properties.headers?.['x-erp-error'] });
        }
        return letters;
      } finally {
        await connection.close();
      }
    },
    async publishRaw(type, body) {
      const connection = await connect(amqpUrl);
      const channel = await connection.createConfirmChannel();
      channel.publish(exchange, type, Buffer.from(JSON.stringify(body)), { persistent: true });
      await channel.waitForConfirms();
      await connection.close();
    },
    async close() {
      await Promise.all(transports.map((transport) => transport.close()));
      const connection = await connect(amqpUrl);
      const channel = await connection.createChannel();
      for (const queue of queues) {
        const names = rabbitQueueNames(queue, TEST_RETRY);
        for (const name of [names.queue, names.deadLetter, ...names.retry.values()]) await channel.deleteQueue(name);
      }
      await channel.deleteExchange(exchange);
      await connection.close();
    },
  };
}

function createPgBossTestBroker(adminUrl: string): TestBroker {
  const transports: EventTransport[] = [];
  let inspector: PgBoss | undefined;
  // pg-boss as the admin sees it, without a worker: to look into queues and to publish past the transport.
  const inspect = async () => {
    inspector ??= await new PgBoss({ connectionString: adminUrl, schema: 'erp_events', migrate: false, supervise: false, schedule: false }).start();
    return inspector;
  };
  return {
    url: adminUrl,
    async connect(options = {}) {
      const url = options.via ? options.via.via(adminUrl) : adminUrl;
      const transport = await createPgBossTransport({
        url,
        retry: TEST_RETRY,
        logger: silentLogger,
        pollingIntervalSeconds: 0.5,
        expireInSeconds: 5,
        expiryCheckIntervalSeconds: 1,
      });
      transports.push(transport);
      return transport;
    },
    async deadLetters(queue) {
      const boss = await inspect();
      const jobs = await boss.findJobs<CloudEvent>(`${queue}.dlq`);
      return Promise.all(
        jobs.map(async (job) => {
          const [source] = job.sourceId ? await boss.findJobs<CloudEvent>(queue, { id: job.sourceId }) : [];
          return { body: job.data, error: (source?.output as { error?: string } | undefined)?.error };
        }),
      );
    },
    async publishRaw(type, body) {
      await (await inspect()).publish(type, body);
    },
    async close() {
      await Promise.all(transports.map((transport) => transport.close()));
      await inspector?.stop({ graceful: false });
    },
  };
}

function recordQueues(transport: EventTransport, queues: Set<string>): EventTransport {
  return {
    kind: transport.kind,
    publish: (event) => transport.publish(event),
    subscribe: (subscription) => {
      queues.add(subscription.queue);
      return transport.subscribe(subscription);
    },
    check: () => transport.check(),
    close: () => transport.close(),
  };
}
