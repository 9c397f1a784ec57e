import { setTimeout as sleep } from 'node:timers/promises';
import { createTestDatabase, type TestDatabase } from '@erp/kit/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startGateway, startUpstream, type TestGateway, type TestUpstream } from '../helpers.js';
import { withToken } from '../token-issuer.js';

const CONCURRENCY = 20;
const LOAD_MS = 2000;
const KILL_AFTER_MS = 700;

let database: TestDatabase;
let doomed: TestUpstream;
let survivor: TestUpstream;
let gateway: TestGateway;

beforeAll(async () => {
  database = await createTestDatabase(inject('adminUrl'));
  [doomed, survivor] = await Promise.all([startUpstream('core-doomed'), startUpstream('core-survivor')]);
  gateway = await startGateway(
    database.adminUrl,
    {},
    { CORE_URLS: `${doomed.url},${survivor.url}`, UPSTREAM_TIMEOUT_MS: '3000', HEALTH_CHECK_INTERVAL_MS: '200', RATE_LIMITS: '/=off' },
  );
});
afterAll(async () => {
  await gateway.close();
  await survivor.close();
  await database.drop();
});

/** Stops the upstream the way a crash does: no more connections, and every open socket destroyed mid-request. */
function kill(upstream: TestUpstream): void {
  upstream.app.server.close();
  upstream.app.server.closeAllConnections();
}

/** Polls until `upstream` has seen a request whose key starts with `prefix`, for at most a second. */
async function untilSeenBy(upstream: TestUpstream, prefix: string): Promise<void> {
  const deadline = Date.now() + 1000;
  while (![...upstream.seen.keys()].some((key) => key.startsWith(prefix)) && Date.now() < deadline) await sleep(10);
}

/** How often each upstream saw the request with `url`. */
function timesSeen(method: string, url: string): number {
  return [doomed, survivor].reduce((sum, upstream) => sum + (upstream.seen.get(`${method} ${url}`) ?? 0), 0);
}

/** Sends GETs from `CONCURRENCY` loops until `until`, each answer's status (0 for a network error) in order. */
async function steadyGets(until: number): Promise<number[]> {
  const init = await withToken();
  const statuses: number[] = [];
  const loop = async () => {
    while (Date.now() < until) {
      const status = await fetch(`${gateway.url}/api/v1/customers/slow?ms=20`, init)
        .then(async (response) => {
          await response.arrayBuffer();
          return response.status;
        })
        .catch(() => 0);
      statuses.push(status);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, loop));
  return statuses;
}

/** Sends slow POSTs that are still in flight when the upstream dies; answers each one's URL, status and code. */
async function postsInFlight(count: number): Promise<{ url: string; status: number; code?: string }[]> {
  const init = await withToken({ method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  return Promise.all(
    Array.from({ length: count }, async (_unused, index) => {
      const url = `/api/v1/customers/slow?ms=600&post=${index}`;
      const response = await fetch(`${gateway.url}${url}`, init);
      const body = (await response.json()) as { code?: string };
      return { url, status: response.status, code: body.code };
    }),
  );
}

describe('an upstream instance killed under load', () => {
  it('should answer every GET with 200 through the other instance and not retry the POSTs that hit the dying one', async () => {
    const started = Date.now();
    // 1. Steady GETs from 20 loops for two seconds.
    const gets = steadyGets(started + LOAD_MS);
    // 2. Slow POSTs, spread over both instances, that are still running at the kill.
    await sleep(KILL_AFTER_MS);
    const posts = postsInFlight(6);
    await untilSeenBy(doomed, 'POST ');
    // 3. The crash, while at least one POST is being worked on by the doomed instance.
    kill(doomed);
    const servedBySurvivorBefore = [...survivor.seen.values()].reduce((sum, count) => sum + count, 0);

    const getStatuses = await gets;
    const postResults = await posts;
    const servedBySurvivorAfter = [...survivor.seen.values()].reduce((sum, count) => sum + count, 0);

    expect(getStatuses.length).toBeGreaterThan(CONCURRENCY * 10);
    expect(getStatuses.filter((status) => status !== 200)).toEqual([]);
    expect(servedBySurvivorAfter).toBeGreaterThan(servedBySurvivorBefore);
    const failedPosts = postResults.filter((result) => result.status !== 200);
    expect(failedPosts.length).toBeGreaterThan(0);
    for (const post of failedPosts) expect(post).toMatchObject({ status: 502, code: 'GW_UPSTREAM_UNAVAILABLE' });
    // A POST refused by the dead instance was seen by none, one dropped mid-request by one; none by two.
    for (const post of postResults) expect(timesSeen('POST', post.url)).toBeLessThanOrEqual(1);
    for (const post of postResults.filter((result) => result.status === 200)) expect(timesSeen('POST', post.url)).toBe(1);
  });
});
