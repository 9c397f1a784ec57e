import { setTimeout as sleep } from 'node:timers/promises';
import { createPostgresRegistry, createServiceRegistry, runtimeUrl, type ServiceRegistry, serviceRoles } from '@erp/kit';
import { createTestDatabase, type TestDatabase } from '@erp/kit/testing';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';

let database: TestDatabase;
let admin: pg.Pool;
const opened: ServiceRegistry[] = [];

beforeAll(async () => {
  database = await createTestDatabase(inject('adminUrl'));
  admin = new pg.Pool({ connectionString: database.adminUrl, max: 1 });
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((registry) => registry.deregister().then(() => registry.close())));
});
afterAll(async () => {
  await admin.end();
  await database.drop();
});

async function asRuntimeRole<Result>(service: string, work: (client: pg.Client) => Promise<Result>): Promise<Result> {
  const client = new pg.Client({ connectionString: runtimeUrl(database.adminUrl, serviceRoles(service, database.adminUrl)) });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

describe('createPostgresRegistry', () => {
  it('should let every service role read and write the registry when services provision it at the same time', async () => {
    const services = ['auth', 'core', 'finance', 'reporting'];

    const registries = await Promise.all(services.map((service) => createPostgresRegistry({ service, adminUrl: database.adminUrl })));
    opened.push(...registries);
    await Promise.all(registries.map((registry) => registry.register({ instanceId: `${registry.service}-1`, url: `http://${registry.service}:1` })));

    expect((await registries[0]?.list())?.map((entry) => entry.service)).toEqual(services);
  });

  it('should not let a service role alter or drop the registry table', async () => {
    opened.push(await createPostgresRegistry({ service: 'core', adminUrl: database.adminUrl }));

    const drop = () => asRuntimeRole('core', (client) => client.query('drop table erp_registry.instance'));
    const alter = () => asRuntimeRole('core', (client) => client.query('alter table erp_registry.instance add column evil text'));

    // One at a time: a second pending rejection would go unhandled while the first is awaited.
    await expect(drop()).rejects.toMatchObject({ code: '42501' });
    await expect(alter()).rejects.toMatchObject({ code: '42501' });
  });

  it('should delete the rows of dead instances when a live instance sends a heartbeat', async () => {
    const timing = { heartbeatIntervalMs: 50, ttlMs: 300 };
    const dead = await createPostgresRegistry({ service: 'core', adminUrl: database.adminUrl, ...timing });
    await dead.register({ instanceId: 'core-dead', url: 'http://dead:1' });
    await dead.close();
    const live = await createPostgresRegistry({ service: 'core', adminUrl: database.adminUrl, ...timing });
    opened.push(live);

    await live.register({ instanceId: 'core-live', url: 'http://live:1' });
    await sleep(600);

    const { rows } = await admin.query<{ instance_id: string }>('select instance_id from erp_registry.instance order by instance_id');
    expect(rows.map((row) => row.instance_id)).toEqual(['core-live']);
  });

  it('should report a failing heartbeat and recover when the database answers again', async () => {
    // Roles are cluster-wide: a service name of this test's own keeps the revoke away from parallel test files.
    const registry = await createPostgresRegistry({ service: 'registry_flaky', adminUrl: database.adminUrl, heartbeatIntervalMs: 50, ttlMs: 2000 });
    opened.push(registry);
    const errors: Error[] = [];
    await registry.register({ instanceId: 'flaky-1', url: 'http://flaky:1' }, { onHeartbeatError: (error) => errors.push(error) });

    await admin.query('revoke erp_registry_member from erp_registry_flaky');
    await sleep(200);
    await admin.query('grant erp_registry_member to erp_registry_flaky');
    await admin.query("delete from erp_registry.instance where instance_id = 'flaky-1'");
    await sleep(200);

    expect(errors[0]?.message).toMatch(/permission denied/);
    expect((await registry.list('registry_flaky')).map((entry) => entry.instanceId)).toEqual(['flaky-1']);
  });
});

describe('createServiceRegistry', () => {
  it('should choose PostgreSQL when no Redis client is given', async () => {
    const registry = await createServiceRegistry({ service: 'core', adminUrl: database.adminUrl });
    opened.push(registry);

    expect(registry.kind).toBe('postgres');
  });
});
