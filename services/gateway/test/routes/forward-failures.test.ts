import { request as httpRequest } from 'node:http';
import type { ServiceApp, ServiceRegistry } from '@erp/kit';
import { createTestDatabase, REFUSING_URL, type TestDatabase } from '@erp/kit/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { registerInstance, startGateway, startUpstream, type TestGateway, UPSTREAM_TIMEOUT_MS } from '../helpers.js';
import { withToken } from '../token-issuer.js';

let database: TestDatabase;
let core: { app: ServiceApp; url: string };
let registrations: ServiceRegistry[];
let gateway: TestGateway;

beforeAll(async () => {
  database = await createTestDatabase(inject('adminUrl'));
  core = await startUpstream('core-1');
  const deadUrl = REFUSING_URL;
  registrations = await Promise.all([
    registerInstance(database.adminUrl, 'core', 'core-1', core.url),
    registerInstance(database.adminUrl, 'finance', 'finance-dead', deadUrl),
  ]);
  gateway = await startGateway(database.adminUrl);
});
afterAll(async () => {
  await gateway.close();
  await Promise.all(registrations.map((registration) => registration.deregister().then(() => registration.close())));
  await core.app.close();
  await database.drop();
});

/** Sends a path exactly as given; fetch would normalise dot segments before they reach the gateway. */
async function rawGet(path: string): Promise<{ status: number; contentType: string; body: string }> {
  const { headers } = await withToken();
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${gateway.url}${path}`, { method: 'GET', path, headers: headers as Record<string, string> }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        body += chunk;
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, contentType: String(response.headers['content-type']), body }));
    });
    request.on('error', reject);
    request.end();
  });
}

describe('forwarding failures', () => {
  it('should answer 404 with a problem document for a path no service owns', async () => {
    const response = await fetch(`${gateway.url}/api/v1/nothing-here/1`);

    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await response.json()).toMatchObject({ status: 404, code: 'KIT_ROUTE_NOT_FOUND', instance: '/api/v1/nothing-here/1' });
  });

  it('should answer 502 with a problem document when the registered instance does not accept connections', async () => {
    const response = await fetch(
      `${gateway.url}/api/v1/finance/journal-entries`,
      await withToken({ method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }),
    );

    expect(response.status).toBe(502);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await response.json()).toMatchObject({ status: 502, code: 'GW_UPSTREAM_UNAVAILABLE', detail: expect.stringContaining('finance') });
  });

  it('should answer 504 with a problem document within the configured timeout when the upstream is slow', async () => {
    const init = await withToken();
    const started = Date.now();

    const response = await fetch(`${gateway.url}/api/v1/customers/slow?ms=5000`, init);
    const elapsedMs = Date.now() - started;

    expect(response.status).toBe(504);
    expect(await response.json()).toMatchObject({ status: 504, code: 'GW_UPSTREAM_TIMEOUT', detail: expect.stringContaining(`${UPSTREAM_TIMEOUT_MS} ms`) });
    expect(elapsedMs).toBeGreaterThanOrEqual(UPSTREAM_TIMEOUT_MS - 10);
    expect(elapsedMs).toBeLessThan(UPSTREAM_TIMEOUT_MS + 250);
  });

  it('should answer a slow but timely upstream normally', async () => {
    const response = await fetch(`${gateway.url}/api/v1/customers/slow?ms=${UPSTREAM_TIMEOUT_MS / 3}`, await withToken());

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ upstream: 'core-1', slow: true });
  });

  it('should not time out while the client is still sending a slow body', async () => {
    const chunks = ['{"name":', '"slow', ' upload"}'];
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const chunk = chunks.shift();
        if (chunk === undefined) return controller.close();
        await new Promise((resolve) => setTimeout(resolve, UPSTREAM_TIMEOUT_MS * 0.6));
        controller.enqueue(new TextEncoder().encode(chunk));
      },
    });

    const response = await fetch(
      `${gateway.url}/api/v1/customers`,
      await withToken({ method: 'POST', headers: { 'content-type': 'application/json' }, body, duplex: 'half' } as RequestInit),
    );

    expect(response.status).toBe(200);
    expect(Buffer.from(((await response.json()) as { bodyBase64: string }).bodyBase64, 'base64').toString()).toBe('{"name":"slow upload"}');
  });

  it('should answer 503 with a problem document when no instance is registered and no URL configured', async () => {
    const response = await fetch(`${gateway.url}/api/v1/reports/trial-balance`, await withToken());

    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ status: 503, code: 'GW_NO_UPSTREAM', detail: expect.stringContaining('REPORTING_URL') });
  });

  it.each([
    ['a ".." segment', '/api/v1/customers/../../health'],
    ['an encoded ".." segment', '/api/v1/customers/%2e%2e/%2E%2E/metrics'],
  ])('should answer 400 with a problem document for a path with %s', async (_case, path) => {
    const response = await rawGet(path);

    expect(response.status).toBe(400);
    expect(response.contentType).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(response.body)).toMatchObject({ status: 400, code: 'GW_INVALID_PATH' });
  });

  it('should answer 400 for a path with malformed percent-encoding', async () => {
    const response = await rawGet('/api/v1/customers/%E0%A4%A');

    // Fastify's router refuses this before any route or hook runs, with its own JSON body (FST_ERR_BAD_URL).
    expect(response.status).toBe(400);
  });
});
