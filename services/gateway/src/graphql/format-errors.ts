import type { FastifyRequest } from 'fastify';
import type { ExecutionResult, GraphQLError, GraphQLFormattedError } from 'graphql';
import type { MercuriusContext } from 'mercurius';
import { GraphqlInternalError } from '../errors.js';
import { hasErrorCode, toFormattedError } from './graphql-errors.js';
import { toRequestError } from './request-failures.js';

/**
 * The errors of an execution as the client sees them. An error the gateway made on purpose (a service's
 * problem, an unreachable service) keeps its message and extensions; anything else is a bug, logged here
 * and answered as `GRAPHQL_INTERNAL` with the request id, so no internal message or stack trace leaks.
 * `path` and `locations` stay, so the client knows which field failed.
 */
export function toClientErrors(errors: readonly GraphQLError[], request: Pick<FastifyRequest, 'id' | 'log'>): GraphQLFormattedError[] {
  return errors.map((error) => {
    if (hasErrorCode(error)) return error.toJSON();
    request.log.error({ err: error.originalError ?? error, path: error.path }, 'graphql field failed');
    const { message, extensions } = toFormattedError(new GraphqlInternalError(String(request.id)));
    return { message, ...(error.locations ? { locations: error.locations } : {}), ...(error.path ? { path: error.path } : {}), extensions };
  });
}

/**
 * Mercurius's `errorFormatter`: errors of fields leave the other fields' data in place (partial data) and the
 * answer stays 200, as GraphQL over HTTP asks for a response that has data; a result without data is a
 * request error (400).
 */
export function formatExecutionErrors(
  execution: ExecutionResult & { errors: readonly GraphQLError[] },
  context: MercuriusContext,
): { statusCode: number; response: ExecutionResult } {
  // Without data nothing ran: the request named no operation it holds, or was otherwise unfit to run.
  if (execution.data === undefined)
    return { statusCode: 400, response: { errors: execution.errors.map((error) => toRequestError(error)) as unknown as GraphQLError[] } };
  const errors = toClientErrors(execution.errors, context.reply.request) as unknown as GraphQLError[];
  return { statusCode: 200, response: { data: execution.data, errors } };
}
