import { setTimeout as sleep } from 'node:timers/promises';
import { createTestDatabase, type TestDatabase } from '@erp/kit/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { type Echo, startGateway, startUpstream, type TestGateway, type TestUpstream } from '../helpers.js';
import { withToken } from '../token-issuer.js';

const HEALTH_CHECK_INTERVAL_MS = 100;

let database: TestDatabase;
let first: TestUpstream;
let second: TestUpstream;
const gateways: TestGateway[] = [];

beforeAll(async () => {
  database = await createTestDatabase(inject('adminUrl'));
  [first, second] = await Promise.all([startUpstream('core-1'), startUpstream('core-2')]);
});
beforeEach(() => {
  for (const upstream of [first, second]) {
    upstream.setHealthStatus(200);
    upstream.setFlakyStatus(200);
  }
});
afterEach(async () => {
  await Promise.all(gateways.splice(0).map((gateway) => gateway.close()));
});
afterAll(async () => {
  await Promise.all([first.close(), second.close()]);
  await database.drop();
});

/** A gateway that knows both upstreams from `CORE_URLS` and checks their health every 100 ms. */
async function gatewayWith(env: Record<string, string> = {}): Promise<TestGateway> {
  const gateway = await startGateway(
    database.adminUrl,
    {},
    { CORE_URLS: `${first.url},${second.url}`, HEALTH_CHECK_INTERVAL_MS: String(HEALTH_CHECK_INTERVAL_MS), HEALTH_CHECK_TIMEOUT_MS: '200', ...env },
  );
  gateways.push(gateway);
  return gateway;
}

/** Which upstream answered each of `count` GETs of `path`, sent one after another. */
async function upstreamsOf(gateway: TestGateway, count: number, path = '/api/v1/customers'): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const response = await fetch(`${gateway.url}${path}`, await withToken());
    seen.push(((await response.json()) as Echo).upstream);
  }
  return seen;
}

/** Polls the gateway's `upstreams` check until it has `status`; load on the machine makes fixed sleeps flaky. */
async function untilUpstreamsCheck(gateway: TestGateway, status: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while ((await upstreamsCheck(gateway))?.status !== status && Date.now() < deadline) await sleep(HEALTH_CHECK_INTERVAL_MS / 2);
}

async function upstreamsCheck(gateway: TestGateway): Promise<{ status: string; detail?: string } | undefined> {
  const health = (await (await fetch(`${gateway.url}/health`)).json()) as { checks: Record<string, { status: string; detail?: string }> };
  return health.checks.upstreams;
}

describe('load balancing over several instances', () => {
  it('should send requests to the idle instance while the other one works on a slow request', async () => {
    const gateway = await gatewayWith();
    const slow = fetch(`${gateway.url}/api/v1/customers/slow?ms=1500`, await withToken()).then(async (response) => ((await response.json()) as Echo).upstream);
    await sleep(100);

    const quick = await upstreamsOf(gateway, 4);
    const busy = await slow;

    expect(new Set(quick).size).toBe(1);
    expect(quick[0]).not.toBe(busy);
  });

  it('should keep taking the instances in turn under round robin even while one is busy', async () => {
    const gateway = await gatewayWith({ LB_POLICY: 'round-robin' });
    const slow = fetch(`${gateway.url}/api/v1/customers/slow?ms=1500`, await withToken()).then((response) => response.arrayBuffer());
    await sleep(100);

    const quick = await upstreamsOf(gateway, 4);
    await slow;

    expect(quick.sort()).toEqual(['core-1', 'core-1', 'core-2', 'core-2']);
  });

  it('should stop sending to an instance whose /health answers 503 and send to it again once it passes', async () => {
    const gateway = await gatewayWith();
    first.setHealthStatus(503);
    await untilUpstreamsCheck(gateway, 'warn');

    const whileUnhealthy = await upstreamsOf(gateway, 6);
    const checkWhileUnhealthy = await upstreamsCheck(gateway);
    first.setHealthStatus(200);
    await untilUpstreamsCheck(gateway, 'pass');
    const afterRecovery = await upstreamsOf(gateway, 6);

    expect(whileUnhealthy).toEqual(Array(6).fill('core-2'));
    expect(checkWhileUnhealthy).toEqual({ status: 'warn', detail: `core ${first.url}: unhealthy` });
    expect(new Set(afterRecovery)).toEqual(new Set(['core-1', 'core-2']));
    expect(await upstreamsCheck(gateway)).toEqual({ status: 'pass' });
  });

  it('should open the breaker of an instance after consecutive 5xx answers and close it after a successful trial', async () => {
    const gateway = await gatewayWith({ UPSTREAM_EJECT_MS: '0', BREAKER_FAILURE_THRESHOLD: '2', BREAKER_COOLDOWN_MS: '2000', LB_POLICY: 'round-robin' });
    first.setFlakyStatus(503);

    const failing = await upstreamsOf(gateway, 4, '/api/v1/customers/flaky');
    const checkWhileOpen = await upstreamsCheck(gateway);
    const whileOpen = await upstreamsOf(gateway, 4, '/api/v1/customers/flaky');
    first.setFlakyStatus(200);
    await sleep(2100);
    const afterCooldown = await upstreamsOf(gateway, 4, '/api/v1/customers/flaky');

    expect(failing).toEqual(['core-1', 'core-2', 'core-1', 'core-2']);
    expect(checkWhileOpen).toEqual({ status: 'warn', detail: `core ${first.url}: circuit open` });
    expect(whileOpen).toEqual(Array(4).fill('core-2'));
    expect(afterCooldown.sort()).toEqual(['core-1', 'core-1', 'core-2', 'core-2']);
    expect(await upstreamsCheck(gateway)).toEqual({ status: 'pass' });
  });
});
