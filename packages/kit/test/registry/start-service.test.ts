import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createPostgresRegistry, type ServiceRegistry } from '@erp/kit';
import { createTestDatabase, type TestDatabase } from '@erp/kit/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const fixture = fileURLToPath(new URL('./fixtures/registered-service.ts', import.meta.url));
let database: TestDatabase;
let reader: ServiceRegistry;

beforeAll(async () => {
  database = await createTestDatabase(inject('adminUrl'));
  reader = await createPostgresRegistry({ service: 'gateway', adminUrl: database.adminUrl });
});
afterAll(async () => {
  await reader.close();
  await database.drop();
});

async function startFixture(): Promise<{ child: ChildProcess; address: string }> {
  const child = spawn(process.execPath, [fixture], { env: { ...process.env, FIXTURE_ADMIN_URL: database.adminUrl }, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const [line] = (await once(lines, 'line')) as [string];
  return { child, address: (JSON.parse(line) as { address: string }).address };
}

describe('startService with a registry', () => {
  it('should register the bound address after listening and deregister on SIGTERM after in-flight requests finished', async () => {
    const { child, address } = await startFixture();
    const listed = await reader.list('start_fixture');
    const inFlight = fetch(`${address}/slow`);
    await new Promise((resolve) => setTimeout(resolve, 50));

    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];

    expect(listed).toEqual([expect.objectContaining({ url: address, instanceId: expect.stringMatching(/^start_fixture@.+#\d+$/) })]);
    expect(listed[0]?.meta).toMatchObject({ pid: child.pid });
    expect(await (await inFlight).json()).toEqual({ done: true });
    expect(code).toBe(0);
    expect(await reader.list('start_fixture')).toEqual([]);
  });
});
