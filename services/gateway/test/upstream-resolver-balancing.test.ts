import { describe, expect, it } from 'vitest';
import type { BalancingPolicy } from '../src/domain/upstream-choice.js';
import { createUpstreamResolver } from '../src/upstream-resolver.js';

const COOLDOWN_MS = 10_000;

/** A resolver over configured instances only, with a clock the test moves. */
function setup(configured: string[], policy: BalancingPolicy = 'least-outstanding') {
  const clock = { time: 0 };
  const resolver = createUpstreamResolver({
    registry: { list: async () => [] },
    fallbacks: { core: 'http://fallback' },
    configured: { core: configured },
    policy,
    refreshMs: 60_000,
    ejectMs: 0,
    breaker: { failureThreshold: 2, cooldownMs: COOLDOWN_MS },
    log: { warn: () => {} },
    now: () => clock.time,
  });
  return { clock, resolver };
}

describe('createUpstreamResolver balancing', () => {
  it('should merge the configured instances with the registry and leave the fallback out', async () => {
    const { resolver } = setup(['http://a/', 'http://b', 'http://a']);

    const picked = [await resolver.pick('core'), await resolver.pick('core'), await resolver.pick('core')].map((lease) => lease?.url);

    expect(resolver.targets()).toEqual(['http://a', 'http://b']);
    expect(picked.sort()).toEqual(['http://a', 'http://a', 'http://b']);
  });

  it('should prefer the instance with fewer outstanding requests and count one down when its response ends', async () => {
    const { resolver } = setup(['http://a', 'http://b']);
    const busy = await resolver.pick('core');

    const whileBusy = [];
    for (let i = 0; i < 2; i += 1) {
      const lease = await resolver.pick('core');
      lease?.end();
      whileBusy.push(lease);
    }
    busy?.end();
    const afterwards = await resolver.pick('core');

    expect(busy?.url).toBe('http://a');
    expect(whileBusy.map((lease) => lease?.url)).toEqual(['http://b', 'http://b']);
    expect(afterwards?.url).toBeDefined();
    expect(
      resolver
        .report()[0]
        ?.instances.map((instance) => instance.outstanding)
        .reduce((sum, count) => sum + count, 0),
    ).toBe(1);
  });

  it('should skip the instances a retry already tried and answer undefined when none is left', async () => {
    const { resolver } = setup(['http://a', 'http://b']);

    const other = await resolver.pick('core', ['http://a']);
    const none = await resolver.pick('core', ['http://a', 'http://b']);

    expect(other?.url).toBe('http://b');
    expect(none).toBeUndefined();
  });

  it('should send nothing to an instance that failed its health check while another is healthy', async () => {
    const { resolver } = setup(['http://a', 'http://b'], 'round-robin');
    resolver.setHealthy('http://a', false);

    const picked = [];
    for (let i = 0; i < 4; i += 1) picked.push((await resolver.pick('core'))?.url);

    expect(picked).toEqual(['http://b', 'http://b', 'http://b', 'http://b']);
    expect(resolver.report()[0]?.instances.find((instance) => instance.url === 'http://a')?.healthy).toBe(false);
  });

  it('should still send to unhealthy instances when none is healthy', async () => {
    const { resolver } = setup(['http://a', 'http://b'], 'round-robin');
    resolver.setHealthy('http://a', false);
    resolver.setHealthy('http://b', false);

    const picked = [(await resolver.pick('core'))?.url, (await resolver.pick('core'))?.url];

    expect(picked).toEqual(['http://a', 'http://b']);
  });

  it('should open the breaker after the threshold of failures, let one trial through after the cooldown and close on its success', async () => {
    const { clock, resolver } = setup(['http://a', 'http://b'], 'round-robin');
    const fail = async () => {
      const lease = await resolver.pick('core', ['http://b']);
      lease?.record('connection-failure');
      lease?.end();
    };
    const breakerOfA = () => resolver.report()[0]?.instances.find((instance) => instance.url === 'http://a')?.breaker;
    const pickTwo = async () => [(await resolver.pick('core'))?.url, (await resolver.pick('core'))?.url];

    await fail();
    const afterOne = breakerOfA();
    await fail();
    const whileOpen = await pickTwo();
    clock.time = COOLDOWN_MS;
    const trial = await resolver.pick('core');
    const duringTrial = await pickTwo();
    trial?.record('success');
    trial?.end();
    const afterTrial = await pickTwo();

    expect(afterOne).toBe('closed');
    expect(whileOpen).toEqual(['http://b', 'http://b']);
    expect(trial?.url).toBe('http://a');
    expect(duringTrial).toEqual(['http://b', 'http://b']);
    expect(breakerOfA()).toBe('closed');
    expect(afterTrial.sort()).toEqual(['http://a', 'http://b']);
  });

  it('should open the breaker again for a full cooldown when the trial fails', async () => {
    const { clock, resolver } = setup(['http://a', 'http://b'], 'round-robin');
    for (let i = 0; i < 2; i += 1) (await resolver.pick('core', ['http://b']))?.record('status-failure');
    clock.time = COOLDOWN_MS;

    const trial = await resolver.pick('core');
    trial?.record('timeout');
    clock.time = COOLDOWN_MS * 2 - 1;
    const beforeCooldown = (await resolver.pick('core'))?.url;
    clock.time = COOLDOWN_MS * 2;
    const afterCooldown = (await resolver.pick('core', ['http://b']))?.url;

    expect(trial?.url).toBe('http://a');
    expect(beforeCooldown).toBe('http://b');
    expect(afterCooldown).toBe('http://a');
  });
});
