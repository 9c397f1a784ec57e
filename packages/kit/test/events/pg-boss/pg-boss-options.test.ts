import { describe, expect, it } from 'vitest';
import { mapConcurrently } from '../../../src/events/pg-boss/map-concurrently.js';
import { RETENTION_SECONDS, toPgBossQueueOptions, toWorkOptions } from '../../../src/events/pg-boss/pg-boss-options.js';

describe('toPgBossQueueOptions', () => {
  it('should count retries after the first attempt and round delays up to whole seconds', () => {
    const options = toPgBossQueueOptions({ attempts: 4, retryDelayMs: 1_500, retryDelayMsMax: 20_000 }, 'reporting.dlq', 900);

    expect(options).toEqual({
      retryLimit: 3,
      retryDelay: 2,
      retryBackoff: true,
      retryDelayMax: 20,
      deadLetter: 'reporting.dlq',
      expireInSeconds: 900,
      retentionSeconds: RETENTION_SECONDS,
      notify: true,
    });
  });

  it('should keep a sub-second delay at one second, the least pg-boss can wait', () => {
    const options = toPgBossQueueOptions({ attempts: 2, retryDelayMs: 200, retryDelayMsMax: 400 }, 'q.dlq', 60);

    expect(options).toMatchObject({ retryDelay: 1, retryDelayMax: 1 });
  });
});

describe('toWorkOptions', () => {
  it('should fetch batches of twice the concurrency and keep fetching while they come back full', () => {
    expect(toWorkOptions(4, 2)).toMatchObject({ batchSize: 8, burstWhenBatchFull: true, pollingIntervalSeconds: 2, perJobResults: true });
  });

  it('should reject a concurrency below one', () => {
    expect(() => toWorkOptions(0, 2)).toThrow(RangeError);
  });
});

describe('mapConcurrently', () => {
  it('should keep the input order and never run more than the limit at once', async () => {
    let running = 0;
    let most = 0;
    const work = async (item: number) => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, (item % 3) * 5));
      running -= 1;
      return item * 10;
    };

    const results = await mapConcurrently([1, 2, 3, 4, 5, 6, 7], 3, work);

    expect(results).toEqual([10, 20, 30, 40, 50, 60, 70]);
    expect(most).toBe(3);
  });
});
