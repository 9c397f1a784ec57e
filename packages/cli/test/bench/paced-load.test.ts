import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { runPacedLoad } from '../../src/bench/load.js';

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** A server answering with `status`, recording when each request arrived. */
async function recordingServer(status: number): Promise<{ url: string; arrivals: number[] }> {
  const arrivals: number[] = [];
  const listening = createServer((request, response) => {
    arrivals.push(performance.now());
    request.resume();
    request.on('end', () => response.writeHead(status, { 'content-type': 'text/plain' }).end('ok'));
  });
  server = listening;
  await new Promise<void>((resolve) => listening.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(listening.address() as AddressInfo).port}/`, arrivals };
}

describe('runPacedLoad', () => {
  it('should start the requests evenly over the run, not in bursts, and time each answer', async () => {
    const { url, arrivals } = await recordingServer(200);

    const result = await runPacedLoad({ url, durationS: 1, rate: 100, method: 'POST', body: '{}' });

    expect(result.requests).toBe(100);
    expect(result.failures).toBe(0);
    expect(arrivals).toHaveLength(100);
    // Every 10 ms one request: no 50 ms window holds more than a few (a burst of the whole second would hold 100).
    const busiest = Math.max(...arrivals.map((at) => arrivals.filter((other) => other >= at && other < at + 50).length));
    expect(busiest).toBeLessThanOrEqual(10);
    expect(result.latencyMsP50).toBeGreaterThan(0);
    expect(result.latencyMsP99).toBeGreaterThanOrEqual(result.latencyMsP50);
  });

  it('should count answers other than 2xx as failures and leave them out of the latencies', async () => {
    const { url } = await recordingServer(500);

    const result = await runPacedLoad({ url, durationS: 0.2, rate: 50 });

    expect(result.requests).toBe(10);
    expect(result.failures).toBe(10);
    expect(Number.isNaN(result.latencyMsP50)).toBe(true);
  });
});
