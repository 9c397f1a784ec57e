import { setTimeout as sleep } from 'node:timers/promises';
import { createTestDatabase, type TestDatabase } from '@erp/kit/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { type CacheUpstream, type CachingGateway, send, startCacheUpstream, startCachingGateway, tokenFor } from './helpers.js';

let database: TestDatabase;
let upstream: CacheUpstream;
let gateway: CachingGateway;
let token: string;

beforeAll(async () => {
  database = await createTestDatabase(inject('adminUrl'));
  upstream = await startCacheUpstream();
  gateway = await startCachingGateway({
    adminUrl: database.adminUrl,
    upstreamUrl: upstream.url,
    env: {
      RESPONSE_CACHE_ROUTES: '/api/v1/products=30s:products; /api/v1/products/export=off; /api/v1/customers=1s:customers; /.well-known=30s',
      RESPONSE_CACHE_MAX_BODY_BYTES: '2048',
    },
  });
  token = await tokenFor();
});
beforeEach(() => {
  upstream.answers.clear();
});
afterAll(async () => {
  await gateway.close();
  await upstream.close();
  await database.drop();
});

describe('the response cache in process', () => {
  it('should forward the first GET as a miss and answer the second from the cache with Age and the upstream headers', async () => {
    upstream.answers.set('/api/v1/products/p-1', { headers: { 'content-type': 'application/json; charset=utf-8', 'x-upstream': 'core' } });

    const first = await send(gateway, '/api/v1/products/p-1', token);
    const second = await send(gateway, '/api/v1/products/p-1', token);

    expect(first.headers.get('cache-status')).toBe('gateway; fwd=uri-miss');
    expect(second.headers.get('cache-status')).toMatch(/^gateway; hit; ttl=(29|30)$/);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('age')).toMatch(/^[01]$/);
    expect(second.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(second.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(second.headers.get('x-upstream')).toBe('core');
    expect(second.headers.get('x-request-id')).not.toBe(first.headers.get('x-request-id'));
  });

  it('should share an entry between query strings that differ only in the order of their parameters', async () => {
    const first = await send(gateway, '/api/v1/products?limit=5&cursor=a', token);
    const reordered = await send(gateway, '/api/v1/products?cursor=a&limit=5', token);
    const other = await send(gateway, '/api/v1/products?cursor=b&limit=5', token);

    expect(reordered.body?.served).toBe(first.body?.served);
    expect(other.headers.get('cache-status')).toBe('gateway; fwd=uri-miss');
  });

  it('should forward again once the time to live has passed', async () => {
    const first = await send(gateway, '/api/v1/customers/c-1', token);
    await sleep(1100);

    const later = await send(gateway, '/api/v1/customers/c-1', token);

    expect(later.headers.get('cache-status')).toBe('gateway; fwd=uri-miss');
    expect(later.body?.served).toBeGreaterThan(first.body?.served ?? 0);
  });

  it.each([
    ['Cache-Control: no-store', { 'cache-control': 'no-store' }],
    ['Cache-Control: private', { 'cache-control': 'private, max-age=60' }],
    ['Cache-Control: no-cache', { 'cache-control': 'no-cache' }],
    ['Cache-Control: max-age=0', { 'cache-control': 'max-age=0' }],
    ['Set-Cookie', { 'set-cookie': 'session=abc; HttpOnly' }],
    ['Vary: *', { vary: '*' }],
  ])('should not store a response with %s', async (_name, headers) => {
    const path = `/api/v1/products/refused-${Object.keys(headers).join('-')}-${Object.values(headers).join('').length}`;
    upstream.answers.set(path, { headers });

    const first = await send(gateway, path, token);
    const second = await send(gateway, path, token);

    expect(second.headers.get('cache-status')).toBe('gateway; fwd=uri-miss');
    expect(second.body?.served).toBe((first.body?.served ?? 0) + 1);
  });

  it('should not store an answer other than 200, nor a body over RESPONSE_CACHE_MAX_BODY_BYTES', async () => {
    upstream.answers.set('/api/v1/products/missing', { status: 404 });
    upstream.answers.set('/api/v1/products/large', { bodyBytes: 4096 });

    const missing = [await send(gateway, '/api/v1/products/missing', token), await send(gateway, '/api/v1/products/missing', token)];
    const large = [await send(gateway, '/api/v1/products/large', token), await send(gateway, '/api/v1/products/large', token)];

    expect(missing.map((answer) => answer.status)).toEqual([404, 404]);
    expect(missing[1]?.body?.served).toBe((missing[0]?.body?.served ?? 0) + 1);
    expect(large[0]?.body?.padding.length).toBeGreaterThan(2048);
    expect(large[1]?.headers.get('cache-status')).toBe('gateway; fwd=uri-miss');
    expect(large[1]?.body?.served).toBe((large[0]?.body?.served ?? 0) + 1);
  });

  it('should let an upstream max-age shorten the time to live but never lengthen it', async () => {
    upstream.answers.set('/api/v1/products/short', { headers: { 'cache-control': 'max-age=5' } });
    upstream.answers.set('/api/v1/products/long', { headers: { 'cache-control': 'public, s-maxage=3600, max-age=1' } });

    await send(gateway, '/api/v1/products/short', token);
    await send(gateway, '/api/v1/products/long', token);
    const short = await send(gateway, '/api/v1/products/short', token);
    const long = await send(gateway, '/api/v1/products/long', token);

    expect(short.headers.get('cache-status')).toMatch(/^gateway; hit; ttl=[45]$/);
    expect(long.headers.get('cache-status')).toMatch(/^gateway; hit; ttl=(29|30)$/);
  });

  it('should fetch afresh and store the new answer for a request with Cache-Control: no-cache', async () => {
    const first = await send(gateway, '/api/v1/products/p-2', token);

    const fresh = await send(gateway, '/api/v1/products/p-2', token, { headers: { 'cache-control': 'no-cache' } });
    const after = await send(gateway, '/api/v1/products/p-2', token);

    expect(fresh.headers.get('cache-status')).toBe('gateway; fwd=request');
    expect(fresh.body?.served).toBeGreaterThan(first.body?.served ?? 0);
    expect(after.body?.served).toBe(fresh.body?.served);
  });

  it('should neither read nor store for a request with Cache-Control: no-store', async () => {
    const first = await send(gateway, '/api/v1/products/p-3', token, { headers: { 'cache-control': 'no-store' } });

    const second = await send(gateway, '/api/v1/products/p-3', token);

    expect(first.headers.get('cache-status')).toBe('gateway; fwd=bypass; detail=no-store');
    expect(second.headers.get('cache-status')).toBe('gateway; fwd=uri-miss');
  });

  it('should answer 304 to a conditional GET whose If-None-Match names the cached ETag', async () => {
    const first = await send(gateway, '/api/v1/products/p-4', token);
    const etag = first.headers.get('etag') ?? '';

    const conditional = await send(gateway, '/api/v1/products/p-4', token, { headers: { 'if-none-match': `W/${etag}` } });
    const other = await send(gateway, '/api/v1/products/p-4', token, { headers: { 'if-none-match': '"stale"' } });

    expect(conditional.status).toBe(304);
    expect(conditional.body).toBeUndefined();
    expect(conditional.headers.get('etag')).toBe(etag);
    expect(conditional.headers.get('cache-status')).toMatch(/^gateway; hit/);
    expect(other.status).toBe(200);
  });

  it('should answer HEAD from the GET entry without a body', async () => {
    await send(gateway, '/api/v1/products/p-5', token);
    const readsBefore = upstream.reads();

    const head = await send(gateway, '/api/v1/products/p-5', token, { method: 'HEAD' });

    expect(head.status).toBe(200);
    expect(head.body).toBeUndefined();
    expect(head.headers.get('cache-status')).toMatch(/^gateway; hit/);
    expect(upstream.reads()).toBe(readsBefore);
  });

  it('should keep one variant per entry and forward a request for another one as a vary miss', async () => {
    upstream.answers.set('/api/v1/products/p-6', { headers: { vary: 'Accept-Language, Origin' } });

    const german = await send(gateway, '/api/v1/products/p-6', token, { headers: { 'accept-language': 'de' } });
    const germanAgain = await send(gateway, '/api/v1/products/p-6', token, { headers: { 'accept-language': 'de', origin: 'http://localhost:3000' } });
    const english = await send(gateway, '/api/v1/products/p-6', token, { headers: { 'accept-language': 'en' } });

    expect(germanAgain.body?.served).toBe(german.body?.served);
    expect(english.headers.get('cache-status')).toBe('gateway; fwd=vary-miss');
    expect(english.body?.served).toBeGreaterThan(german.body?.served ?? 0);
  });

  it('should not cache a request without a token on a public path', async () => {
    const anonymous = await fetch(`${gateway.url}/.well-known/jwks.json`);

    expect(anonymous.status).toBe(200);
    expect(anonymous.headers.get('cache-status')).toBe('gateway; fwd=bypass; detail=anonymous');
  });

  it('should leave routes without a rule and routes switched off untouched', async () => {
    const answers = [];
    for (const path of ['/api/v1/orders/o-1', '/api/v1/orders/o-1', '/api/v1/products/export', '/api/v1/products/export'])
      answers.push(await send(gateway, path, token));

    expect(answers.map((answer) => answer.headers.get('cache-status'))).toEqual([null, null, null, null]);
    expect(new Set(answers.map((answer) => answer.body?.served)).size).toBe(4);
  });

  it('should count hits, misses, revalidations, bypasses and refusals to store in GET /metrics after the kit metrics', async () => {
    upstream.answers.set('/api/v1/products/counted-private', { headers: { 'cache-control': 'private' } });
    upstream.answers.set('/api/v1/products/counted-large', { bodyBytes: 4096 });
    for (const [path, headers] of [
      ['counted', {}],
      ['counted', {}],
      ['counted', { 'cache-control': 'no-cache' }],
      ['counted', { 'cache-control': 'no-store' }],
      ['counted-private', {}],
      ['counted-large', {}],
    ] as const) {
      await send(gateway, `/api/v1/products/${path}`, token, { headers });
    }

    const text = await (await fetch(`${gateway.url}/metrics`)).text();
    const count = (name: string, label: string) => Number(new RegExp(`^${name}\\{[^}]*${label}[^}]*\\} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);

    expect(text).toContain('http_request_duration_seconds_bucket');
    expect(count('gateway_response_cache_requests_total', 'outcome="hit"')).toBeGreaterThan(0);
    expect(count('gateway_response_cache_requests_total', 'outcome="miss"')).toBeGreaterThan(0);
    expect(count('gateway_response_cache_requests_total', 'outcome="revalidate"')).toBeGreaterThan(0);
    expect(count('gateway_response_cache_requests_total', 'outcome="bypass"')).toBeGreaterThan(0);
    expect(count('gateway_response_cache_not_stored_total', 'reason="private"')).toBeGreaterThan(0);
    expect(count('gateway_response_cache_not_stored_total', 'reason="too-large"')).toBeGreaterThan(0);
    expect(/^gateway_response_cache_stored_total\{service="gateway"\} [1-9]/m.test(text)).toBe(true);
  });
});
