import { SERVICES } from '@erp/contracts';
import { createService, type ServiceApp, type ServiceLogger } from '@erp/kit';
import { freePort } from '@erp/kit/testing';
import type { FastifyRequest } from 'fastify';
import { parseRateLimits } from '../src/domain/rate-limit-policy.js';
import type { RateLimiter } from '../src/rate-limit/limiter.js';
import { createMemoryLimiter } from '../src/rate-limit/memory-limiter.js';
import { forwardRoutes } from '../src/routes/forward.js';
import { installRateLimit, type RequestIdentity } from '../src/routes/rate-limit.js';
import { installTransform } from '../src/routes/transform.js';
import { createUpstreamResolver } from '../src/upstream-resolver.js';

export interface EdgeGatewayOptions {
  /** Every service is forwarded here. */
  upstreamUrl: string;
  /** Compact or JSON policies; default: no limits. */
  rateLimits?: string;
  limiter?: RateLimiter;
  identify?: (request: FastifyRequest) => RequestIdentity;
  corsOrigins?: string[];
  bodyLimitBytes?: number;
  upstreamTimeoutMs?: number;
  logger?: ServiceLogger;
  /** Installs authentication between transformation and rate limits, where app.ts puts it. */
  authenticate?: (app: ServiceApp) => void;
}

export interface EdgeGateway {
  app: ServiceApp;
  url: string;
  close(): Promise<void>;
}

/** Stands in for the verified token until authentication lands: `x-test-user` and `x-test-tenant`. */
export function identifyByTestHeaders(request: { headers: Record<string, unknown> }): RequestIdentity {
  const header = (name: string) => (typeof request.headers[name] === 'string' ? (request.headers[name] as string) : undefined);
  return { userId: header('x-test-user'), tenantId: header('x-test-tenant') };
}

/**
 * A gateway as app.ts will wire it: the kit, transformation, rate limits and forwarding, on a random port.
 * The registry is empty, so every area goes to `upstreamUrl`.
 */
export async function startEdgeGateway(options: EdgeGatewayOptions): Promise<EdgeGateway> {
  const bodyLimitBytes = options.bodyLimitBytes ?? 1_048_576;
  const app = await createService({ name: 'gateway', version: '0.0.1', config: { port: 0, logLevel: 'silent', bodyLimitBytes }, logger: options.logger });
  await installTransform(app, { corsOrigins: options.corsOrigins ?? ['http://127.0.0.1:3000', 'http://localhost:3000'], bodyLimitBytes });
  options.authenticate?.(app);
  const { policies = [], error } = parseRateLimits(options.rateLimits ?? '');
  if (error) throw new Error(error);
  await installRateLimit(app, { limiter: options.limiter ?? createMemoryLimiter(), policies, identify: options.identify ?? identifyByTestHeaders });
  const fallbacks = Object.fromEntries(SERVICES.map((service) => [service.name, options.upstreamUrl]));
  const resolver = createUpstreamResolver({ registry: { list: async () => [] }, fallbacks, refreshMs: 60_000, ejectMs: 5000, log: app.log });
  await app.register(forwardRoutes, { resolver, upstreamTimeoutMs: options.upstreamTimeoutMs ?? 2000 });
  const url = await app.listen({ port: await freePort(), host: '127.0.0.1' });
  return { app, url, close: () => app.close() };
}
