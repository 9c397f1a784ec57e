import { PayloadTooLargeError, sendProblem } from '@erp/kit';
import cors from '@fastify/cors';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { connectionTokens, hopByHopNames } from '../domain/hop-by-hop.js';
import { helmetDefaultHeaders } from '../transform/security-headers.js';

export interface TransformOptions {
  /** Browser origins (the UI) that may call the API with credentials. */
  corsOrigins: readonly string[];
  /** Requests announcing a longer body are refused before anything is forwarded. */
  bodyLimitBytes: number;
}

/** @fastify/cors allows only GET, HEAD and POST unless told; the UI also updates and deletes. */
const CORS_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** Headers a browser script may read on a cross-origin response. */
const EXPOSED_HEADERS = ['x-request-id', 'ratelimit', 'ratelimit-policy', 'retry-after', 'server-timing', 'cache-status', 'age', 'etag'];

/**
 * Request and response transformation at the edge: CORS for the UI origins (credentials and preflight),
 * security headers, a body limit by `Content-Length`, hop-by-hop headers stripped in both directions, and
 * `Server-Timing: gw;dur=<ms>` with the gateway's own share of the time. Register it before the forwarding
 * routes: it times their handlers through an `onRoute` hook.
 */
export async function installTransform(app: FastifyInstance, options: TransformOptions): Promise<void> {
  const corsOptions = { origin: [...options.corsOrigins], credentials: true, methods: CORS_METHODS, exposedHeaders: EXPOSED_HEADERS, maxAge: 600 };
  // Only a real preflight (Origin and Access-Control-Request-Method) is answered here, before authentication.
  // Any other OPTIONS request goes its normal way, so it needs a token and reaches the service, instead of
  // getting @fastify/cors's plain-text 400.
  const otherRequests = { ...corsOptions, preflight: false };
  await app.register(cors, {
    delegator: (request, callback) => callback(null, isPreflight(request) ? corsOptions : otherRequests),
  });
  // Helmet's defaults suit a JSON API and keep /docs working: its Swagger UI loads its scripts from 'self'.
  const securityHeaders = helmetDefaultHeaders();
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(securityHeaders);
    done();
  });
  app.addHook('onRequest', async (request, reply) => {
    const length = Number(request.headers['content-length'] ?? 0);
    if (length > options.bodyLimitBytes) return sendProblem(reply, new PayloadTooLargeError(options.bodyLimitBytes));
  });
  const upstreamStarts = new WeakMap<FastifyRequest, number>();
  app.addHook('onRoute', (route) => {
    if (!(route.config as { forwardedTo?: string } | undefined)?.forwardedTo) return;
    const handler = route.handler;
    route.handler = function timedHandler(this: FastifyInstance, request: FastifyRequest, reply: FastifyReply) {
      upstreamStarts.set(request, performance.now());
      return handler.call(this, request, reply);
    };
  });
  app.addHook('preHandler', async (request) => {
    // After body parsing: the framing headers have done their work, and undici refuses keep-alive, upgrade and
    // expect outright. Node has already answered an `Expect: 100-continue`, so it is not the upstream's concern.
    for (const name of [...hopByHopNames(request.headers), 'expect']) delete request.raw.headers[name];
  });
  app.addHook('onSend', async (request, reply) => {
    stripResponseHopByHop(reply);
    const started = upstreamStarts.get(request);
    const upstreamMs = started === undefined ? 0 : performance.now() - started;
    appendServerTiming(reply, `gw;dur=${Math.max(0, reply.elapsedTime - upstreamMs).toFixed(1)}`);
    const origin = reply.getHeader('access-control-allow-origin');
    // Without it, a browser hides Server-Timing from the cross-origin UI.
    if (typeof origin === 'string') reply.header('timing-allow-origin', origin);
  });
}

function isPreflight(request: FastifyRequest): boolean {
  return request.method === 'OPTIONS' && request.headers.origin !== undefined && request.headers['access-control-request-method'] !== undefined;
}

/**
 * Removes the upstream's connection headers from a forwarded response. `Connection: close` stays: reply-from
 * sets it when the client's connection cannot be reused, and closing is safe whoever asked for it.
 */
function stripResponseHopByHop(reply: FastifyReply): void {
  const headers = reply.getHeaders();
  const closing = connectionTokens(headers.connection).includes('close');
  for (const name of hopByHopNames(headers)) reply.removeHeader(name);
  if (closing) reply.header('connection', 'close');
}

function appendServerTiming(reply: FastifyReply, entry: string): void {
  const existing = reply.getHeader('server-timing');
  const previous = Array.isArray(existing) ? existing.join(', ') : existing === undefined ? '' : String(existing);
  reply.header('server-timing', previous === '' ? entry : `${previous}, ${entry}`);
}
