import { REFUSING_URL } from '@erp/kit/testing';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnthropicProvider } from '../../src/providers/anthropic/anthropic-provider.js';
import { createOperatorFetch, createUndiciFetch } from '../../src/providers/undici-fetch.js';
import { anthropicOverloadedStream } from '../fakes/anthropic-wire.js';
import { type FakeServer, startFakeServer } from '../fakes/fake-server.js';
import { collect, USER } from './collect.js';

let server: FakeServer;
const fetch = createOperatorFetch();

beforeAll(async () => {
  server = await startFakeServer(() => ({ status: 200, json: { ok: true } }));
});
afterAll(() => server.close());

const post = (path: string, init: RequestInit = {}) =>
  fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"question":"hi"}', ...init });

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function firstChunk(response: Response): Promise<string> {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const { value } = await reader.read();
  reader.releaseLock();
  return new TextDecoder().decode(value);
}

describe('the undici fetch of the vendor adapters', () => {
  it('should send the method, headers and body and answer with the status, headers and body', async () => {
    server.script({ status: 201, json: { id: 'chatcmpl-1' }, headers: { 'x-request-id': 'req-7' } });

    const response = await post('/v1/chat/completions?beta=1', { headers: { 'content-type': 'application/json', authorization: 'Bearer key' } });

    expect(response.status).toBe(201);
    expect(response.ok).toBe(true);
    expect(response.headers.get('x-request-id')).toBe('req-7');
    expect(await response.json()).toEqual({ id: 'chatcmpl-1' });
    expect(server.requests.at(-1)).toMatchObject({
      method: 'POST',
      path: '/v1/chat/completions?beta=1',
      headers: { authorization: 'Bearer key' },
      body: { question: 'hi' },
    });
  });

  it('should hand over server-sent events as they arrive, before the stream ends', async () => {
    server.script({ events: ['data: {"delta":"a"}\n\n'], hangAfter: true });

    const response = await post('/v1/chat/completions');

    expect(await firstChunk(response)).toBe('data: {"delta":"a"}\n\n');
    await response.body?.cancel();
  });

  it("should reject with the signal's reason when the deadline passes before the answer", async () => {
    server.script({ hang: true });

    const answer = post('/v1/chat/completions', { signal: AbortSignal.timeout(50) });

    await expect(answer).rejects.toMatchObject({ name: 'TimeoutError' });
  });

  it("should fail the body with the signal's reason when aborted while the answer streams", async () => {
    server.script({ events: ['data: {"delta":"a"}\n\n'], hangAfter: true });
    const controller = new AbortController();
    const response = await post('/v1/chat/completions', { signal: controller.signal });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();

    controller.abort(new DOMException('No answer within 50 ms', 'TimeoutError'));

    await expect(reader.read()).rejects.toMatchObject({ name: 'TimeoutError' });
  });

  it('should let the reader cancel while a read is still waiting for the server', async () => {
    server.script({ events: ['data: {"delta":"a"}\n\n', 'data: [DONE]\n\n'], pauseMs: 30 });
    const response = await post('/v1/chat/completions');
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();

    const waiting = reader.read();
    await reader.cancel();
    await wait(100);

    expect(await waiting).toEqual({ done: true, value: undefined });
  });

  it('should end an adapter stream that fails on an error event without an error outside any promise', async () => {
    const claude = createAnthropicProvider({ apiKey: 'key', baseUrl: `${server.url}/v1`, fetch }).chatModel('claude-3-5-haiku-latest');
    server.script(anthropicOverloadedStream());

    const { error } = await collect(await claude.doStream({ messages: USER }));
    await wait(50);

    expect(error).toMatchObject({ kind: 'overloaded' });
  });

  it('should reject a refused connection as fetch does, with the network error as the cause', async () => {
    const answer = fetch(`${REFUSING_URL}/v1/chat/completions`, { method: 'POST', body: '{}' });

    await expect(answer).rejects.toMatchObject({ name: 'TypeError', message: 'fetch failed', cause: { code: 'ECONNREFUSED' } });
  });

  it('should answer a status without a body with an empty body', async () => {
    server.script({ status: 204, json: '' });

    const response = await post('/v1/things');

    expect(response.status).toBe(204);
    expect(response.body).toBeNull();
  });

  it('should follow a redirect for the operator and return it as it is without following', async () => {
    const moved = { status: 307, json: {}, headers: { location: `${server.url}/v2/chat/completions` } };
    server.script(moved, { status: 200, json: { moved: true } }, moved);
    const direct = createUndiciFetch(new Agent(), { followRedirects: false });

    const followed = await post('/v1/chat/completions');
    const unfollowed = await direct(`${server.url}/v1/chat/completions`, { method: 'POST', body: '{}' });

    expect(await followed.json()).toEqual({ moved: true });
    expect(server.requests.at(-2)).toMatchObject({ method: 'POST', path: '/v2/chat/completions', body: { question: 'hi' } });
    expect(unfollowed.status).toBe(307);
    expect(unfollowed.headers.get('location')).toBe(`${server.url}/v2/chat/completions`);
  });
});
