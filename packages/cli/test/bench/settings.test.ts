import { describe, expect, it } from 'vitest';
import { createCleanupStack } from '../../dist/bench/cleanup-stack.js';
import { toPlatformSettings } from '../../dist/bench/settings.js';
import { defaultsOnly } from '../../dist/bench/system-env.js';

describe('toPlatformSettings', () => {
  it('should run one short round of every figure with --quick', () => {
    const settings = toPlatformSettings(['--quick']);

    expect(settings).toMatchObject({ rounds: 1, durationS: 2, idleS: 2, eventDurationS: 2 });
  });

  it('should idle 10 s and offer 1,000 events/s for 10 s in three rounds without --quick', () => {
    const settings = toPlatformSettings([]);

    expect(settings).toMatchObject({ rounds: 3, idleS: 10, eventRatePerSecond: 1_000, eventDurationS: 10 });
  });
});

describe('defaultsOnly', () => {
  it('should drop the shared servers and ERP_ settings but keep everything else', () => {
    const env = { PATH: '/usr/bin', DATABASE_URL: 'postgres://x', REDIS_URL: 'redis://x', AMQP_URL: 'amqp://x', ERP_CORE_PORT: '8102', LOG_LEVEL: 'info' };

    const result = defaultsOnly(env);

    expect(result).toEqual({ PATH: '/usr/bin', LOG_LEVEL: 'info' });
  });
});

describe('createCleanupStack', () => {
  it('should undo newest first and run every step even when one fails', async () => {
    const stack = createCleanupStack();
    const order: string[] = [];
    stack.push(async () => order.push('drop database'));
    stack.push(async () => {
      order.push('close pool');
      throw new Error('pool already closed');
    });
    stack.push(async () => order.push('stop relay'));

    const result = stack.run();

    await expect(result).rejects.toThrow('pool already closed');
    expect(order).toEqual(['stop relay', 'close pool', 'drop database']);
  });
});
