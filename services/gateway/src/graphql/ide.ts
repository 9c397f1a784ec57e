import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';

// Mercurius's GraphiQL page loads React and GraphiQL from unpkg, which the gateway's default policy
// (`default-src 'self'`) blocks; these pages get a policy that allows exactly that.
const GRAPHIQL_CSP = [
  "default-src 'self'",
  "script-src 'self' https://unpkg.com",
  "style-src 'self' 'unsafe-inline' https://unpkg.com",
  "font-src 'self' data: https://unpkg.com",
  "img-src 'self' data:",
  "connect-src 'self' https://unpkg.com",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'self'",
].join('; ');

const FILES = [
  { url: '/graphiql', file: 'graphiql.html', type: 'text/html; charset=utf-8' },
  { url: '/graphiql/main.js', file: 'main.js', type: 'application/javascript; charset=utf-8' },
  { url: '/graphiql/sw.js', file: 'sw.js', type: 'application/javascript; charset=utf-8' },
];

/**
 * GraphiQL at `/graphiql`, from the pages Mercurius ships (Mercurius serves them only with its own routes,
 * which the gateway replaces). The page is public, as it holds no data; its queries go to `/graphql` with the
 * token the user enters in its headers editor.
 */
export async function graphiqlRoutes(app: FastifyInstance, options: { endpoint: string }): Promise<void> {
  const folder = join(dirname(createRequire(import.meta.url).resolve('mercurius')), 'static');
  const bodies = await Promise.all(FILES.map((entry) => readFile(join(folder, entry.file), 'utf8')));
  app.addHook('onSend', async (_request, reply) => {
    reply.header('content-security-policy', GRAPHIQL_CSP);
  });
  FILES.forEach((entry, i) => {
    app.get(entry.url, (_request, reply) => reply.type(entry.type).send(bodies[i]));
  });
  const settings = `window.GRAPHQL_ENDPOINT = ${JSON.stringify(options.endpoint)};\nwindow.GRAPHIQL_PLUGIN_LIST = [];\n`;
  app.get('/graphiql/config.js', (_request, reply) => reply.type('application/javascript; charset=utf-8').send(settings));
}
