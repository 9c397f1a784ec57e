import type { ProblemDocument } from '@erp/contracts';
import type { AppError } from '@erp/kit';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';

/**
 * A GraphQL error for one of the gateway's catalogue errors: `message` is its detail and
 * `extensions` carry `code` and `status`, as problem documents do.
 */
export function toGraphqlError(error: AppError, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(error.detail, { extensions: { code: error.code, status: error.status, ...extensions } });
}

/** The same as {@link toGraphqlError}, already in the shape of a response's `errors[]`. */
export function toFormattedError(error: AppError, extensions: Record<string, unknown> = {}): GraphQLFormattedError {
  return toGraphqlError(error, extensions).toJSON();
}

/**
 * A GraphQL error for a service's problem document: `message` is its `detail` (or `title`), and `extensions`
 * keep `code`, `status`, `type` and the per-field `errors`, so a client can show them next to its form fields.
 */
export function problemToGraphqlError(problem: ProblemDocument): GraphQLError {
  const extensions = { code: problem.code, status: problem.status, type: problem.type, ...(problem.errors ? { errors: problem.errors } : {}) };
  return new GraphQLError(problem.detail ?? problem.title, { extensions });
}

/**
 * Whether `value` is a GraphQL error, by name rather than `instanceof`: graphql ships a CommonJS and an ES
 * module build, and Mercurius (CommonJS) may hold the other copy's classes than this file does.
 */
export function isGraphqlError(value: unknown): value is GraphQLError {
  return value instanceof Error && value.name === 'GraphQLError';
}

/** Whether an error was made by the gateway on purpose (it has a code), rather than by a bug. */
export function hasErrorCode(error: GraphQLError): boolean {
  return typeof error.extensions.code === 'string';
}
