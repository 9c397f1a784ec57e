import { request as httpRequest } from 'node:http';
import { SERVICES } from '@erp/contracts';
import { connectServiceDb, createPostgresRegistry, type EventTransport, type PubSub, type RedisClient, type ServiceApp } from '@erp/kit';
import { freePort } from '@erp/kit/testing';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { sharedIssuer, TENANT_A, TEST_ISSUER } from '../token-issuer.js';

export const VIEWER = ['core.products:read', 'core.customers:read'];
export const ADMIN = ['core.products:read', 'core.products:write', 'core.customers:read', 'core.customers:write'];

/** How the fake upstream answers a GET: extra headers, a status, or a body of a given size. */
export interface UpstreamAnswer {
  status?: number;
  headers?: Record<string, string | string[]>;
  /** Pads the JSON body to at least this many bytes. */
  bodyBytes?: number;
}

/**
 * A fake core service: every GET answers JSON with a counter of the requests it has served, so a test can
 * tell a cached answer (same counter) from a forwarded one, plus the tenant of the token it was sent. What
 * `answers` holds for a path (without query) shapes the answer; writes answer 201, or the status in answers.
 */
export interface CacheUpstream {
  url: string;
  /** GETs and HEADs that reached the upstream. */
  reads(): number;
  answers: Map<string, UpstreamAnswer>;
  close(): Promise<void>;
}

function tenantOf(request: FastifyRequest): string | undefined {
  const token = String(request.headers.authorization ?? '').replace(/^Bearer /, '');
  const payload = token.split('.')[1];
  return payload ? (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { tid?: string }).tid : undefined;
}

export async function startCacheUpstream(): Promise<CacheUpstream> {
  const app: FastifyInstance = Fastify();
  const answers = new Map<string, UpstreamAnswer>();
  let reads = 0;
  app.get('/health', async (_request, reply) => reply.type('text/plain').send('pass'));
  const read = async (request: FastifyRequest, reply: FastifyReply) => {
    reads += 1;
    const answer = answers.get(request.url.split('?', 1)[0] ?? '') ?? {};
    const body = { url: request.url, served: reads, tenant: tenantOf(request), padding: '' };
    body.padding = 'x'.repeat(Math.max(0, (answer.bodyBytes ?? 0) - JSON.stringify(body).length));
    return reply
      .code(answer.status ?? 200)
      .headers({ etag: `"v${reads}"`, ...answer.headers })
      .send(body);
  };
  app.get('/*', read);
  app.route({
    method: ['POST', 'PUT', 'PATCH', 'DELETE'],
    url: '/*',
    handler: async (request, reply) => reply.code(answers.get(request.url)?.status ?? 201).send({ written: request.url }),
  });
  const url = await app.listen({ port: await freePort(), host: '127.0.0.1' });
  return { url, answers, reads: () => reads, close: () => app.close() };
}

export interface CachingGatewayOptions {
  adminUrl: string;
  upstreamUrl: string;
  env?: Record<string, string>;
  redis?: RedisClient;
  pubsub?: PubSub;
  events?: Pick<EventTransport, 'subscribe'>;
}

export interface CachingGateway {
  app: ServiceApp;
  url: string;
  close(): Promise<void>;
}

/** The whole gateway (buildApp) with every service at `upstreamUrl`, trusting the shared test issuer. */
export async function startCachingGateway(options: CachingGatewayOptions): Promise<CachingGateway> {
  const config = loadConfig({
    DATABASE_URL: options.adminUrl,
    LOG_LEVEL: 'silent',
    AUTH_JWKS_URL: (await sharedIssuer()).jwksUrl,
    AUTH_ISSUER: TEST_ISSUER,
    HEALTH_CHECK_INTERVAL_MS: '60000',
    RATE_LIMITS: '/=off',
    ...options.env,
  });
  const upstreams = Object.fromEntries(SERVICES.map((service) => [service.name, options.upstreamUrl]));
  const db = await connectServiceDb({ adminUrl: options.adminUrl, service: 'gateway' });
  const registry = await createPostgresRegistry({ service: 'gateway', adminUrl: options.adminUrl });
  const app = await buildApp({ config: { ...config, upstreams }, db, registry, redis: options.redis, pubsub: options.pubsub, events: options.events });
  const url = await app.listen({ port: await freePort(), host: '127.0.0.1' });
  return {
    app,
    url,
    close: async () => {
      await app.close();
      await registry.close();
    },
  };
}

/** A token of `tenant` granting `permissions`. */
export async function tokenFor(tenant: string = TENANT_A, permissions: readonly string[] = VIEWER): Promise<string> {
  return (await sharedIssuer()).token({ tid: tenant, perms: [...permissions] });
}

export interface Answer {
  status: number;
  headers: { get(name: string): string | null };
  body: { url: string; served: number; tenant: string; padding: string } | undefined;
}

/**
 * Sends a request through the gateway with `token` and reads the whole answer. Plain node:http rather than
 * fetch, which adds `Cache-Control: no-cache` to a request with `If-None-Match` (Fetch standard, cache mode).
 */
export function send(gateway: CachingGateway, path: string, token: string, init: { method?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers = { authorization: `Bearer ${token}`, ...init.headers };
    const request = httpRequest(`${gateway.url}${path}`, { method: init.method ?? 'GET', headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const get = (name: string) => {
          const value = response.headers[name.toLowerCase()];
          return value === undefined ? null : Array.isArray(value) ? value.join(', ') : String(value);
        };
        resolve({ status: response.statusCode ?? 0, headers: { get }, body: text === '' ? undefined : JSON.parse(text) });
      });
    });
    request.on('error', reject);
    request.end();
  });
}
