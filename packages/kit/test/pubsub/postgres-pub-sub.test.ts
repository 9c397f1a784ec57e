import { createPostgresPubSub, type PubSub, provisionServiceSchema, runtimeUrl, serviceRoles } from '@erp/kit';
import { createTestDatabase, type TestDatabase } from '@erp/kit/testing';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from 'vitest';

let database: TestDatabase;
let admin: pg.Pool;
const opened: PubSub[] = [];

beforeAll(async () => {
  database = await createTestDatabase(inject('adminUrl'));
  admin = new pg.Pool({ connectionString: database.adminUrl, max: 1 });
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((pubsub) => pubsub.close()));
});
afterAll(async () => {
  await admin.end();
  await database.drop();
});

function open(databaseUrl: string, onError?: (error: Error) => void): PubSub {
  const pubsub = createPostgresPubSub({ databaseUrl, onError, reconnectDelayMsMax: 200 });
  opened.push(pubsub);
  return pubsub;
}

async function terminateListeners(): Promise<number> {
  const { rowCount } = await admin.query(
    "select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'erp-pubsub-listen' and datname = current_database()",
  );
  return rowCount ?? 0;
}

describe('PostgreSQL pub/sub', () => {
  it('should listen again and deliver when the listening connection was terminated', async () => {
    const errors: Error[] = [];
    const subscriber = open(database.adminUrl, (error) => errors.push(error));
    const publisher = open(database.adminUrl);
    const received: unknown[] = [];
    await subscriber.subscribe('cache.product', (message) => void received.push(message));
    await subscriber.subscribe('cache.order', (message) => void received.push(message));

    expect(await terminateListeners()).toBe(1);
    await vi.waitFor(
      async () => {
        await publisher.publish('cache.order', 'after reconnect');
        expect(received).toContain('after reconnect');
      },
      { timeout: 5000, interval: 100 },
    );

    expect(errors[0]?.message).toMatch(/terminat/);
  });

  it('should work as a service runtime role, which has no rights beyond its own schema', async () => {
    const roles = serviceRoles('pubsub_runtime', database.adminUrl);
    await provisionServiceSchema(database.adminUrl, roles);
    const pubsub = open(runtimeUrl(database.adminUrl, roles));
    const received: unknown[] = [];
    await pubsub.subscribe('live.updates', (message) => void received.push(message));

    await pubsub.publish('live.updates', { entity: 'order', id: 'o-1' });

    await vi.waitFor(() => expect(received).toEqual([{ entity: 'order', id: 'o-1' }]));
  });

  it('should report and skip a notification whose payload is not JSON', async () => {
    const errors: Error[] = [];
    const pubsub = open(database.adminUrl, (error) => errors.push(error));
    const received: unknown[] = [];
    await pubsub.subscribe('outsider', (message) => void received.push(message));

    await admin.query(`notify outsider, 'not json'`);
    await pubsub.publish('outsider', 'json');

    await vi.waitFor(() => expect(received).toEqual(['json']));
    expect(errors.map((error) => error.message)).toEqual(['Ignored a message on channel "outsider" that is not JSON']);
  });

  it('should keep a channel name with upper case letters apart from its lower case form', async () => {
    const pubsub = open(database.adminUrl);
    const upper: unknown[] = [];
    const lower: unknown[] = [];
    await pubsub.subscribe('Orders', (message) => void upper.push(message));
    await pubsub.subscribe('orders', (message) => void lower.push(message));

    await pubsub.publish('Orders', 'upper');
    await pubsub.publish('orders', 'lower');

    await vi.waitFor(() => expect([upper, lower]).toEqual([['upper'], ['lower']]));
  });

  it('should fail to subscribe with the driver error when the database is unreachable', async () => {
    const url = new URL(database.adminUrl);
    url.port = '1';
    const pubsub = open(url.toString());

    await expect(pubsub.subscribe('orders', () => {})).rejects.toThrow(/ECONNREFUSED/);
  });
});
