import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import type { FastifyInstance } from 'fastify';
import { instanceId } from '../health/health-route.js';
import type { ServiceRegistry } from '../registry/service-registry.js';

/** Options of {@link startService}; a service's whole config fits, plus the registry and a shutdown hook. */
export interface StartOptions {
  port: number;
  host: string;
  shutdownTimeoutMs: number;
  /** The URL other parts of the system reach this instance at; default `http://<host>:<bound port>`. */
  publicUrl?: string | undefined;
  /**
   * The instance registry. When given, the instance registers after listening, deregisters first on shutdown
   * (so the gateway stops routing to it while in-flight requests finish), and the registry is closed after
   * the app.
   */
  registry?: ServiceRegistry | undefined;
  /** Runs after the app and the registry closed (stop relays, close Redis, ...). */
  onShutdown?: () => Promise<void>;
}

const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '']);

/** The URL to advertise: a wildcard address is not reachable, so the machine's host name stands in for it. */
function advertisedUrl(host: string, port: number, publicUrl: string | undefined): string {
  if (publicUrl) return publicUrl.replace(/\/+$/, '');
  const name = WILDCARD_HOSTS.has(host) ? hostname() : host;
  return `http://${name.includes(':') ? `[${name}]` : name}:${port}`;
}

async function register(app: FastifyInstance, registry: ServiceRegistry, options: StartOptions): Promise<void> {
  const port = (app.server.address() as AddressInfo).port;
  await registry.register(
    { instanceId: instanceId(registry.service, port), url: advertisedUrl(options.host, port, options.publicUrl), meta: { pid: process.pid, host: hostname() } },
    { onHeartbeatError: (error) => app.log.warn({ err: error }, 'registry heartbeat failed') },
  );
}

async function stop(app: FastifyInstance, options: StartOptions): Promise<void> {
  // A failed deregistration must not block the shutdown: the entry expires with its TTL anyway.
  await options.registry?.deregister().catch((error: unknown) => app.log.warn({ err: error }, 'registry deregistration failed'));
  // Closing the server closes only the connections idle at that moment; a keep-alive connection whose
  // request finishes later (the gateway's pool, a browser) would hold the close open until the client
  // gives up, so idle connections are swept until the app has closed.
  const sweep = setInterval(() => app.server.closeIdleConnections(), 100);
  try {
    await app.close();
  } finally {
    clearInterval(sweep);
  }
  await options.registry?.close();
  await options.onShutdown?.();
}

/**
 * Listens, registers the instance when a registry is given, and on SIGTERM or SIGINT shuts down gracefully:
 * deregister, stop accepting, finish in-flight requests, run the app's close hooks (pools, relays), close the
 * registry, then exit 0; exit 1 if that takes longer than `shutdownTimeoutMs`. Returns the address the app
 * listens on. If registering fails, the app is closed again and the error is thrown.
 *
 * ### Example
 * ```ts
 * const registry = await createServiceRegistry({ service: 'core', adminUrl: config.databaseUrl, redis });
 * await startService(app, { ...config, registry });
 * ```
 */
export async function startService(app: FastifyInstance, options: StartOptions): Promise<string> {
  const address = await app.listen({ port: options.port, host: options.host });
  if (options.registry) {
    try {
      await register(app, options.registry, options);
    } catch (error) {
      await app.close();
      await options.registry.close().catch(() => {});
      throw error;
    }
  }
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      app.log.error({ timeoutMs: options.shutdownTimeoutMs }, 'shutdown timed out');
      process.exit(1);
    }, options.shutdownTimeoutMs);
    timer.unref();
    stop(app, options).then(
      () => {
        app.log.info('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  return address;
}
