import { createServer } from 'node:net';
import { SERVICES, type ServiceName } from '@erp/contracts';

const GATEWAY_PORT = 8000;

/**
 * The port of every service: the catalogue's default, or `portBase` plus the service's offset from the
 * gateway's 8000 (so `--port-base 18000` puts core on 18002), with single overrides applied last.
 */
export function resolvePorts(portBase: number | undefined, overrides: Partial<Record<ServiceName, number>>): Record<ServiceName, number> {
  const entries = SERVICES.map((service) => {
    const shifted = portBase === undefined ? service.port : portBase + service.port - GATEWAY_PORT;
    return [service.name, overrides[service.name] ?? shifted] as const;
  });
  return Object.fromEntries(entries) as Record<ServiceName, number>;
}

/** The URL a client uses to reach a service listening on `host:port`; a wildcard host becomes loopback. */
export function serviceUrl(host: string, port: number): string {
  const reachable = host === '0.0.0.0' || host === '::' || host === '' ? '127.0.0.1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}

/** The name of the variable through which the gateway finds a service, e.g. `FINANCE_URL`. */
export function upstreamVariable(name: ServiceName): string {
  return `${name.toUpperCase()}_URL`;
}

/** The ports among `ports` that something already listens on, so that `erp up` can say so before starting. */
export async function findBusyPorts(host: string, ports: readonly number[]): Promise<number[]> {
  const busy = await Promise.all(ports.map(async (port) => ((await canListen(host, port)) ? undefined : port)));
  return busy.filter((port): port is number => port !== undefined);
}

function canListen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** A port the OS reports free on `host` now; the caller binds it soon after (a new instance of a service). */
export function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ host, port: 0 }, () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port was assigned'))));
    });
  });
}
