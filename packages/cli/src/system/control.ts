import { chmodSync, rmSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { join } from 'node:path';
import { SERVICES, type ServiceName } from '@erp/contracts';
import type { ErpSystem, ScaleOutcome } from './create-system.js';

// The control channel of a running `erp up`: HTTP over a Unix socket in the data folder, readable and
// writable only by the user who started the system (mode 0600), so `erp scale` from another shell can ask
// the supervisor that owns the processes to start or stop instances. node:http is enough for two routes.

const BODY_LIMIT_BYTES = 4096;

/** Where the control socket of the system running from `dataDir` listens. */
export function controlSocketPath(dataDir: string): string {
  return join(dataDir, 'erp-up.sock');
}

/** A scaling request as the socket accepts it. */
export interface ScaleRequest {
  readonly service: ServiceName;
  readonly count: number;
}

/** Serves `POST /scale` and `GET /instances` for `system` on `socketPath`; resolves once listening. */
export async function startControlServer(system: Pick<ErpSystem, 'scale' | 'instances'>, socketPath: string): Promise<Server> {
  rmSync(socketPath, { force: true });
  const server = createServer((incoming, response) => {
    const answer = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' });
      response.end(JSON.stringify(body));
    };
    const chunks: Buffer[] = [];
    let size = 0;
    incoming.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= BODY_LIMIT_BYTES) chunks.push(chunk);
    });
    incoming.on('end', () => {
      if (size > BODY_LIMIT_BYTES) return answer(413, { title: 'Body too large', status: 413 });
      if (incoming.method === 'GET' && incoming.url === '/instances') {
        return answer(
          200,
          SERVICES.map((service) => ({ service: service.name, instances: system.instances(service.name) })),
        );
      }
      if (incoming.method !== 'POST' || incoming.url !== '/scale') return answer(404, { title: 'Not found', status: 404 });
      const parsed = parseScaleRequest(Buffer.concat(chunks).toString('utf8'));
      if (typeof parsed === 'string') return answer(400, { title: 'Bad scaling request', status: 400, detail: parsed });
      system.scale(parsed.service, parsed.count).then(
        (outcome) => answer(200, outcome),
        (error: unknown) => answer(error instanceof RangeError ? 400 : 409, { title: 'Scaling failed', status: 409, detail: String((error as Error).message) }),
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => resolve());
  });
  chmodSync(socketPath, 0o600);
  server.unref();
  return server;
}

/** The request in `text`, or the reason it is not one. */
export function parseScaleRequest(text: string): ScaleRequest | string {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return 'the body is not JSON';
  }
  const { service, count } = (body ?? {}) as Record<string, unknown>;
  if (typeof service !== 'string' || !SERVICES.some((entry) => entry.name === service)) return `unknown service ${JSON.stringify(service)}`;
  if (typeof count !== 'number' || !Number.isInteger(count)) return 'count must be a whole number';
  return { service: service as ServiceName, count };
}

/** Asks the system listening on `socketPath` to run `count` instances of `service`. */
export function requestScale(socketPath: string, scale: ScaleRequest, timeoutMs = 120_000): Promise<ScaleOutcome> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify(scale);
    const outgoing = request(
      {
        socketPath,
        path: '/scale',
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        timeout: timeoutMs,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const answer = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ScaleOutcome & { detail?: string };
          if (response.statusCode === 200) resolve(answer);
          else reject(new Error(answer.detail ?? `the system answered ${response.statusCode}`));
        });
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer from the running system within ${timeoutMs} ms`)));
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}
