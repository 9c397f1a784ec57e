import { createTestDatabase, type TestDatabase } from '@erp/kit/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { type Echo, startGateway, startUpstream, type TestGateway, type TestUpstream } from '../helpers.js';
import { withToken } from '../token-issuer.js';

const FLAKY = '/api/v1/customers/flaky';

let database: TestDatabase;
let dropping: TestUpstream;
let working: TestUpstream;
let gateway: TestGateway;

beforeAll(async () => {
  database = await createTestDatabase(inject('adminUrl'));
  [dropping, working] = await Promise.all([startUpstream('core-dropping'), startUpstream('core-working')]);
  dropping.setFlakyStatus(0);
});
beforeEach(async () => {
  dropping.seen.clear();
  working.seen.clear();
  // Round robin starting with the dropping instance, and no ejection, so that it gets every other request.
  gateway = await startGateway(
    database.adminUrl,
    {},
    {
      CORE_URLS: `${dropping.url},${working.url}`,
      LB_POLICY: 'round-robin',
      UPSTREAM_EJECT_MS: '0',
      UPSTREAM_TIMEOUT_MS: '2000',
      UPSTREAM_RETRY_BODY_LIMIT_BYTES: '64',
    },
  );
});
afterEach(async () => {
  await gateway.close();
});
afterAll(async () => {
  await Promise.all([dropping.close(), working.close()]);
  await database.drop();
});

function send(method: string, body?: RequestInit['body'], headers: Record<string, string> = {}): Promise<Response> {
  const init: RequestInit = { method, headers: { 'content-type': 'application/json', ...headers }, ...(body === undefined ? {} : { body }) };
  return withToken(body instanceof ReadableStream ? ({ ...init, duplex: 'half' } as RequestInit) : init).then((withAuth) =>
    fetch(`${gateway.url}${FLAKY}`, withAuth),
  );
}

describe('retries after a dropped connection', () => {
  it('should send a small PUT body again to the other instance when the first dropped the connection', async () => {
    const body = JSON.stringify({ name: 'replayed' });

    const response = await send('PUT', body);
    const echo = (await response.json()) as Echo;

    expect(response.status).toBe(200);
    expect(echo.upstream).toBe('core-working');
    expect(Buffer.from(echo.bodyBase64, 'base64').toString()).toBe(body);
    expect(dropping.seen.get(`PUT ${FLAKY}`)).toBe(1);
    expect(working.seen.get(`PUT ${FLAKY}`)).toBe(1);
  });

  it('should retry a GET and a DELETE without a body on the other instance', async () => {
    const statuses = [(await send('GET')).status, (await send('DELETE')).status];

    expect(statuses).toEqual([200, 200]);
    expect([dropping.seen.get(`GET ${FLAKY}`), working.seen.get(`GET ${FLAKY}`)]).toEqual([1, 1]);
    expect([dropping.seen.get(`DELETE ${FLAKY}`), working.seen.get(`DELETE ${FLAKY}`)]).toEqual([1, 1]);
  });

  it('should answer 502 to a POST whose connection dropped and never send it to another instance', async () => {
    const response = await send('POST', '{}');

    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({ status: 502, code: 'GW_UPSTREAM_UNAVAILABLE' });
    expect(dropping.seen.get(`POST ${FLAKY}`)).toBe(1);
    expect(working.seen.get(`POST ${FLAKY}`)).toBeUndefined();
  });

  it('should not retry a PUT whose body exceeds the retry buffer limit', async () => {
    const response = await send('PUT', JSON.stringify({ name: 'x'.repeat(100) }));

    expect(response.status).toBe(502);
    expect(working.seen.get(`PUT ${FLAKY}`)).toBeUndefined();
  });

  it('should not retry a PUT with a chunked body of unknown length', async () => {
    const chunks = ['{"a":', '1}'];
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        const chunk = chunks.shift();
        if (chunk === undefined) controller.close();
        else controller.enqueue(new TextEncoder().encode(chunk));
      },
    });

    const response = await send('PUT', body);

    expect(response.status).toBe(502);
    expect(working.seen.get(`PUT ${FLAKY}`)).toBeUndefined();
  });
});
