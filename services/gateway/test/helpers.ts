import { setTimeout as sleep } from 'node:timers/promises';
import { connectServiceDb, createPostgresRegistry, createService, type ServiceApp, type ServiceRegistry } from '@erp/kit';
import { freePort } from '@erp/kit/testing';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { sharedIssuer, TEST_ISSUER, withToken } from './token-issuer.js';

/** What the echo upstream answers: the request as it arrived there. */
export interface Echo {
  upstream: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  bodyBase64: string;
}

export const UPSTREAM_TIMEOUT_MS = 300;

/** A test upstream: the app, its URL, what it has seen and a switch for the status of its `/health`. */
export interface TestUpstream {
  app: ServiceApp;
  url: string;
  /** Requests seen per `METHOD url`. */
  seen: Map<string, number>;
  /** The status `/health` answers from now on; 200 at first. */
  setHealthStatus(status: number): void;
  /** The status `/api/v1/customers/flaky` answers from now on, 0 to drop the connection instead; 200 at first. */
  setFlakyStatus(status: number): void;
  /** Closes the app without waiting for connections that never sent a request, which Node counts as busy. */
  close(): Promise<void>;
}

/**
 * A real kit app on a random port that echoes every request back (`/*`), mirrors a body with its content type
 * (`/api/v1/customers/mirror`), answers late on request (`/api/v1/customers/slow?ms=`) and with a status the
 * test sets or by dropping the connection (`/api/v1/customers/flaky`). Its `/health` answers 200 (the kit's would say 503, as the app has no
 * database) until `setHealthStatus` changes it.
 */
export async function startUpstream(name: string): Promise<TestUpstream> {
  const app = await createService({ name: 'core', version: '0.0.1', config: { port: 0, logLevel: 'silent', bodyLimitBytes: 64 * 1024 } });
  const seen = new Map<string, number>();
  let healthStatus = 200;
  let flakyStatus = 200;
  app.addHook('onRequest', async (request, reply) => {
    const key = `${request.method} ${request.url}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
    // Plain text, because the kit's /health route would validate a JSON body against the full health document.
    if (request.url === '/health')
      return reply
        .code(healthStatus)
        .type('text/plain')
        .send(healthStatus < 500 ? 'pass' : 'fail');
  });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  app.all('/*', async (request) => ({
    upstream: name,
    method: request.method,
    url: request.url,
    headers: request.headers,
    bodyBase64: Buffer.isBuffer(request.body) ? request.body.toString('base64') : '',
  }));
  app.post('/api/v1/customers/mirror', async (request, reply) =>
    reply.code(201).type(String(request.headers['content-type'])).header('x-upstream', name).header('set-cookie', 'session=abc; HttpOnly').send(request.body),
  );
  app.route({
    method: ['GET', 'POST'],
    url: '/api/v1/customers/slow',
    handler: async (request) => {
      await sleep(Number((request.query as { ms?: string }).ms ?? 0));
      return { upstream: name, slow: true };
    },
  });
  app.route({
    method: ['GET', 'PUT', 'POST', 'DELETE'],
    url: '/api/v1/customers/flaky',
    handler: async (request, reply) => {
      if (flakyStatus === 0) return request.raw.socket.destroy();
      const bodyBase64 = Buffer.isBuffer(request.body) ? request.body.toString('base64') : '';
      return reply.code(flakyStatus).send({ upstream: name, status: flakyStatus, bodyBase64 });
    },
  });
  const url = await app.listen({ port: await freePort(), host: '127.0.0.1' });
  return {
    app,
    url,
    seen,
    setHealthStatus: (status) => {
      healthStatus = status;
    },
    setFlakyStatus: (status) => {
      flakyStatus = status;
    },
    close: async () => {
      const closing = app.close();
      app.server.closeAllConnections();
      await closing;
    },
  };
}

/** A registry client that announces one instance of `service` at `url`, as a running service would. */
export async function registerInstance(adminUrl: string, service: string, instanceId: string, url: string): Promise<ServiceRegistry> {
  const registry = await createPostgresRegistry({ service, adminUrl, heartbeatIntervalMs: 200, ttlMs: 2000 });
  await registry.register({ instanceId, url });
  return registry;
}

export interface TestGateway {
  app: ServiceApp;
  url: string;
  close(): Promise<void>;
}

/**
 * The gateway on a random port, reading the PostgreSQL registry of `adminUrl`; `upstreams` replaces the
 * configured URLs. It trusts the tokens of the test file's shared issuer (`withToken`).
 */
export async function startGateway(adminUrl: string, upstreams: Record<string, string> = {}, env: Record<string, string> = {}): Promise<TestGateway> {
  const config = loadConfig({
    DATABASE_URL: adminUrl,
    LOG_LEVEL: 'silent',
    UPSTREAM_TIMEOUT_MS: String(UPSTREAM_TIMEOUT_MS),
    REGISTRY_REFRESH_MS: '100',
    AUTH_JWKS_URL: (await sharedIssuer()).jwksUrl,
    AUTH_ISSUER: TEST_ISSUER,
    // These tests count what reaches each instance; test/response-cache/ tests the cache.
    RESPONSE_CACHE_ROUTES: 'off',
    ...env,
  });
  const db = await connectServiceDb({ adminUrl, service: 'gateway' });
  const registry = await createPostgresRegistry({ service: 'gateway', adminUrl });
  const app = await buildApp({ config: { ...config, upstreams }, db, registry });
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

/** Waits until the gateway's registry snapshot is older than its refresh interval, then lets one request refresh it. */
export async function afterRegistryRefresh(gateway: TestGateway): Promise<void> {
  await sleep(150);
  await fetch(`${gateway.url}/api/v1/customers`, await withToken()).then((response) => response.arrayBuffer());
  await sleep(100);
}
