import { setTimeout as sleep } from 'node:timers/promises';
import type { RegistryTiming, ServiceRegistry } from '@erp/kit';
import { afterEach, describe, expect, it } from 'vitest';

/** One registry implementation under test; every client it creates shares one store. */
export interface RegistryFixture {
  name: string;
  create(service: string, timing?: RegistryTiming): Promise<ServiceRegistry>;
  /** Deletes an entry behind the registry's back, as an operator or a crashed prune might. */
  erase(service: string, instanceId: string): Promise<void>;
}

const HEARTBEAT_MS = 50;
const TTL_MS = 400;
const FAST: RegistryTiming = { heartbeatIntervalMs: HEARTBEAT_MS, ttlMs: TTL_MS };

/** The behaviour every {@link ServiceRegistry} must show, run once per implementation. */
export function describeRegistryContract(fixture: () => RegistryFixture): void {
  const opened: ServiceRegistry[] = [];
  const open = async (service: string, timing: RegistryTiming = FAST) => {
    const registry = await fixture().create(service, timing);
    opened.push(registry);
    return registry;
  };
  // Deregistering keeps one test's entries out of the next test's lists.
  afterEach(async () => {
    await Promise.all(
      opened.splice(0).map(async (registry) => {
        await registry.deregister();
        await registry.close();
      }),
    );
  });

  it('should list a registered instance with its url, meta and times when another client reads', async () => {
    const core = await open('core');
    const reader = await open('gateway');

    const registered = await core.register({ instanceId: 'core@a:1#1', url: 'http://10.0.0.1:8002/', meta: { version: '1.2.3' } });
    const listed = await reader.list();

    expect(registered).toMatchObject({ service: 'core', url: 'http://10.0.0.1:8002' });
    expect(listed).toEqual([expect.objectContaining({ service: 'core', instanceId: 'core@a:1#1', url: 'http://10.0.0.1:8002', meta: { version: '1.2.3' } })]);
    expect(listed[0]?.startedAt).toBeInstanceOf(Date);
    expect(listed[0]?.heartbeatAt.getTime()).toBeGreaterThanOrEqual(Date.now() - 60_000);
    expect(core.registered?.instanceId).toBe('core@a:1#1');
  });

  it('should list only the instances of the asked service, ordered by instance id code units', async () => {
    const [financeB, financeA, financeUpper, core] = await Promise.all([open('finance'), open('finance'), open('finance'), open('core')]);
    await financeB.register({ instanceId: 'finance-b', url: 'http://b:8006' });
    await financeA.register({ instanceId: 'finance-a', url: 'http://a:8006' });
    await financeUpper.register({ instanceId: 'finance-B', url: 'http://B:8006' });
    await core.register({ instanceId: 'core-a', url: 'http://a:8002' });

    const finance = await core.list('finance');
    const all = await core.list();

    expect(finance.map((entry) => entry.instanceId)).toEqual(['finance-B', 'finance-a', 'finance-b']);
    expect(all.map((entry) => `${entry.service}/${entry.instanceId}`)).toEqual(['core/core-a', 'finance/finance-B', 'finance/finance-a', 'finance/finance-b']);
  });

  it('should remove the entry when the instance deregisters', async () => {
    const core = await open('core');
    await core.register({ instanceId: 'core-gone', url: 'http://gone:8002' });

    await core.deregister();

    expect(await core.list('core')).toEqual([]);
    expect(core.registered).toBeUndefined();
  });

  it('should keep an instance listed past its TTL while heartbeats continue', async () => {
    const core = await open('core');
    const first = await core.register({ instanceId: 'core-alive', url: 'http://alive:8002' });

    await sleep(TTL_MS * 1.5);
    const listed = await core.list('core');

    expect(listed.map((entry) => entry.instanceId)).toEqual(['core-alive']);
    expect(listed[0]?.heartbeatAt.getTime()).toBeGreaterThan(first.heartbeatAt.getTime());
  });

  it('should stop listing an instance when its heartbeats stop for longer than the TTL', async () => {
    const crashed = await fixture().create('core', FAST);
    const reader = await open('gateway');
    await crashed.register({ instanceId: 'core-crashed', url: 'http://crashed:8002' });

    await crashed.close();
    await sleep(TTL_MS + 200);

    expect(await reader.list('core')).toEqual([]);
  });

  it('should write the entry again on the next heartbeat when it was deleted behind its back', async () => {
    const core = await open('core');
    await core.register({ instanceId: 'core-erased', url: 'http://erased:8002' });

    await fixture().erase('core', 'core-erased');
    await sleep(HEARTBEAT_MS * 4);

    expect((await core.list('core')).map((entry) => entry.instanceId)).toEqual(['core-erased']);
  });

  it('should refuse to register on a closed client', async () => {
    const closed = await fixture().create('core', FAST);
    await closed.close();

    await expect(closed.register({ instanceId: 'core-late', url: 'http://late:8002' })).rejects.toThrow(/closed/);
  });

  it('should refuse a second registration on the same client', async () => {
    const core = await open('core');
    await core.register({ instanceId: 'core-once', url: 'http://once:8002' });

    await expect(core.register({ instanceId: 'core-twice', url: 'http://twice:8002' })).rejects.toThrow(/already registered core-once/);
  });

  describe('input checks', () => {
    it.each([
      ['a service name with upper case', { service: 'Core', instanceId: 'x', url: 'http://x:1' }, /Service name/],
      ['an instance id with spaces', { instanceId: 'core 1', url: 'http://x:1' }, /instanceId/],
      ['a URL that is not http', { instanceId: 'x', url: 'ftp://x:1' }, /http or https/],
      ['a string that is not a URL', { instanceId: 'x', url: 'not a url' }, /Invalid URL/],
    ])('should reject %s', async (_case, input, message) => {
      const core = await open('core');

      await expect(core.register(input)).rejects.toThrow(message);
      await expect(core.list('core')).resolves.toEqual([]);
    });

    it('should reject a malformed service name when listing', async () => {
      const core = await open('core');

      await expect(core.list("core' or 1=1 --")).rejects.toThrow(/Service name/);
    });

    it('should reject a TTL that does not exceed the heartbeat interval', async () => {
      await expect(fixture().create('core', { heartbeatIntervalMs: 1000, ttlMs: 1000 })).rejects.toThrow(/ttlMs/);
    });
  });
}
