import { defineError } from './define-error.js';

/** The kit's own catalogue: transport-level problems every service shares. */
export const RouteNotFoundError = defineError({
  code: 'KIT_ROUTE_NOT_FOUND',
  status: 404,
  title: 'Not Found',
  detail: (method: string, path: string) => `No route for ${method} ${path}. See /docs for the routes this service offers.`,
});

export const ValidationFailedError = defineError({
  code: 'KIT_VALIDATION_FAILED',
  status: 400,
  title: 'Request is invalid',
  detail: (where: string) => `The request ${where} does not match the schema; see errors[] for each field.`,
});

export const MalformedJsonError = defineError({
  code: 'KIT_MALFORMED_JSON',
  status: 400,
  title: 'Malformed JSON',
  detail: () => 'The request body is not valid JSON.',
});

export const UnsupportedMediaTypeError = defineError({
  code: 'KIT_UNSUPPORTED_MEDIA_TYPE',
  status: 415,
  title: 'Unsupported Media Type',
  detail: (contentType: string) => `Content type "${contentType}" is not accepted here; send application/json.`,
});

export const PayloadTooLargeError = defineError({
  code: 'KIT_PAYLOAD_TOO_LARGE',
  status: 413,
  title: 'Payload Too Large',
  detail: (limitBytes: number) => `The request body exceeds the limit of ${limitBytes} bytes.`,
});

export const BadRequestError = defineError({
  code: 'KIT_BAD_REQUEST',
  status: 400,
  title: 'Bad Request',
  detail: (reason: string) => reason,
});

export const InternalError = defineError({
  code: 'KIT_INTERNAL',
  status: 500,
  title: 'Internal Server Error',
  detail: (requestId: string) => `An unexpected error occurred. Quote request id ${requestId} when reporting it.`,
});

export const ServiceUnavailableError = defineError({
  code: 'KIT_SERVICE_UNAVAILABLE',
  status: 503,
  title: 'Service Unavailable',
  detail: (reason: string) => reason,
});

export const UnauthenticatedError = defineError({
  code: 'KIT_UNAUTHENTICATED',
  status: 401,
  title: 'Unauthorized',
  detail: (reason: string) => reason,
});

export const ForbiddenError = defineError({
  code: 'KIT_FORBIDDEN',
  status: 403,
  title: 'Forbidden',
  detail: (reason: string) => reason,
});

export const IdempotencyKeyInvalidError = defineError({
  code: 'KIT_IDEMPOTENCY_KEY_INVALID',
  status: 400,
  title: 'Invalid Idempotency-Key',
  detail: () => 'Send one Idempotency-Key header of 1 to 255 visible ASCII characters, e.g. a UUID.',
});

export const IdempotencyKeyReusedError = defineError({
  code: 'KIT_IDEMPOTENCY_KEY_REUSED',
  status: 422,
  title: 'Idempotency-Key reused',
  detail: () => 'This Idempotency-Key was already used for a different request (another body, query, method or path). Use a new key for a new request.',
});

export const IdempotencyKeyInFlightError = defineError({
  code: 'KIT_IDEMPOTENCY_KEY_IN_FLIGHT',
  status: 409,
  title: 'Request with this Idempotency-Key in progress',
  detail: () => 'A request with this Idempotency-Key is still being processed. Retry after it has finished to receive its response.',
});

/** Every kit error code, for the README error table test. */
export const KIT_ERROR_CODES = [
  RouteNotFoundError,
  ValidationFailedError,
  MalformedJsonError,
  UnsupportedMediaTypeError,
  PayloadTooLargeError,
  BadRequestError,
  InternalError,
  ServiceUnavailableError,
  UnauthenticatedError,
  ForbiddenError,
  IdempotencyKeyInvalidError,
  IdempotencyKeyReusedError,
  IdempotencyKeyInFlightError,
].map((error) => error.code);
