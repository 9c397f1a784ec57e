import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { freePort } from '@erp/kit/testing';

/** One request the fake InfluxDB received. */
export interface ReceivedWrite {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly authorization: string | undefined;
  readonly contentType: string | undefined;
  readonly body: string;
  readonly lines: string[];
}

/** How the fake answers from now on: 204 like InfluxDB, an error status, or never (a hung server). */
export type FakeMode = { readonly answer: 'ok' } | { readonly answer: 'status'; readonly status: number; readonly body: string } | { readonly answer: 'hang' };

export interface FakeInflux {
  readonly url: string;
  readonly writes: ReceivedWrite[];
  setMode(mode: FakeMode): void;
  /** Resolves once `count` writes were received in all. */
  waitForWrites(count: number, timeoutMs?: number): Promise<ReceivedWrite[]>;
  close(): Promise<void>;
}

/** A stand-in for InfluxDB's v2 write API on a random port, recording every request. */
export async function startFakeInflux(): Promise<FakeInflux> {
  const writes: ReceivedWrite[] = [];
  const sockets = new Set<Socket>();
  const waiters: (() => void)[] = [];
  let mode: FakeMode = { answer: 'ok' };
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://fake');
      const body = Buffer.concat(chunks).toString('utf8');
      writes.push({
        method: request.method ?? '',
        path: url.pathname,
        query: url.searchParams,
        authorization: request.headers.authorization,
        contentType: request.headers['content-type'],
        body,
        lines: body.split('\n').filter((line) => line.length > 0),
      });
      for (const wake of waiters.splice(0)) wake();
      if (mode.answer === 'hang') return;
      if (mode.answer === 'status') {
        response.writeHead(mode.status, { 'content-type': 'application/json' }).end(mode.body);
        return;
      }
      response.writeHead(204).end();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    writes,
    setMode(next) {
      mode = next;
    },
    async waitForWrites(count, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (writes.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} writes, got ${writes.length}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 50);
        });
      }
      return writes;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
