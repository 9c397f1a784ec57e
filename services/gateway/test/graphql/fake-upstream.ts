import { createService, type ServiceApp } from '@erp/kit';
import { freePort } from '@erp/kit/testing';
import type { ForcedAnswer, SeenRequest } from './fake-auth.js';

/**
 * A fake service: a kit service (so problem documents and body parsing behave as in the real ones) that
 * records every request in `seen` and answers a route the test forced with `force` instead of its own handler.
 * The caller adds the routes, then calls `listen`.
 */
export interface FakeUpstream {
  app: ServiceApp;
  seen: SeenRequest[];
  force(route: string, answer: ForcedAnswer): void;
  /** Forgets what was seen and forced. */
  reset(): void;
  /** How many requests reached `METHOD path` (query string ignored). */
  count(route: string): number;
  listen(): Promise<string>;
}

const routeOf = (method: string, url: string) => `${method} ${url.split('?')[0]}`;

export async function createFakeUpstream(name: string): Promise<FakeUpstream> {
  const app = await createService({ name, version: '0.0.1', config: { port: 0, logLevel: 'silent', bodyLimitBytes: 65_536 } });
  const seen: SeenRequest[] = [];
  const forced = new Map<string, ForcedAnswer>();
  app.addHook('preHandler', async (request, reply) => {
    if (request.url === '/health') return;
    seen.push({ method: request.method, url: request.url, headers: { ...request.headers }, body: request.body });
    const answer = forced.get(routeOf(request.method, request.url));
    if (!answer) return;
    return reply
      .code(answer.status)
      .type(answer.contentType ?? 'application/problem+json')
      .send(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body));
  });
  return {
    app,
    seen,
    force: (route, answer) => forced.set(route, answer),
    reset: () => {
      seen.length = 0;
      forced.clear();
    },
    count: (route) => seen.filter((request) => routeOf(request.method, request.url) === route).length,
    listen: async () => app.listen({ port: await freePort(), host: '127.0.0.1' }),
  };
}

/** Items `cursor` (an index, as text) onwards, `limit` of them, and the next index while more remain. */
export function pageOf<Item>(items: readonly Item[], query: { limit?: string; cursor?: string }, limitDefault: number) {
  const start = Number(query.cursor ?? 0);
  const end = start + Number(query.limit ?? limitDefault);
  return { items: items.slice(start, end), next_cursor: end < items.length ? String(end) : null };
}
