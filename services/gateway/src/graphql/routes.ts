import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { GraphqlBadRequestError, GraphqlParseFailedError, GraphqlQueryTooLargeError } from '../errors.js';
import { createGraphqlContext } from './context.js';
import { type RequestFailure, toFailure, toMalformedRequestFailure, toRequestFailure } from './request-failures.js';
import type { ServiceClientOptions } from './service-client.js';

export interface GraphqlRouteOptions {
  services: ServiceClientOptions;
  queryMaxBytes: number;
  tokensMax: number;
}

interface GraphqlParams {
  query?: string | undefined;
  operationName?: string | null | undefined;
  variables?: Record<string, unknown> | null | undefined;
}

const JsonObject = Type.Record(Type.String(), Type.Unknown());
const PostBody = Type.Object({
  query: Type.Optional(Type.String()),
  operationName: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  variables: Type.Optional(Type.Union([JsonObject, Type.Null()])),
  extensions: Type.Optional(Type.Union([JsonObject, Type.Null()])),
});
const GetQuery = Type.Object({
  query: Type.Optional(Type.String()),
  operationName: Type.Optional(Type.String()),
  // JSON text, as GraphQL over HTTP sends variables in a URL.
  variables: Type.Optional(Type.String()),
  extensions: Type.Optional(Type.String()),
});

const GRAPHQL_RESPONSE_TYPE = 'application/graphql-response+json';

/** `application/graphql-response+json` when the client asks for it, `application/json` otherwise. */
function send(request: FastifyRequest, reply: FastifyReply, status: number, body: unknown): FastifyReply {
  const accepted = String(request.headers.accept ?? '').includes(GRAPHQL_RESPONSE_TYPE);
  // The answer is the caller's own data: no cache between the browser and the gateway may keep it.
  reply.header('cache-control', 'no-store');
  return reply
    .code(status)
    .type(`${accepted ? GRAPHQL_RESPONSE_TYPE : 'application/json'}; charset=utf-8`)
    .send(JSON.stringify(body));
}

function refuse(request: FastifyRequest, reply: FastifyReply, failure: RequestFailure): FastifyReply {
  if (failure.status === 405) reply.header('allow', 'POST');
  return send(request, reply, failure.status, { errors: failure.errors });
}

// Mercurius would take a query that fails to parse but is JSON as a ready-made syntax tree; no GraphQL
// document is valid JSON, so such a query is refused before it gets there.
function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** The `variables` of a GET request, or why they cannot be used. */
function parseVariables(text: string | undefined): { variables: GraphqlParams['variables'] } | { failure: RequestFailure } {
  if (text === undefined) return { variables: undefined };
  try {
    const value: unknown = JSON.parse(text);
    if (value === null || (typeof value === 'object' && !Array.isArray(value))) return { variables: value as GraphqlParams['variables'] };
  } catch {
    // The same answer as for JSON that is not an object.
  }
  return { failure: toFailure(new GraphqlBadRequestError('variables must be a JSON object.')) };
}

/**
 * `POST /graphql` (JSON body) and `GET /graphql` (query string; queries only), both for any valid access
 * token. Requests that cannot be run answer 400 (405 for a mutation over GET) with `errors` and no `data`;
 * a run answers 200 with `data` and the errors of the fields that failed.
 */
export async function graphqlRoutes(app: FastifyInstance, options: GraphqlRouteOptions): Promise<void> {
  const run = async (request: FastifyRequest, reply: FastifyReply, params: GraphqlParams) => {
    const { query } = params;
    if (query === undefined || query.trim() === '')
      return refuse(request, reply, toFailure(new GraphqlBadRequestError('Send the GraphQL document in "query".')));
    if (Buffer.byteLength(query) > options.queryMaxBytes)
      return refuse(request, reply, toFailure(new GraphqlQueryTooLargeError(`${options.queryMaxBytes} bytes`)));
    if (isJson(query)) return refuse(request, reply, toFailure(new GraphqlParseFailedError('The query is JSON, not a GraphQL document.')));
    const context = createGraphqlContext(request, options.services, params.operationName ?? undefined);
    try {
      // Variables always, so that Mercurius checks them (and the operation name) before running anything.
      const result = await reply.graphql(query, context, params.variables ?? {}, params.operationName ?? undefined);
      if (result.data === undefined) return send(request, reply, 400, { errors: result.errors });
      return send(request, reply, 200, { data: result.data, ...(result.errors ? { errors: result.errors } : {}) });
    } catch (error) {
      const failure = toRequestFailure(error, options.tokensMax);
      if (!failure) throw error;
      return refuse(request, reply, failure);
    }
  };

  // Errors before the handler: a body that is not JSON or not shaped like a GraphQL request. Anything else
  // (authentication, an oversized body, a wrong content type) goes on to the kit's problem documents.
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const failure = toMalformedRequestFailure(error);
    if (!failure) throw error;
    return refuse(request, reply, failure);
  });

  // JSON only: Fastify would also parse text/plain, which GraphQL over HTTP does not use; the kit answers 415.
  app.removeContentTypeParser('text/plain');
  const config = { authenticated: true };
  app.post('/graphql', { config, schema: { body: PostBody } }, (request, reply) => run(request, reply, request.body as GraphqlParams));
  app.get('/graphql', { config, schema: { querystring: GetQuery } }, (request, reply) => {
    const { variables, ...rest } = request.query as { variables?: string; query?: string; operationName?: string };
    const parsed = parseVariables(variables);
    if ('failure' in parsed) return refuse(request, reply, parsed.failure);
    return run(request, reply, { ...rest, variables: parsed.variables });
  });
}
