import { SERVICES } from '@erp/contracts';
import { outgoingHeaders, sendProblem } from '@erp/kit';
import replyFrom from '@fastify/reply-from';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { InvalidPathError, NoUpstreamError, UpstreamTimeoutError, UpstreamUnavailableError } from '../errors.js';
import type { UpstreamResolver } from '../upstream-resolver.js';

export interface ForwardOptions {
  resolver: UpstreamResolver;
  upstreamTimeoutMs: number;
}

interface ForwardError {
  code?: string;
  statusCode?: number;
}

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

/**
 * Forwards `/api/v1/<area>/...` to a live instance of the service that owns the area (the table in
 * `@erp/contracts`), chosen by the resolver. Bodies stream through unparsed, so the upstream validates them
 * and any content type reaches it unchanged. Failures answer as problem documents: 503 when no instance is
 * known, 502 when the chosen one cannot be reached, 504 when it does not answer within the timeout of the
 * complete request.
 */
export const forwardRoutes: FastifyPluginAsync<ForwardOptions> = async (app, options) => {
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
    const base = await options.resolver.pick(service);
    if (!base) return sendProblem(reply, new NoUpstreamError(service));
    const deadline = armDeadline(
      request,
      reply,
      () => sendProblem(reply, new UpstreamTimeoutError(service, options.upstreamTimeoutMs)),
      options.upstreamTimeoutMs,
    );
    try {
      return reply.from(`${base}${request.url}`, {
        rewriteRequestHeaders: (_original, headers) => ({
          ...headers,
          ...outgoingHeaders(request),
          'x-forwarded-for': request.ip,
          'x-forwarded-proto': request.protocol,
          'x-forwarded-host': request.hostname,
        }),
        // Never retry: a request may not be idempotent, and a retry would hide a failing instance.
        retryDelay: () => null,
        onResponse: (_request, fromReply, response) => {
          deadline.settle();
          // The deadline already answered 504; drop the late response instead of leaving it unread.
          if (fromReply.sent) response.stream.destroy();
          else fromReply.send(response.stream);
        },
        onError: (errorReply, { error }) => {
          deadline.settle();
          const { code, statusCode } = error as ForwardError;
          // A slow response says nothing about the instance's health; a failed or dropped connection does.
          if (code !== 'FST_REPLY_FROM_GATEWAY_TIMEOUT') options.resolver.reportFailure(base);
          const problem = statusCode === 504 ? new UpstreamTimeoutError(service, options.upstreamTimeoutMs) : new UpstreamUnavailableError(service);
          return sendProblem(errorReply, problem);
        },
      });
    } catch {
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
