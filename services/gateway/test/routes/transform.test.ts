import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '@erp/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EdgeGateway, startEdgeGateway } from '../edge-helpers.js';

const UI_ORIGIN = 'http://localhost:3000';
const seen: { url: string; headers: IncomingHttpHeaders }[] = [];
let upstream: Server;
let gateway: EdgeGateway;

/** A bare upstream that records what reaches it and answers with connection headers of its own. */
async function startRawUpstream(): Promise<{ server: Server; url: string }> {
  const server = createServer(async (request, response) => {
    seen.push({ url: request.url ?? '', headers: request.headers });
    for await (const _chunk of request);
    if (request.url?.startsWith('/api/v1/customers/slow')) await sleep(150);
    response.setHeader('connection', 'keep-alive, x-upstream-hop');
    response.setHeader('x-upstream-hop', 'private');
    response.setHeader('keep-alive', 'timeout=5, max=7');
    response.setHeader('proxy-authenticate', 'Basic realm="upstream"');
    response.setHeader('upgrade', 'h2c');
    response.setHeader('x-kept', 'yes');
    response.setHeader('server-timing', 'app;dur=150');
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ ok: true }));
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${port}` };
}

beforeAll(async () => {
  const raw = await startRawUpstream();
  upstream = raw.server;
  gateway = await startEdgeGateway({ upstreamUrl: raw.url, bodyLimitBytes: 2048 });
});
afterAll(async () => {
  await gateway.close();
  await new Promise((resolve) => upstream.close(resolve));
});

/** Sends headers fetch would refuse to send (Keep-Alive, Upgrade, Proxy-*, TE). */
function rawGet(path: string, headers: Record<string, string>): Promise<{ status: number; headers: IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${gateway.url}${path}`, { method: 'GET', headers }, (response) => {
      response.resume();
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers }));
    });
    request.on('error', reject);
    request.end();
  });
}

describe('CORS for the UI origins', () => {
  it('should answer a preflight from the UI itself, with credentials, without asking the upstream', async () => {
    const before = seen.length;

    const response = await fetch(`${gateway.url}/api/v1/customers`, {
      method: 'OPTIONS',
      headers: { origin: UI_ORIGIN, 'access-control-request-method': 'PATCH', 'access-control-request-headers': 'content-type, authorization' },
    });

    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
    expect(response.headers.get('access-control-allow-methods')).toBe('GET, HEAD, POST, PUT, PATCH, DELETE');
    expect(response.headers.get('access-control-max-age')).toBe('600');
    expect(response.headers.get('access-control-allow-headers')).toBe('content-type, authorization');
    expect(seen.length).toBe(before);
  });

  it('should let the UI read the request id, rate-limit fields and Server-Timing of a response', async () => {
    const response = await fetch(`${gateway.url}/api/v1/customers`, { headers: { origin: UI_ORIGIN } });

    expect(response.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);
    expect(response.headers.get('access-control-expose-headers')).toBe(
      'x-request-id, ratelimit, ratelimit-policy, retry-after, server-timing, cache-status, age, etag',
    );
    expect(response.headers.get('timing-allow-origin')).toBe(UI_ORIGIN);
  });

  it('should forward an OPTIONS request that is no preflight like any other request', async () => {
    const before = seen.length;

    const response = await fetch(`${gateway.url}/api/v1/customers`, { method: 'OPTIONS', headers: { origin: UI_ORIGIN } });

    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);
    expect(seen.length).toBe(before + 1);
  });

  it('should not allow an origin that is not configured', async () => {
    const response = await fetch(`${gateway.url}/api/v1/customers`, { headers: { origin: 'https://evil.example' } });

    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('timing-allow-origin')).toBeNull();
  });
});

describe('security headers', () => {
  it.each(['/api/v1/customers', '/health'])('should send security headers on %s', async (path) => {
    const response = await fetch(`${gateway.url}${path}`);

    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(response.headers.get('strict-transport-security')).toMatch(/^max-age=\d+/);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('should still serve the /docs page and every script it loads from its own origin', async () => {
    const page = await fetch(`${gateway.url}/docs/`);
    const html = await page.text();
    const scripts = [...html.matchAll(/<script src="([^"]+)"/g)].map((match) => new URL(match[1] ?? '', page.url));

    const loaded = await Promise.all(scripts.map((script) => fetch(script).then((response) => response.status)));

    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(scripts.length).toBeGreaterThan(0);
    expect(scripts.every((script) => script.origin === new URL(gateway.url).origin)).toBe(true);
    expect(loaded.every((status) => status === 200)).toBe(true);
  });
});

describe('body limit', () => {
  it('should refuse a body announced over the limit with a 413 problem before forwarding it', async () => {
    const before = seen.length;

    const response = await fetch(`${gateway.url}/api/v1/customers`, { method: 'POST', body: 'x'.repeat(4096), headers: { 'content-type': 'text/plain' } });

    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ status: 413, code: 'KIT_PAYLOAD_TOO_LARGE' });
    expect(seen.length).toBe(before);
  });

  it('should forward a body within the limit', async () => {
    const response = await fetch(`${gateway.url}/api/v1/customers`, { method: 'POST', body: 'x'.repeat(2048), headers: { 'content-type': 'text/plain' } });

    expect(response.status).toBe(200);
  });
});

describe('hop-by-hop headers', () => {
  it('should forward a request without its connection headers, where undici would have refused it', async () => {
    const response = await rawGet('/api/v1/customers/hop', {
      connection: 'keep-alive, x-client-hop',
      'x-client-hop': 'private',
      'keep-alive': 'timeout=5',
      'proxy-authorization': 'Basic dXNlcjpwYXNz',
      te: 'trailers',
      upgrade: 'websocket',
      expect: '100-continue',
      'x-kept': 'yes',
    });
    const arrived = seen.at(-1)?.headers ?? {};

    expect(response.status).toBe(200);
    expect(arrived['x-kept']).toBe('yes');
    for (const name of ['x-client-hop', 'keep-alive', 'proxy-authorization', 'te', 'upgrade', 'expect']) expect(arrived[name]).toBeUndefined();
  });

  it('should answer without the upstream connection headers', async () => {
    const response = await rawGet('/api/v1/customers', {});

    expect(response.headers['x-kept']).toBe('yes');
    expect(response.headers['x-upstream-hop']).toBeUndefined();
    expect(response.headers['proxy-authenticate']).toBeUndefined();
    expect(response.headers.upgrade).toBeUndefined();
    expect(response.headers['keep-alive']).not.toBe('timeout=5, max=7');
    expect(String(response.headers.connection ?? '')).not.toContain('x-upstream-hop');
  });
});

describe('Server-Timing', () => {
  it('should add the gateway own time, without the upstream wait, to the upstream entries', async () => {
    const response = await fetch(`${gateway.url}/api/v1/customers/slow`);
    const timing = response.headers.get('server-timing') ?? '';

    const gatewayMs = Number(/gw;dur=([\d.]+)/.exec(timing)?.[1]);

    expect(timing).toMatch(/^app;dur=150, gw;dur=[\d.]+$/);
    expect(gatewayMs).toBeLessThan(100);
  });

  it('should time a route the gateway answers itself', async () => {
    const response = await fetch(`${gateway.url}/alive`);

    expect(response.headers.get('server-timing')).toMatch(/^gw;dur=\d+\.\d$/);
  });
});
