import { randomBytes } from 'node:crypto';
import type { ServiceApp, ServiceRegistry } from '@erp/kit';
import { createTestDatabase, type TestDatabase } from '@erp/kit/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Echo, registerInstance, startGateway, startUpstream, type TestGateway } from '../helpers.js';
import { withToken } from '../token-issuer.js';

let database: TestDatabase;
let core: { app: ServiceApp; url: string };
let ai: { app: ServiceApp; url: string };
let registrations: ServiceRegistry[];
let gateway: TestGateway;

beforeAll(async () => {
  database = await createTestDatabase(inject('adminUrl'));
  [core, ai] = await Promise.all([startUpstream('core-1'), startUpstream('ai-1')]);
  registrations = await Promise.all([
    registerInstance(database.adminUrl, 'core', 'core-1', core.url),
    registerInstance(database.adminUrl, 'ai', 'ai-1', ai.url),
  ]);
  gateway = await startGateway(database.adminUrl);
});
afterAll(async () => {
  await gateway.close();
  await Promise.all(registrations.map((registration) => registration.deregister().then(() => registration.close())));
  await Promise.all([core.app.close(), ai.app.close()]);
  await database.drop();
});

async function echo(path: string, init: RequestInit = {}): Promise<{ response: Response; echo: Echo }> {
  const response = await fetch(`${gateway.url}${path}`, await withToken(init));
  return { response, echo: (await response.json()) as Echo };
}

describe('forwarding /api/v1/<area>/...', () => {
  it.each(['GET', 'POST', 'PUT', 'PATCH', 'DELETE'])('should pass %s with path and query unchanged to the registered instance', async (method) => {
    const path = '/api/v1/customers/c-1/addresses?limit=5&cursor=abc%20d&tag=a&tag=b';

    const { response, echo: seen } = await echo(path, { method });

    expect(response.status).toBe(200);
    expect(seen).toMatchObject({ upstream: 'core-1', method, url: path });
  });

  it('should pass a JSON body and the caller headers through', async () => {
    const body = JSON.stringify({ name: 'Müller GmbH', vat_id: 'DE123456789' });
    const { authorization } = (await withToken()).headers as Record<string, string>;
    const headers = { 'content-type': 'application/json', authorization: String(authorization), 'accept-language': 'de-DE', 'x-custom': 'kept' };

    const { echo: seen } = await echo('/api/v1/customers', { method: 'POST', headers, body });

    expect(Buffer.from(seen.bodyBase64, 'base64').toString('utf8')).toBe(body);
    expect(seen.headers).toMatchObject({ ...headers, 'x-forwarded-for': '127.0.0.1', 'x-forwarded-proto': 'http' });
    expect(seen.headers.host).toBe(new URL(core.url).host);
  });

  it('should forward the caller x-request-id and continue the caller trace in traceparent', async () => {
    const traceId = '0af7651916cd43dd8448eb211c80319c';
    const callerSpan = 'b7ad6b7169203331';

    const { response, echo: seen } = await echo('/api/v1/customers', {
      headers: { 'x-request-id': 'req-abc-123', traceparent: `00-${traceId}-${callerSpan}-01` },
    });

    expect(seen.headers['x-request-id']).toBe('req-abc-123');
    expect(response.headers.get('x-request-id')).toBe('req-abc-123');
    expect(seen.headers.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    expect(seen.headers.traceparent).not.toContain(callerSpan);
  });

  it('should start a request id and a trace when the caller sends none', async () => {
    const { response, echo: seen } = await echo('/api/v1/customers');

    expect(seen.headers['x-request-id']).toBe(response.headers.get('x-request-id'));
    expect(seen.headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  });

  it.each([
    ['binary', 'application/octet-stream', randomBytes(4096)],
    ['plain text', 'text/plain; charset=utf-8', Buffer.from('Grüße, Straße 1\r\n')],
    ['a form', 'application/x-www-form-urlencoded', Buffer.from('name=M%C3%BCller&amount=1234.50')],
    [
      'multipart',
      'multipart/form-data; boundary=xyz',
      Buffer.from('--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\na;b\r\n--xyz--\r\n'),
    ],
    ['XML', 'application/xml', Buffer.from('<?xml version="1.0"?><invoice id="1"/>')],
  ])('should pass a %s body and the upstream response body through byte for byte', async (_kind, contentType, body) => {
    const response = await fetch(`${gateway.url}/api/v1/customers/mirror`, await withToken({ method: 'POST', headers: { 'content-type': contentType }, body }));

    expect(response.status).toBe(201);
    expect(response.headers.get('content-type')).toBe(contentType);
    expect(response.headers.get('x-upstream')).toBe('core-1');
    expect(response.headers.get('set-cookie')).toBe('session=abc; HttpOnly');
    expect(Buffer.from(await response.arrayBuffer()).equals(body)).toBe(true);
  });

  it('should pass a body without a content type through', async () => {
    const { echo: seen } = await echo('/api/v1/customers', { method: 'POST', body: new Uint8Array([1, 2, 3]) });

    expect(Buffer.from(seen.bodyBase64, 'base64')).toEqual(Buffer.from([1, 2, 3]));
  });

  it('should pass the upstream status and problem document through, such as 413 for an oversized body', async () => {
    const response = await fetch(
      `${gateway.url}/api/v1/customers`,
      await withToken({ method: 'POST', headers: { 'content-type': 'application/json' }, body: 'x'.repeat(100 * 1024) }),
    );

    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await response.json()).toMatchObject({ status: 413, code: 'KIT_PAYLOAD_TOO_LARGE' });
  });

  it('should send the longest matching prefix to its owner, /api/v1/finance/llm to ai', async () => {
    const { echo: seen } = await echo('/api/v1/finance/llm/suggest');

    expect(seen).toMatchObject({ upstream: 'ai-1', url: '/api/v1/finance/llm/suggest' });
  });
});
