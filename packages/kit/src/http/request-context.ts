import { randomFillSync, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance, FastifyRequest } from 'fastify';

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;
const TRACEPARENT_PATTERN = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** The W3C trace context of one request: the caller's trace, with a span id of our own. */
export interface TraceContext {
  readonly traceId: string;
  readonly parentSpanId: string | undefined;
  readonly spanId: string;
  readonly flags: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** W3C trace context, taken from `traceparent` or started here. */
    trace: TraceContext;
  }
}

/** Takes a safe `x-request-id` from the caller or makes one; used as Fastify's `genReqId`. */
export function requestIdFrom(request: IncomingMessage): string {
  const header = request.headers['x-request-id'];
  return typeof header === 'string' && REQUEST_ID_PATTERN.test(header) ? header : randomUUID();
}

// Random bytes drawn from a pool refilled 4 KiB at a time, as Node does for randomUUID: one randomBytes call
// per id was one of the largest items in a CPU profile of the gateway under load.
const RANDOM_POOL = Buffer.alloc(4096);
let randomOffset = RANDOM_POOL.length;

function randomHex(bytes: number): string {
  if (randomOffset + bytes > RANDOM_POOL.length) {
    randomFillSync(RANDOM_POOL);
    randomOffset = 0;
  }
  const hex = RANDOM_POOL.toString('hex', randomOffset, randomOffset + bytes);
  randomOffset += bytes;
  return hex;
}

/** Parses a `traceparent` header, or starts a new trace when it is absent or malformed. */
export function toTraceContext(header: string | string[] | undefined): TraceContext {
  const match = typeof header === 'string' ? TRACEPARENT_PATTERN.exec(header) : null;
  const spanId = randomHex(8);
  if (match?.[1] && match[2] && match[3] && !/^0+$/.test(match[1])) {
    return { traceId: match[1], parentSpanId: match[2], spanId, flags: match[3] };
  }
  return { traceId: randomHex(16), parentSpanId: undefined, spanId, flags: '01' };
}

/** The `traceparent` value that this request's outgoing calls carry. */
export function toTraceparent(trace: TraceContext): string {
  return `00-${trace.traceId}-${trace.spanId}-${trace.flags}`;
}

/**
 * Headers every outgoing call made on behalf of `request` must carry, so logs and traces join up.
 *
 * ### Example
 * ```ts
 * await fetch(url, { headers: { ...outgoingHeaders(request), accept: 'application/json' } });
 * ```
 */
export function outgoingHeaders(request: FastifyRequest): Record<string, string> {
  return { 'x-request-id': String(request.id), traceparent: toTraceparent(request.trace) };
}

const traceCache = new WeakMap<FastifyRequest, TraceContext>();

/**
 * Echoes the request id on every response and offers the trace context as `request.trace`. The context is
 * built on first use: most requests never call another service, and random ids cost time on a hot path.
 */
export function installRequestContext(app: FastifyInstance): void {
  app.decorateRequest('trace', {
    getter(this: FastifyRequest): TraceContext {
      let trace = traceCache.get(this);
      if (!trace) {
        trace = toTraceContext(this.headers.traceparent);
        traceCache.set(this, trace);
      }
      return trace;
    },
  });
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });
}
