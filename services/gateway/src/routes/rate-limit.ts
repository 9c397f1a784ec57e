import { sendProblem } from '@erp/kit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { findPolicy, type RateLimitPolicy } from '../domain/rate-limit-policy.js';
import { type Counter, type RateLimitDecision, retryAfterSeconds, toCounterReports, toRateLimitHeaders } from '../domain/sliding-window.js';
import { RateLimitedError } from '../errors.js';
import type { RateLimiter } from '../rate-limit/limiter.js';

/** Who sent a request, as far as a verified token says; both are absent for anonymous requests. */
export interface RequestIdentity {
  userId?: string | undefined;
  tenantId?: string | undefined;
}

export interface RateLimitOptions {
  limiter: RateLimiter;
  /** Longest prefix first, as `parseRateLimits` returns them. */
  policies: readonly RateLimitPolicy[];
  /** Reads the verified identity of a request; without it every request is limited per address only. */
  identify?: (request: FastifyRequest) => RequestIdentity;
}

/** The counters one request touches under `policy`; a rule whose dimension is unknown for the request is skipped. */
export function toCounters(policy: RateLimitPolicy, ip: string, identity: RequestIdentity): Counter[] {
  const values = { ip, user: identity.userId, tenant: identity.tenantId };
  return policy.rules.flatMap((rule) => {
    const value = values[rule.by];
    return value ? [{ key: `${policy.prefix}:${rule.by}:${value}`, rule }] : [];
  });
}

/**
 * The path as the router and the upstream see it: percent-encoded letters decoded, so that
 * `/api/v1/auth/%6Cogin` meets the policy of `/api/v1/auth/login`. A malformed encoding is left as it is; the
 * forwarding route refuses it.
 */
function toPolicyPath(url: string): string {
  const path = url.split('?')[0] ?? '/';
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/**
 * Limits requests per address, per user and per tenant, with the policy of the longest matching path prefix.
 * It runs as a `preHandler`, after authentication has identified the caller, and answers `RateLimit-Policy`
 * and `RateLimit` on every limited route, or 429 with `Retry-After`. When the limiter's store fails, the
 * request passes unlimited (fail open) and one warning is logged per outage: an unavailable Redis should slow
 * nobody down, and the `/health` check of the Redis limiter says that limits are off.
 */
export async function installRateLimit(app: FastifyInstance, options: RateLimitOptions): Promise<void> {
  let failing = false;
  app.addHook('preHandler', async (request, reply) => {
    const policy = findPolicy(options.policies, toPolicyPath(request.url));
    if (!policy) return;
    const counters = toCounters(policy, request.ip, options.identify?.(request) ?? {});
    if (counters.length === 0) return;
    let decision: RateLimitDecision;
    try {
      decision = await options.limiter.consume(counters);
    } catch (error) {
      if (!failing) request.log.warn({ err: error }, 'rate limiter unavailable; admitting requests without limits until it answers again');
      failing = true;
      return;
    }
    if (failing) request.log.info('rate limiter available again');
    failing = false;
    reply.headers(toRateLimitHeaders(toCounterReports(counters, decision)));
    if (decision.allowed) return;
    const retryAfterS = retryAfterSeconds(counters, decision);
    reply.header('retry-after', String(retryAfterS));
    return sendProblem(reply, new RateLimitedError(retryAfterS));
  });
}
