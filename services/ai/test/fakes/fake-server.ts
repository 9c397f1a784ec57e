import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { freePort } from '@erp/kit/testing';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: Record<string, unknown>;
}

/** One scripted answer: JSON with a status, server-sent events (optionally with pauses), or no answer at all. */
export type FakeResponse =
  | { readonly status: number; readonly json: unknown; readonly headers?: Record<string, string>; readonly delayMs?: number }
  | { readonly events: readonly string[]; readonly headers?: Record<string, string>; readonly pauseMs?: number; readonly hangAfter?: boolean }
  | { readonly hang: true };

export interface FakeServer {
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Queues answers for the next requests; without a queued answer, `fallback` answers. */
  script(...responses: FakeResponse[]): void;
  close(): Promise<void>;
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function readBody(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

async function answer(response: ServerResponse, scripted: FakeResponse): Promise<void> {
  if ('hang' in scripted) return;
  if ('json' in scripted) {
    if (scripted.delayMs) await wait(scripted.delayMs);
    response.writeHead(scripted.status, { 'content-type': 'application/json', ...scripted.headers }).end(JSON.stringify(scripted.json));
    return;
  }
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', ...scripted.headers });
  for (const event of scripted.events) {
    if (response.destroyed) return;
    response.write(event);
    if (scripted.pauseMs) await wait(scripted.pauseMs);
  }
  if (!scripted.hangAfter) response.end();
}

/**
 * An HTTP server on a free loopback port that stands in for a vendor's API: it records every request and
 * answers with what the test scripted, in the vendor's wire format.
 */
export async function startFakeServer(fallback: (request: RecordedRequest) => FakeResponse): Promise<FakeServer> {
  const queue: FakeResponse[] = [];
  const requests: RecordedRequest[] = [];
  const server = createServer((request, response) => {
    void (async () => {
      const recorded = { method: request.method ?? 'GET', path: request.url ?? '/', headers: request.headers, body: await readBody(request) };
      requests.push(recorded);
      await answer(response, queue.shift() ?? fallback(recorded));
    })();
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    script: (...responses) => queue.push(...responses),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
