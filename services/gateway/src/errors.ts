import { defineError } from '@erp/kit';

export const UpstreamUnavailableError = defineError({
  code: 'GW_UPSTREAM_UNAVAILABLE',
  status: 502,
  title: 'Bad Gateway',
  detail: (service: string) => `The ${service} service did not answer. Try again shortly; if it persists, check \`erp status\`.`,
});

export const NoUpstreamError = defineError({
  code: 'GW_NO_UPSTREAM',
  status: 503,
  title: 'Service Unavailable',
  detail: (service: string) => `No instance of the ${service} service is running or configured. Start it, or set ${service.toUpperCase()}_URL.`,
});

export const UpstreamTimeoutError = defineError({
  code: 'GW_UPSTREAM_TIMEOUT',
  status: 504,
  title: 'Gateway Timeout',
  detail: (service: string, timeoutMs: number) => `The ${service} service did not answer within ${timeoutMs} ms.`,
});

export const InvalidPathError = defineError({
  code: 'GW_INVALID_PATH',
  status: 400,
  title: 'Invalid path',
  detail: () => 'The path contains a ".." segment or malformed percent-encoding; send a normalised path.',
});

export const RateLimitedError = defineError({
  code: 'GW_RATE_LIMITED',
  status: 429,
  title: 'Too Many Requests',
  detail: (retryAfterS: number) => `Too many requests for this route. Wait ${retryAfterS} s (see Retry-After) before sending another.`,
});

export const UpstreamBadResponseError = defineError({
  code: 'GW_UPSTREAM_BAD_RESPONSE',
  status: 502,
  title: 'Bad Gateway',
  detail: (service: string, status: number) => `The ${service} service answered ${status} with a body that is neither its data nor a problem document.`,
});

// GraphQL request errors: answered in GraphQL shape (`errors[].extensions.code`), not as problem documents.
export const GraphqlBadRequestError = defineError({
  code: 'GRAPHQL_BAD_REQUEST',
  status: 400,
  title: 'Bad GraphQL request',
  detail: (reason: string) => reason,
});

export const GraphqlParseFailedError = defineError({
  code: 'GRAPHQL_PARSE_FAILED',
  status: 400,
  title: 'GraphQL syntax error',
  detail: (message: string) => message,
});

export const GraphqlValidationFailedError = defineError({
  code: 'GRAPHQL_VALIDATION_FAILED',
  status: 400,
  title: 'GraphQL validation failed',
  detail: (message: string) => message,
});

export const GraphqlQueryTooLargeError = defineError({
  code: 'GRAPHQL_QUERY_TOO_LARGE',
  status: 400,
  title: 'GraphQL query too large',
  detail: (limit: string) => `The query has more than ${limit}; split it into smaller queries.`,
});

export const GraphqlDepthLimitError = defineError({
  code: 'GRAPHQL_DEPTH_LIMIT',
  status: 400,
  title: 'GraphQL query too deep',
  detail: (depth: number, max: number) =>
    `The query nests fields ${depth} levels deep; at most ${max} are allowed. Fetch the deeper levels with a second query.`,
});

export const GraphqlCostLimitError = defineError({
  code: 'GRAPHQL_COST_LIMIT',
  status: 400,
  title: 'GraphQL query too costly',
  detail: (cost: number | string, max: number) =>
    `The query's estimated cost is ${cost}; at most ${max} is allowed. Lower the limit of its lists or select fewer nested fields.`,
});

export const GraphqlMethodNotAllowedError = defineError({
  code: 'GRAPHQL_METHOD_NOT_ALLOWED',
  status: 405,
  title: 'Method Not Allowed',
  detail: () => 'GET runs queries only; send mutations with POST.',
});

export const GraphqlInternalError = defineError({
  code: 'GRAPHQL_INTERNAL',
  status: 500,
  title: 'Internal Server Error',
  detail: (requestId: string) => `An unexpected error occurred while resolving this field. Quote request id ${requestId} when reporting it.`,
});

/** The gateway's error catalogue, for the README table test. */
export const GATEWAY_ERRORS = [
  UpstreamUnavailableError,
  NoUpstreamError,
  UpstreamTimeoutError,
  InvalidPathError,
  RateLimitedError,
  UpstreamBadResponseError,
  GraphqlBadRequestError,
  GraphqlParseFailedError,
  GraphqlValidationFailedError,
  GraphqlQueryTooLargeError,
  GraphqlDepthLimitError,
  GraphqlCostLimitError,
  GraphqlMethodNotAllowedError,
  GraphqlInternalError,
];
