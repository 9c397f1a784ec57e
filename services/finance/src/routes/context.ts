import { getPrincipal, toTraceparent } from '@erp/kit';
import type { Actor, LedgerContext } from '../ledger/context.js';

/** What every route plugin of the finance service receives. */
export interface RouteOptions {
  context: LedgerContext;
}

type Request = Parameters<typeof getPrincipal>[0];

/** The verified caller as the ledger sees it; tenant ids are compared and hashed in lowercase. */
export function actorOf(request: Request): Actor {
  const principal = getPrincipal(request);
  return { tenantId: principal.tenantId.toLowerCase(), actorId: principal.userId, traceparent: toTraceparent(request.trace) };
}

/** The caller's tenant, lowercase. */
export function tenantOf(request: Request): string {
  return getPrincipal(request).tenantId.toLowerCase();
}

/** The `If-Match` header, when the client sent exactly one. */
export function ifMatchOf(request: Request): string | undefined {
  const header = request.headers['if-match'];
  return typeof header === 'string' ? header : undefined;
}
