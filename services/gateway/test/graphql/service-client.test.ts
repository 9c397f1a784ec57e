import { describe, expect, it } from 'vitest';
import type { AttemptOutcome } from '../../src/balancing/instance-states.js';
import { createServiceClient } from '../../src/graphql/service-client.js';
import type { UpstreamLease } from '../../src/upstream-resolver.js';

type Behaviour = 'refuse' | 'hang' | Response;

/** A resolver over `urls` in order (skipping excluded ones) that records what happened to each lease. */
function resolverOver(urls: string[]) {
  const log: string[] = [];
  return {
    log,
    async pick(_service: string, exclude: readonly string[] = []): Promise<UpstreamLease | undefined> {
      const url = urls.find((candidate) => !exclude.includes(candidate));
      if (!url) return undefined;
      return { url, record: (outcome: AttemptOutcome) => log.push(`${url} ${outcome}`), end: () => log.push(`${url} end`) };
    },
  };
}

/** A fetch that answers per instance: a response, a refused connection, or nothing until aborted. */
function fetchBy(behaviours: Record<string, Behaviour>, seen: Array<{ url: string; init: RequestInit }> = []): typeof fetch {
  return (async (input: string | URL | Request, init: RequestInit = {}) => {
    const url = String(input);
    seen.push({ url, init });
    const behaviour = behaviours[new URL(url).origin] ?? 'refuse';
    if (behaviour === 'refuse') throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
    if (behaviour === 'hang') {
      return new Promise((_resolve, reject) => init.signal?.addEventListener('abort', () => reject(init.signal?.reason)));
    }
    return behaviour.clone();
  }) as typeof fetch;
}

const json = (status: number, body: unknown, type = 'application/json') => new Response(JSON.stringify(body), { status, headers: { 'content-type': type } });
const A = 'http://a.test';
const B = 'http://b.test';

function client(
  behaviours: Record<string, Behaviour>,
  options: { retries?: number; timeoutMs?: number; seen?: Array<{ url: string; init: RequestInit }> } = {},
) {
  const resolver = resolverOver([A, B]);
  const services = createServiceClient(
    { resolver, timeoutMs: options.timeoutMs ?? 1000, retries: options.retries ?? 1, ejectStatuses: [502, 503, 504], fetch: fetchBy(behaviours, options.seen) },
    { authorization: 'Bearer t', 'x-request-id': 'r-1', traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
  );
  return { services, log: resolver.log };
}

const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: { message: string; extensions: Record<string, unknown> }) => ({ message: error.message, ...error.extensions }),
  );

describe('createServiceClient', () => {
  it('should send the caller headers and a JSON body, and resolve to the JSON answer', async () => {
    const seen: Array<{ url: string; init: RequestInit }> = [];
    const { services } = client({ [A]: json(201, { id: 'u-1' }) }, { seen });

    const result = await services.call('auth', { method: 'POST', path: '/api/v1/auth/users?x=1', body: { email: 'a@b.c' } });

    expect(result).toEqual({ id: 'u-1' });
    expect(seen[0]?.url).toBe(`${A}/api/v1/auth/users?x=1`);
    expect(seen[0]?.init).toMatchObject({
      method: 'POST',
      body: '{"email":"a@b.c"}',
      redirect: 'manual',
      headers: { authorization: 'Bearer t', 'x-request-id': 'r-1', accept: 'application/json', 'content-type': 'application/json' },
    });
  });

  it('should send an idempotent call to another instance after a refused connection, reporting both to the balancer', async () => {
    const { services, log } = client({ [A]: 'refuse', [B]: json(200, { ok: true }) });

    const result = await services.call('auth', { method: 'GET', path: '/x' });

    expect(result).toEqual({ ok: true });
    expect(log).toEqual([`${A} connection-failure`, `${A} end`, `${B} success`, `${B} end`]);
  });

  it('should not send a POST anywhere else after a refused connection, and answer GW_UPSTREAM_UNAVAILABLE', async () => {
    const { services, log } = client({ [A]: 'refuse', [B]: json(200, {}) });

    const failure = await failureOf(services.call('auth', { method: 'POST', path: '/x' }));

    expect(failure).toMatchObject({ code: 'GW_UPSTREAM_UNAVAILABLE', status: 502 });
    expect(log).toEqual([`${A} connection-failure`, `${A} end`]);
  });

  it("should send a call's own headers besides the caller's, which they cannot replace", async () => {
    const seen: Array<{ url: string; init: RequestInit }> = [];
    const { services } = client({ [A]: json(200, {}) }, { seen });

    await services.call('core', { method: 'PATCH', path: '/x', body: {}, headers: { 'if-match': '"4"', authorization: 'Bearer other' } });

    expect(seen[0]?.init.headers).toMatchObject({ 'if-match': '"4"', authorization: 'Bearer t' });
  });

  it('should not send a PATCH anywhere else after a refused connection', async () => {
    const { services, log } = client({ [A]: 'refuse', [B]: json(200, {}) });

    const failure = await failureOf(services.call('core', { method: 'PATCH', path: '/x', body: {} }));

    expect(failure).toMatchObject({ code: 'GW_UPSTREAM_UNAVAILABLE', status: 502 });
    expect(log).toEqual([`${A} connection-failure`, `${A} end`]);
  });

  it('should stop after UPSTREAM_RETRIES other instances', async () => {
    const { services, log } = client({ [A]: 'refuse', [B]: 'refuse' }, { retries: 0 });

    const failure = await failureOf(services.call('auth', { method: 'GET', path: '/x' }));

    expect(failure).toMatchObject({ code: 'GW_UPSTREAM_UNAVAILABLE' });
    expect(log).toEqual([`${A} connection-failure`, `${A} end`]);
  });

  it('should turn a problem document into a GraphQL error and count an ejecting status against the instance', async () => {
    const problem = {
      type: 'urn:erp:problem:kit-service-unavailable',
      title: 'Service Unavailable',
      status: 503,
      detail: 'Database down.',
      code: 'KIT_SERVICE_UNAVAILABLE',
    };
    const { services, log } = client({ [A]: json(503, problem, 'application/problem+json') });

    const failure = await failureOf(services.call('auth', { method: 'GET', path: '/x' }));

    expect(failure).toEqual({ message: 'Database down.', code: 'KIT_SERVICE_UNAVAILABLE', status: 503, type: 'urn:erp:problem:kit-service-unavailable' });
    expect(log).toEqual([`${A} status-failure`, `${A} end`]);
  });

  it.each([
    ['a 2xx body that is not JSON', new Response('<html>', { status: 200, headers: { 'content-type': 'text/html' } }), 200],
    ['an error that is not a problem document', json(404, { message: 'nope' }), 404],
    ['a redirect', new Response(null, { status: 302, headers: { location: 'http://evil.test/' } }), 302],
  ])('should answer GW_UPSTREAM_BAD_RESPONSE for %s', async (_case, response, status) => {
    const { services } = client({ [A]: response });

    const failure = await failureOf(services.call('auth', { method: 'GET', path: '/x' }));

    expect(failure).toEqual({
      message: `The auth service answered ${status} with a body that is neither its data nor a problem document.`,
      code: 'GW_UPSTREAM_BAD_RESPONSE',
      status: 502,
    });
  });

  it('should resolve an empty 204 to undefined', async () => {
    const { services } = client({ [A]: new Response(null, { status: 204 }) });

    expect(await services.call('auth', { method: 'DELETE', path: '/x' })).toBeUndefined();
  });

  it('should answer GW_UPSTREAM_TIMEOUT when no answer comes within the timeout, without trying another instance', async () => {
    const { services, log } = client({ [A]: 'hang', [B]: json(200, {}) }, { timeoutMs: 50 });

    const failure = await failureOf(services.call('auth', { method: 'GET', path: '/x' }));

    expect(failure).toMatchObject({ code: 'GW_UPSTREAM_TIMEOUT', status: 504 });
    expect(log).toEqual([`${A} timeout`, `${A} end`]);
  });

  it('should answer GW_NO_UPSTREAM when no instance is known', async () => {
    const services = createServiceClient({ resolver: { pick: async () => undefined }, timeoutMs: 100, retries: 1, ejectStatuses: [] }, {});

    const failure = await failureOf(services.call('auth', { method: 'GET', path: '/x' }));

    expect(failure).toMatchObject({ code: 'GW_NO_UPSTREAM', status: 503 });
  });
});
