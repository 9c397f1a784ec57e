import type { Principal } from '@erp/kit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type RequestCachePolicy, toRequestPolicy } from '../domain/cache-control.js';
import { type CacheRule, findCacheRule, tagsCovering } from '../domain/cache-rules.js';
import { ageOf, type CachedResponse, matchesIfNoneMatch, notModifiedHeaders, remainingTtlS, toRulePath, varyText } from '../domain/cached-response.js';
import { type CacheContext, createCacheContext, type ResponseCacheHooksOptions } from '../response-cache/cache-context.js';
import { toEntryKey, toVaryDigest } from '../response-cache/keys.js';
import type { CacheOutcome } from '../response-cache/metrics.js';
import { storeResponse } from '../response-cache/store-response.js';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const CACHE = 'gateway';

/** Why a request goes to the upstream: an RFC 9211 `fwd` value and the metric outcome. */
interface ForwardReason {
  fwd: 'uri-miss' | 'vary-miss' | 'request';
  outcome: CacheOutcome;
}

const MISS: ForwardReason = { fwd: 'uri-miss', outcome: 'miss' };

/**
 * Answers GET and HEAD requests of routes with a cache rule from stored 200 responses, keyed by tenant,
 * permissions and URL, and stores the responses to misses. Runs as a `preHandler` after authentication and
 * rate limits (a cached answer still counts against the limits). A successful write to a tagged path purges
 * its tenant's entries of those tags before the response leaves, so the writer reads its own write. When the
 * store fails, requests pass to the upstream (`fwd=bypass`) and one warning is logged per outage.
 */
export function installResponseCacheHooks(app: FastifyInstance, options: ResponseCacheHooksOptions): void {
  const context = createCacheContext(options);
  app.addHook('preHandler', async (request, reply) => {
    if (!request.routeOptions.config.forwardedTo) return;
    const path = toRulePath(request.url);
    if (WRITE_METHODS.has(request.method)) {
      const tags = tagsCovering(options.rules, path);
      if (request.principal && tags.length > 0) context.writes.set(request, { tenantId: request.principal.tenantId.toLowerCase(), tags });
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') return;
    const rule = findCacheRule(options.rules, path);
    if (rule && rule.ttlS > 0) return answerOrForward(context, request, reply, rule);
  });
  app.addHook('onSend', async (request, reply, payload) => {
    const write = context.writes.get(request);
    if (write && reply.statusCode >= 200 && reply.statusCode < 300) {
      await context.guard(() => context.purger.purge(write.tenantId, write.tags, 'write')).catch((error: unknown) => context.storeFailed(request, error));
    }
    const read = context.forwarded.get(request);
    if (!read) return payload;
    context.forwarded.delete(request);
    reply.header('cache-status', read.cacheStatus);
    return storeResponse(context, request, reply, payload, read);
  });
}

async function answerOrForward(context: CacheContext, request: FastifyRequest, reply: FastifyReply, rule: CacheRule): Promise<FastifyReply | undefined> {
  const bypass = (detail: string) => {
    context.metrics.request('bypass');
    reply.header('cache-status', `${CACHE}; fwd=bypass; detail=${detail}`);
    return undefined;
  };
  const principal: Principal | undefined = request.principal;
  if (!principal) return bypass('anonymous');
  const policy = toRequestPolicy(request.headers);
  if (policy.bypass) return bypass('no-store');
  const tenantId = principal.tenantId.toLowerCase();
  const key = toEntryKey({ tenantId, permissions: principal.permissions, url: request.url });
  let entry: CachedResponse | undefined;
  let generations: string[];
  try {
    [entry, generations] = await context.guard(() => Promise.all([context.entries.get<CachedResponse>(key), context.generations.read(tenantId, rule.tags)]));
  } catch (error) {
    context.storeFailed(request, error);
    return bypass('store-unavailable');
  }
  context.storeAnswered(request);
  const nowMs = context.now();
  const reason = entry === undefined ? MISS : forwardReason(entry, generations, request, policy, nowMs);
  if (reason === undefined && entry !== undefined) return serveEntry(context, request, reply, entry, nowMs);
  context.metrics.request(reason?.outcome ?? 'miss');
  const cacheStatus = `${CACHE}; fwd=${reason?.fwd ?? 'uri-miss'}`;
  // HEAD is answered from a GET entry but never fills one: its response has no body to store.
  if (request.method === 'GET') context.forwarded.set(request, { key, rule, generations, cacheStatus });
  else reply.header('cache-status', cacheStatus);
  return undefined;
}

/**
 * Why the stored entry does not answer the request, or nothing when it does: it has expired or was purged
 * (a tag's generation changed), it is another variant, or the client asked for a fresher copy.
 */
function forwardReason(
  entry: CachedResponse,
  generations: readonly string[],
  request: FastifyRequest,
  policy: RequestCachePolicy,
  nowMs: number,
): ForwardReason | undefined {
  const current =
    remainingTtlS(entry, nowMs) > 0 &&
    entry.generations.length === generations.length &&
    entry.generations.every((value, index) => value === generations[index]);
  if (!current) return MISS;
  if (toVaryDigest(varyText(entry.varyNames, request.headers)) !== entry.varyDigest) return { fwd: 'vary-miss', outcome: 'miss' };
  if (policy.revalidate || (policy.maxAgeS !== undefined && ageOf(entry, nowMs) > policy.maxAgeS)) return { fwd: 'request', outcome: 'revalidate' };
  return undefined;
}

function serveEntry(context: CacheContext, request: FastifyRequest, reply: FastifyReply, entry: CachedResponse, nowMs: number): FastifyReply {
  context.metrics.request('hit');
  const status = { age: String(ageOf(entry, nowMs)), 'cache-status': `${CACHE}; hit; ttl=${remainingTtlS(entry, nowMs)}` };
  if (matchesIfNoneMatch(request.headers['if-none-match'], entry.headers.etag)) {
    return reply.code(304).headers(notModifiedHeaders(entry.headers)).headers(status).send();
  }
  return reply.code(200).headers(entry.headers).headers(status).send(Buffer.from(entry.bodyBase64, 'base64'));
}
