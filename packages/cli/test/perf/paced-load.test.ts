import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { runPacedLoad } from '../../src/perf/paced-load.js';

describe('the paced load driver', () => {
  it('should send the offered number of requests and count failed answers and thrown errors', async () => {
    let calls = 0;
    const [result] = await runPacedLoad(
      [
        {
          endpoint: 'GET /x',
          ratePerSecond: 100,
          send: async () => {
            calls += 1;
            if (calls % 10 === 0) throw new Error('network down');
            return calls % 5 !== 0;
          },
        },
      ],
      { durationMs: 300, maxInFlight: 8, tickMs: 2 },
    );
    // 100/s for 0.3 s is 30 requests; every fifth is a failed answer, every tenth of those throws instead.
    expect(result).toMatchObject({ endpoint: 'GET /x', sent: 30, failed: 6, dropped: 0 });
    expect(calls).toBe(30);
  });

  it('should drop due requests instead of queueing them when the system falls behind', async () => {
    const [result] = await runPacedLoad(
      [
        {
          endpoint: 'POST /slow',
          ratePerSecond: 200,
          send: async () => {
            await sleep(1_000);
            return true;
          },
        },
      ],
      { durationMs: 200, maxInFlight: 5, tickMs: 2 },
    );
    // 40 requests were due within 0.2 s; only 5 fit in flight while each takes a second.
    expect(result).toMatchObject({ sent: 5, dropped: 35, failed: 0 });
    expect(result?.p95Ms).toBeGreaterThanOrEqual(990);
  });
});
