import { isIP } from 'node:net';
import type { ServiceApp } from '@erp/kit';
import type { FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    /** The client's address: the peer, or the address a trusted proxy (the gateway) forwarded. */
    clientIp: string;
  }
}

/**
 * The address throttling and the audit log see. Behind the gateway every peer address is the gateway's, so
 * the last `X-Forwarded-For` entry (the one the nearest proxy added) counts, but only when the peer is a
 * configured proxy: anyone else could write the header and escape the per-address lockout.
 */
export function clientAddress(request: Pick<FastifyRequest, 'ip' | 'headers'>, trustedProxies: ReadonlySet<string>): string {
  const forwarded = request.headers['x-forwarded-for'];
  if (!trustedProxies.has(request.ip) || typeof forwarded !== 'string') return request.ip;
  const last = forwarded.split(',').at(-1)?.trim() ?? '';
  return isIP(last) ? last : request.ip;
}

/** Sets `request.clientIp` on every request of `app`. */
export function installClientAddress(app: ServiceApp, trustedProxies: readonly string[]): void {
  const trusted = new Set(trustedProxies);
  app.decorateRequest('clientIp', '');
  app.addHook('onRequest', async (request) => {
    request.clientIp = clientAddress(request, trusted);
  });
}
