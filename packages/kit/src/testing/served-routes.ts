import type { FastifyInstance } from 'fastify';

interface OpenApiDocument {
  paths?: Record<string, Record<string, unknown>>;
}

/**
 * Every route a kit service documents, as `METHOD /path/{param}`, read from its OpenAPI document. Route sweeps
 * (tenant isolation, the role matrix) compare it with their own table, so a new route cannot go unchecked.
 * Call it after `app.ready()`.
 *
 * ### Example
 * ```ts
 * expect(servedRoutes(app).sort()).toEqual(Object.keys(ROUTES).sort());
 * ```
 */
export function servedRoutes(app: FastifyInstance): string[] {
  const document = (app as FastifyInstance & { swagger(): OpenApiDocument }).swagger();
  return Object.entries(document.paths ?? {}).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`));
}
