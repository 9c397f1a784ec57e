import { setTimeout as sleep } from 'node:timers/promises';
import type { ServiceRegistry } from '@erp/kit';
import { createTestDatabase, REFUSING_URL, type TestDatabase } from '@erp/kit/testing';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Echo, registerInstance, startGateway, startUpstream, type TestGateway, type TestUpstream } from '../helpers.js';
import { withToken } from '../token-issuer.js';

let database: TestDatabase;
let first: TestUpstream;
let second: TestUpstream;
let fallback: TestUpstream;
const registrations: ServiceRegistry[] = [];
const gateways: TestGateway[] = [];

beforeAll(async () => {
  database = await createTestDatabase(inject('adminUrl'));
  [first, second, fallback] = await Promise.all([startUpstream('core-1'), startUpstream('core-2'), startUpstream('core-configured')]);
});
afterEach(async () => {
  await Promise.all(gateways.splice(0).map((gateway) => gateway.close()));
  await Promise.all(registrations.splice(0).map((registration) => registration.deregister().then(() => registration.close())));
});
afterAll(async () => {
  await Promise.all([first.app.close(), second.app.close(), fallback.app.close()]);
  await database.drop();
});

async function register(instanceId: string, url: string): Promise<void> {
  registrations.push(await registerInstance(database.adminUrl, 'core', instanceId, url));
}

async function gatewayWith(upstreams: Record<string, string> = {}): Promise<TestGateway> {
  const gateway = await startGateway(database.adminUrl, upstreams);
  gateways.push(gateway);
  return gateway;
}

async function upstreamsOf(gateway: TestGateway, count: number): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const response = await fetch(`${gateway.url}/api/v1/customers`, await withToken());
    seen.push(response.ok ? ((await response.json()) as Echo).upstream : String(response.status));
  }
  return seen;
}

describe('choosing the upstream instance', () => {
  it('should take the registered instances of a service in turn', async () => {
    await register('core-1', first.url);
    await register('core-2', second.url);
    const gateway = await gatewayWith({ core: fallback.url });

    const seen = await upstreamsOf(gateway, 4);

    expect(seen).toEqual(['core-1', 'core-2', 'core-1', 'core-2']);
  });

  it('should use the configured URL when the registry lists no instance of the service', async () => {
    const gateway = await gatewayWith({ core: fallback.url });

    expect(await upstreamsOf(gateway, 2)).toEqual(['core-configured', 'core-configured']);
  });

  it('should stop routing to an instance once it deregistered', async () => {
    await register('core-1', first.url);
    const gateway = await gatewayWith({ core: fallback.url });
    const before = await upstreamsOf(gateway, 1);

    await registrations.pop()?.deregister();
    await sleep(150);
    await upstreamsOf(gateway, 1);
    await sleep(50);
    const after = await upstreamsOf(gateway, 2);

    expect(before).toEqual(['core-1']);
    expect(after).toEqual(['core-configured', 'core-configured']);
  });

  it('should retry a GET that met a refused connection on another instance and take the refusing one out of the rotation', async () => {
    const deadUrl = REFUSING_URL;
    await register('core-0-dead', deadUrl);
    await register('core-1', first.url);
    const gateway = await gatewayWith();

    const seen = await upstreamsOf(gateway, 5);
    const health = (await (await fetch(`${gateway.url}/health`)).json()) as { checks: Record<string, { status: string; detail?: string }> };

    // Before the load balancer retried idempotent requests, the first of these answered 502.
    expect(seen).toEqual(['core-1', 'core-1', 'core-1', 'core-1', 'core-1']);
    expect(health.checks.upstreams).toMatchObject({ status: 'warn', detail: expect.stringContaining(deadUrl) });
  });
});
