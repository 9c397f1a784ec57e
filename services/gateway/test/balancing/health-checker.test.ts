import { createServer, type Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, REFUSING_URL } from '@erp/kit/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startHealthChecker } from '../../src/balancing/health-checker.js';

const servers: Server[] = [];
const quiet = { info: () => {} };

/** A bare HTTP server whose `/health` answers `status()` after `delayMs`; it counts checks and the most at once. */
async function healthServer(status: () => number, delayMs = 0) {
  const stats = { checks: 0, inFlight: 0, inFlightMax: 0 };
  const server = createServer((_request, response) => {
    stats.checks += 1;
    stats.inFlight += 1;
    stats.inFlightMax = Math.max(stats.inFlightMax, stats.inFlight);
    setTimeout(() => {
      stats.inFlight -= 1;
      response.writeHead(status()).end();
    }, delayMs);
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  servers.push(server);
  return { url: `http://127.0.0.1:${port}`, stats };
}

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

describe('startHealthChecker', () => {
  it('should report an instance unhealthy while /health answers 503 and healthy again once it answers 200', async () => {
    let status = 503;
    const target = await healthServer(() => status);
    const reports: boolean[] = [];
    const checker = startHealthChecker({
      targets: () => [target.url],
      report: (_url, healthy) => reports.push(healthy),
      intervalMs: 50,
      timeoutMs: 200,
      log: quiet,
    });

    // Waits for outcomes rather than for a fixed time, so a slow machine cannot skip the 503 phase.
    await vi.waitFor(() => expect(reports.length).toBeGreaterThan(0), { timeout: 5000, interval: 10 });
    status = 200;
    await vi.waitFor(() => expect(reports.at(-1)).toBe(true), { timeout: 5000, interval: 10 });
    await checker.stop();

    expect(reports[0]).toBe(false);
    expect(reports.at(-1)).toBe(true);
  });

  it('should report an instance unhealthy when it refuses connections or does not answer within the timeout', async () => {
    const slow = await healthServer(() => 200, 500);
    const refusing = REFUSING_URL;
    const reports = new Map<string, boolean>();
    const checker = startHealthChecker({
      targets: () => [slow.url, refusing],
      report: (url, healthy) => reports.set(url, healthy),
      intervalMs: 1000,
      timeoutMs: 100,
      log: quiet,
    });

    await sleep(250);
    await checker.stop();

    expect(Object.fromEntries(reports)).toEqual({ [slow.url]: false, [refusing]: false });
  });

  it('should never overlap rounds nor run more checks at once than its concurrency', async () => {
    const targets = await Promise.all([0, 1, 2, 3].map(() => healthServer(() => 200, 60)));
    const checker = startHealthChecker({
      targets: () => targets.map((target) => target.url),
      report: () => {},
      intervalMs: 10,
      timeoutMs: 1000,
      concurrency: 2,
      log: quiet,
    });

    await sleep(400);
    await checker.stop();
    const perTarget = targets.map((target) => target.stats);

    // Two checks at a time of 60 ms each: a round of four takes 120 ms, so at most four rounds fit in 400 ms.
    expect(perTarget.every((stats) => stats.inFlightMax === 1 && stats.checks >= 2 && stats.checks <= 4)).toBe(true);
  });

  it('should start no check after stop', async () => {
    const target = await healthServer(() => 200);
    let reports = 0;
    const checker = startHealthChecker({ targets: () => [target.url], report: () => (reports += 1), intervalMs: 20, timeoutMs: 200, log: quiet });
    await sleep(80);

    await checker.stop();
    const reportsAtStop = reports;
    // A check aborted by stop may still reach the server a moment later; none may start afterwards.
    await sleep(50);
    const checksSettled = target.stats.checks;
    await sleep(150);

    expect(reportsAtStop).toBeGreaterThan(0);
    expect(reports).toBe(reportsAtStop);
    expect(target.stats.checks).toBe(checksSettled);
  });

  it('should check again after recheckMs while an instance is unhealthy, and only every interval once all are healthy', async () => {
    let status = 503;
    const target = await healthServer(() => status);
    const reports: boolean[] = [];
    const checker = startHealthChecker({
      targets: () => [target.url],
      report: (_url, healthy) => reports.push(healthy),
      intervalMs: 60_000,
      recheckMs: 50,
      timeoutMs: 500,
      log: quiet,
    });

    // Without the recheck the second check would come a minute later.
    await vi.waitFor(() => expect(reports.length).toBeGreaterThanOrEqual(2), { timeout: 5000, interval: 10 });
    status = 200;
    await vi.waitFor(() => expect(reports.at(-1)).toBe(true), { timeout: 5000, interval: 10 });
    const checksWhenHealthy = target.stats.checks;
    await sleep(300);
    await checker.stop();

    expect(reports[0]).toBe(false);
    expect(target.stats.checks).toBe(checksWhenHealthy);
  });
});
