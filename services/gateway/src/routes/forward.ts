import type { Readable } from 'node:stream';
import { SERVICES } from '@erp/contracts';
import { outgoingHeaders, sendProblem } from '@erp/kit';
import replyFrom from '@fastify/reply-from';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { AttemptOutcome } from '../balancing/instance-states.js';
import { InvalidPathError, NoUpstreamError, UpstreamTimeoutError, UpstreamUnavailableError } from '../errors.js';
import type { UpstreamLease, UpstreamResolver } from '../upstream-resolver.js';

export interface ForwardOptions {
  resolver: UpstreamResolver;
  upstreamTimeoutMs: number;
  /** How many other instances an idempotent request may be retried on after a connection error; default 1. */
  retries?: number;
  /** Largest PUT, DELETE or OPTIONS body buffered so that a retry can send it again; default 65536. */
  retryBodyLimitBytes?: number;
  /** Upstream statuses that count as the instance failing; default 502, 503 and 504. */
  ejectStatuses?: readonly number[];
}

interface ForwardError {
  code?: string;
  statusCode?: number;
  cause?: { code?: string };
}

/** What a request can be sent with again: whether a retry is allowed, and the buffered body if it has one. */
interface Replay {
  readonly retryable: boolean;
  readonly body?: Buffer;
}

const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);
// Errors that mean the request did not get a response from the instance: refused, reset or dropped connections.
const CONNECTION_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_CLOSED',
]);

/**
 * Calls `onExpiry` when the upstream has not answered `timeoutMs` after the request body was complete,
 * unless settled first. It starts with the complete body so that a slow upload is not mistaken for a slow
 * upstream, and it exists because undici checks its own timeouts on a coarse clock, up to a second late.
 */
function armDeadline(request: FastifyRequest, reply: FastifyReply, onExpiry: () => void, timeoutMs: number): { settle(): void } {
  let timer: NodeJS.Timeout | undefined;
  let settled = false;
  const settle = () => {
    settled = true;
    clearTimeout(timer);
  };
  const arm = () => {
    if (settled) return;
    timer = setTimeout(() => {
      if (!reply.sent) onExpiry();
    }, timeoutMs);
  };
  if (request.raw.complete) arm();
  else request.raw.once('end', arm);
  reply.raw.once('close', settle);
  return { settle };
}

/** Whether an error means no response came from the instance because of the connection, or a timeout. */
function classifyError(error: ForwardError): AttemptOutcome {
  if (error.code === 'FST_REPLY_FROM_GATEWAY_TIMEOUT') return 'timeout';
  if (CONNECTION_ERRORS.has(error.cause?.code ?? '') || CONNECTION_ERRORS.has(error.code ?? '')) return 'connection-failure';
  if (error.code === 'FST_REPLY_FROM_SERVICE_UNAVAILABLE') return 'connection-failure';
  return 'status-failure';
}

/** The request's Content-Length and Transfer-Encoding exactly as received. */
function rawHeaderValues(rawHeaders: readonly string[]): { 'content-length'?: string; 'transfer-encoding'?: string } {
  const values: { 'content-length'?: string; 'transfer-encoding'?: string } = {};
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]?.toLowerCase();
    if (name === 'content-length' || name === 'transfer-encoding') values[name] = rawHeaders[i + 1];
  }
  return values;
}

/**
 * Decides whether the request may be retried and buffers its body for that. Only idempotent methods are, and
 * a body only when its announced length is within `limitBytes`: a chunked or larger body streams through
 * once, unbuffered, and is not retried.
 */
async function toReplay(request: FastifyRequest, retries: number, limitBytes: number): Promise<Replay> {
  if (retries === 0 || !IDEMPOTENT_METHODS.has(request.method)) return { retryable: false };
  const stream = request.body as Readable | undefined;
  if (typeof stream?.pipe !== 'function') return { retryable: true };
  // The raw headers, because the hop-by-hop stripping has already removed Transfer-Encoding from the parsed ones.
  // Without Content-Length and Transfer-Encoding the message has no body, though Fastify may still hand over a stream.
  const framing = rawHeaderValues(request.raw.rawHeaders);
  const chunked = framing['transfer-encoding'] !== undefined;
  const length = framing['content-length'] === undefined && !chunked ? 0 : Number(framing['content-length']);
  if (chunked || !Number.isInteger(length) || length > limitBytes) return { retryable: false };
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return { retryable: true, body: Buffer.concat(chunks) };
}

/**
 * Forwards `/api/v1/<area>/...` to an instance of the service that owns the area (the table in
 * `@erp/contracts`), chosen by the resolver. Bodies stream through unparsed, so the upstream validates them
 * and any content type reaches it unchanged. An idempotent request whose connection failed before any response
 * is sent once more to another instance (`retries`). Failures answer as problem documents: 503 when no
 * instance is known, 502 when the chosen one cannot be reached, 504 when it does not answer within the
 * timeout of the complete request.
 */
export const forwardRoutes: FastifyPluginAsync<ForwardOptions> = async (app, options) => {
  const retries = options.retries ?? 1;
  const ejectStatuses = new Set(options.ejectStatuses ?? [502, 503, 504]);
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
  await app.register(replyFrom, {
    undici: {
      headersTimeout: options.upstreamTimeoutMs,
      bodyTimeout: options.upstreamTimeoutMs,
      connect: { timeout: options.upstreamTimeoutMs, rejectUnauthorized: true },
    },
    // The kit logs one line per request; reply-from's two extra info lines would double the log volume.
    disableRequestLogging: true,
  });

  const forwardTo = (service: string) => async (request: FastifyRequest, reply: FastifyReply) => {
    const first = await options.resolver.pick(service);
    if (!first) return sendProblem(reply, new NoUpstreamError(service));
    let current: UpstreamLease = first;
    const deadline = armDeadline(
      request,
      reply,
      () => {
        current.record('timeout');
        sendProblem(reply, new UpstreamTimeoutError(service, options.upstreamTimeoutMs));
      },
      options.upstreamTimeoutMs,
    );
    let replay: Replay;
    try {
      replay = await toReplay(request, retries, options.retryBodyLimitBytes ?? 65_536);
    } catch {
      // The client broke off its own body; there is nobody left to answer.
      first.end();
      deadline.settle();
      return reply;
    }
    const tried: string[] = [];

    // Sends the request to another instance when that is safe, otherwise answers with a problem document.
    const retryOrFail = async (lease: UpstreamLease, error: ForwardError): Promise<unknown> => {
      const outcome = classifyError(error);
      lease.record(outcome);
      lease.end();
      if (outcome === 'connection-failure' && replay.retryable && tried.length <= retries && !reply.sent) {
        const next = await options.resolver.pick(service, tried);
        if (next && !reply.sent) return send(next);
        next?.end();
      }
      deadline.settle();
      if (reply.sent) return reply;
      const problem = outcome === 'timeout' ? new UpstreamTimeoutError(service, options.upstreamTimeoutMs) : new UpstreamUnavailableError(service);
      return sendProblem(reply, problem);
    };

    const send = (lease: UpstreamLease): FastifyReply => {
      current = lease;
      tried.push(lease.url);
      reply.raw.once('close', () => {
        lease.record('cancelled');
        lease.end();
      });
      return reply.from(`${lease.url}${request.url}`, {
        ...(replay.body ? { body: replay.body, contentType: request.headers['content-type'] ?? 'application/octet-stream' } : {}),
        rewriteRequestHeaders: (_original, headers) => ({
          ...headers,
          ...outgoingHeaders(request),
          'x-forwarded-for': request.ip,
          'x-forwarded-proto': request.protocol,
          'x-forwarded-host': request.hostname,
        }),
        // reply-from would retry on the same instance; retries here go to another one instead.
        retryDelay: () => null,
        onResponse: (_request, fromReply, response) => {
          lease.record(ejectStatuses.has(response.statusCode) ? 'status-failure' : 'success');
          response.stream.once('close', () => lease.end());
          deadline.settle();
          // The deadline already answered 504; drop the late response instead of leaving it unread.
          if (fromReply.sent) response.stream.destroy();
          else fromReply.send(response.stream);
        },
        // The reply reply-from hands back is `reply` itself.
        onError: (_errorReply, { error }) => {
          void retryOrFail(lease, error as ForwardError);
        },
      });
    };

    try {
      return send(first);
    } catch {
      first.end();
      deadline.settle();
      // reply-from refuses ".." segments and malformed percent-encoding before it sends anything.
      return sendProblem(reply, new InvalidPathError());
    }
  };

  for (const service of SERVICES) {
    const handler = forwardTo(service.name);
    for (const prefix of service.routes) {
      app.all(prefix, { config: { forwardedTo: service.name } }, handler);
      app.all(`${prefix}/*`, { config: { forwardedTo: service.name } }, handler);
    }
  }
};
