import type { FastifyReply, FastifyRequest } from 'fastify';
import { toStorability, upstreamAgeS } from '../domain/cache-control.js';
import { type CachedResponse, toStoredHeaders, toVaryNames, varyText } from '../domain/cached-response.js';
import type { CacheContext, ForwardedRead } from './cache-context.js';
import { captureBody } from './capture-body.js';
import { toVaryDigest } from './keys.js';

/**
 * Stores the upstream's answer to a forwarded read when it may be stored (see `toStorability`), copying the
 * body as it streams to the client. Returns the payload to send: the original, or the copying stream.
 */
export function storeResponse(context: CacheContext, request: FastifyRequest, reply: FastifyReply, payload: unknown, read: ForwardedRead): unknown {
  const nowMs = context.now();
  const headers = reply.getHeaders();
  const storability = toStorability(reply.statusCode, headers, read.rule.ttlS, nowMs);
  if (storability.reason !== undefined) {
    context.metrics.notStored(storability.reason);
    return payload;
  }
  const tooLarge = () => context.metrics.notStored('too-large');
  if (Number(headers['content-length'] ?? 0) > context.maxBodyBytes) {
    tooLarge();
    return payload;
  }
  const varyNames = toVaryNames(headers.vary);
  const { ttlS } = storability;
  const entry = {
    headers: toStoredHeaders(headers),
    storedAtMs: nowMs,
    ttlS,
    initialAgeS: upstreamAgeS(headers),
    generations: read.generations,
    varyNames,
    varyDigest: toVaryDigest(varyText(varyNames, request.headers)),
  };
  const onComplete = (body: Buffer) => {
    const stored: CachedResponse = { ...entry, bodyBase64: body.toString('base64') };
    context
      .guard(() => context.entries.set(read.key, stored, { ttlMs: ttlS * 1000 }))
      .then(
        () => context.metrics.stored(),
        (error: unknown) => context.storeFailed(request, error),
      );
  };
  return captureBody(payload, { limitBytes: context.maxBodyBytes, onComplete, onTooLarge: tooLarge });
}
