import { type AppError, isAppError } from '@erp/kit';
import type { FastifyError } from 'fastify';
import type { GraphQLError, GraphQLFormattedError } from 'graphql';
import {
  GraphqlBadRequestError,
  GraphqlMethodNotAllowedError,
  GraphqlParseFailedError,
  GraphqlQueryTooLargeError,
  GraphqlValidationFailedError,
} from '../errors.js';
import { hasErrorCode, isGraphqlError, toFormattedError } from './graphql-errors.js';

/** A GraphQL request refused before execution: the HTTP status and the `errors` of the answer (no `data`). */
export interface RequestFailure {
  readonly status: number;
  readonly errors: GraphQLFormattedError[];
}

export function toFailure(error: AppError): RequestFailure {
  return { status: error.status, errors: [toFormattedError(error)] };
}

const TOO_MANY_TOKENS = /^Syntax Error: Document contains more th\w+ \d+ tokens/;

/** A syntax or validation error of GraphQL, with the code that says which. */
export function toRequestError(error: GraphQLError, tokensMax?: number): GraphQLFormattedError {
  if (hasErrorCode(error)) return error.toJSON();
  const { locations } = error;
  if (tokensMax !== undefined && TOO_MANY_TOKENS.test(error.message)) return toFormattedError(new GraphqlQueryTooLargeError(`${tokensMax} tokens`));
  const catalogued = error.message.startsWith('Syntax Error') ? new GraphqlParseFailedError(error.message) : new GraphqlValidationFailedError(error.message);
  return { ...toFormattedError(catalogued), ...(locations ? { locations } : {}) };
}

/**
 * What Mercurius or the limits threw before executing: syntax and validation errors (depth limit included),
 * the cost limit, or a mutation sent with GET. `undefined` for anything else, which is a fault of the gateway.
 */
export function toRequestFailure(error: unknown, tokensMax: number): RequestFailure | undefined {
  if (isGraphqlError(error) && hasErrorCode(error)) return { status: Number(error.extensions.status ?? 400), errors: [error.toJSON()] };
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'MER_ERR_METHOD_NOT_ALLOWED') return toFailure(new GraphqlMethodNotAllowedError());
  if (code !== 'MER_ERR_GQL_VALIDATION') return undefined;
  const errors = ((error as { errors?: unknown[] }).errors ?? []).filter(isGraphqlError);
  return { status: 400, errors: errors.map((item) => toRequestError(item, tokensMax)) };
}

/**
 * A body Fastify could not parse or that does not have the GraphQL-over-HTTP shape, as a GraphQL answer;
 * `undefined` for every other error (an oversized body, a wrong content type, authentication), which the
 * kit answers as a problem document.
 */
export function toMalformedRequestFailure(error: FastifyError): RequestFailure | undefined {
  if (isAppError(error)) return undefined;
  if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (error instanceof SyntaxError && error.statusCode === 400)) {
    return toFailure(new GraphqlBadRequestError('The body is not valid JSON; send {"query": "...", "variables": {...}}.'));
  }
  if (error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return toFailure(new GraphqlBadRequestError('The body is empty; send {"query": "..."}.'));
  if (Array.isArray(error.validation)) {
    return toFailure(new GraphqlBadRequestError(`The request does not have the shape GraphQL over HTTP asks for: ${error.message}.`));
  }
  return undefined;
}
