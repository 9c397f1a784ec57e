import { SERVICES } from '@erp/contracts';
import { defineError, outgoingHeaders, sendProblem } from '@erp/kit';
import replyFrom from '@fastify/reply-from';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';

const UpstreamUnavailableError = defineError({
  code: 'GW_UPSTREAM_UNAVAILABLE',
  status: 502,
  title: 'Bad Gateway',
  detail: (service: string) => `The ${service} service did not answer. Try again shortly; if it persists, check \`erp status\`.`,
});
const UpstreamTimeoutError = defineError({
  code: 'GW_UPSTREAM_TIMEOUT',
  status: 504,
  title: 'Gateway Timeout',
  detail: (service: string, timeoutMs: number) => `The ${service} service did not answer within ${timeoutMs} ms.`,
});

export interface ForwardOptions {
  upstreams: Readonly<Record<string, string>>;
  upstreamTimeoutMs: number;
}

/**
 * Forwards `/api/v1/<area>/...` to the service that owns the area (the table in `@erp/contracts`). Bodies
 * pass through unparsed, so the upstream validates them and any content type reaches it unchanged.
 */
export const forwardRoutes: FastifyPluginAsync<ForwardOptions> = async (app, options) => {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, _payload, done) => done(null));
  await app.register(replyFrom, { undici: { headersTimeout: options.upstreamTimeoutMs, bodyTimeout: options.upstreamTimeoutMs } });

  for (const service of SERVICES) {
    const base = options.upstreams[service.name];
    if (!base) continue;
    for (const prefix of service.routes) {
      const handler = (request: FastifyRequest, reply: FastifyReply) =>
        reply.from(`${base}${request.url}`, {
          rewriteRequestHeaders: (_original, headers) => ({
            ...headers,
            ...outgoingHeaders(request),
            'x-forwarded-for': request.ip,
            'x-forwarded-proto': request.protocol,
            'x-forwarded-host': request.hostname,
          }),
          onError: (errorReply, { error }) => {
            const timedOut = /timeout/i.test(String((error as { code?: string }).code ?? error.message));
            sendProblem(errorReply, timedOut ? new UpstreamTimeoutError(service.name, options.upstreamTimeoutMs) : new UpstreamUnavailableError(service.name));
          },
        });
      app.all(prefix, { config: { forwardedTo: service.name } }, handler);
      app.all(`${prefix}/*`, { config: { forwardedTo: service.name } }, handler);
    }
  }
};

export const GATEWAY_ERRORS = [UpstreamUnavailableError, UpstreamTimeoutError];
