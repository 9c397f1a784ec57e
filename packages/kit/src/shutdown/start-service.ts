import type { FastifyInstance } from 'fastify';

export interface StartOptions {
  port: number;
  host: string;
  shutdownTimeoutMs: number;
  /** Runs after the app closed (stop relays, deregister, ...). */
  onShutdown?: () => Promise<void>;
}

/**
 * Listens, and on SIGTERM or SIGINT shuts down gracefully: stop accepting, finish in-flight requests, run
 * the app's close hooks (pools, relays), then exit 0; exit 1 if that takes longer than `shutdownTimeoutMs`.
 * Returns the address the app listens on.
 *
 * ### Example
 * ```ts
 * await startService(app, { port: config.port, host: config.host, shutdownTimeoutMs: config.shutdownTimeoutMs });
 * ```
 */
export async function startService(app: FastifyInstance, options: StartOptions): Promise<string> {
  const address = await app.listen({ port: options.port, host: options.host });
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
    app
      .close()
      .then(() => options.onShutdown?.())
      .then(
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
