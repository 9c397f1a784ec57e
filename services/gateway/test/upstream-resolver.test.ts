import type { RegisteredInstance } from '@erp/kit';
import { describe, expect, it } from 'vitest';
import { createUpstreamResolver } from '../src/upstream-resolver.js';

function instance(service: string, url: string): RegisteredInstance {
  return { service, instanceId: url, url, meta: {}, startedAt: new Date(0), heartbeatAt: new Date(0) };
}

/** A registry whose answers the test changes, and a clock it moves. */
function setup(fallbacks: Record<string, string> = {}) {
  const state = { instances: [] as RegisteredInstance[], failing: false, reads: 0, time: 0, warnings: 0 };
  const registry = {
    list: async () => {
      state.reads += 1;
      if (state.failing) throw new Error('registry down');
      return state.instances;
    },
  };
  const log = {
    warn: () => {
      state.warnings += 1;
    },
  };
  const resolver = createUpstreamResolver({
    registry,
    fallbacks,
    policy: 'round-robin',
    refreshMs: 1000,
    ejectMs: 5000,
    breaker: { failureThreshold: 3, cooldownMs: 10_000 },
    log,
    now: () => state.time,
  });
  /** Picks and ends at once, as a request with an instant answer would; returns the URL. */
  const pickUrl = async (service: string) => {
    const lease = await resolver.pick(service);
    lease?.record('success');
    lease?.end();
    return lease?.url;
  };
  return { state, resolver, pickUrl };
}

describe('createUpstreamResolver', () => {
  it('should read the registry on the first pick and not again until the snapshot is older than refreshMs', async () => {
    const { state, pickUrl } = setup();
    state.instances = [instance('core', 'http://a')];

    const first = await pickUrl('core');
    state.time = 999;
    await pickUrl('core');

    expect(first).toBe('http://a');
    expect(state.reads).toBe(1);
  });

  it('should pick up a new instance on the pick after a stale snapshot triggered a refresh', async () => {
    const { state, pickUrl } = setup();
    await pickUrl('core');
    state.instances = [instance('core', 'http://new')];
    state.time = 1001;

    const during = await pickUrl('core');
    await new Promise((resolve) => setImmediate(resolve));
    const after = await pickUrl('core');

    expect(during).toBeUndefined();
    expect(after).toBe('http://new');
  });

  it('should fall back to the configured URL without its trailing slash when the registry lists none', async () => {
    const { pickUrl } = setup({ core: 'http://configured:8002/' });

    expect(await pickUrl('core')).toBe('http://configured:8002');
  });

  it('should keep the last known instances and warn when the registry cannot be read', async () => {
    const { state, pickUrl } = setup({ core: 'http://configured:8002' });
    state.instances = [instance('core', 'http://a')];
    await pickUrl('core');
    state.failing = true;
    state.time = 1001;

    await pickUrl('core');
    await new Promise((resolve) => setImmediate(resolve));
    const picked = await pickUrl('core');

    expect(picked).toBe('http://a');
    expect(state.warnings).toBe(1);
  });

  it('should take a failed instance out of the rotation until the ejection time has passed', async () => {
    const { state, resolver, pickUrl } = setup();
    state.instances = [instance('core', 'http://a'), instance('core', 'http://b')];

    const failed = await resolver.pick('core');
    failed?.record('connection-failure');
    failed?.end();
    const during = [await pickUrl('core'), await pickUrl('core')];
    state.time = 5000;
    const after = [await pickUrl('core'), await pickUrl('core')].sort();

    expect(during).toEqual(['http://b', 'http://b']);
    expect(after).toEqual(['http://a', 'http://b']);
  });
});
