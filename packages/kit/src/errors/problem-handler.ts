import { STATUS_CODES } from 'node:http';
import { PROBLEM_CONTENT_TYPE, type ProblemDocument, type ProblemFieldError } from '@erp/contracts';
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import { type AppError, appError, isAppError } from './define-error.js';
import {
  BadRequestError,
  InternalError,
  MalformedJsonError,
  PayloadTooLargeError,
  RouteNotFoundError,
  UnsupportedMediaTypeError,
  ValidationFailedError,
} from './kit-errors.js';

interface SchemaIssue {
  instancePath?: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** Turns a schema validation result into JSON-pointer field errors. */
function toFieldErrors(issues: SchemaIssue[]): ProblemFieldError[] {
  return issues.map((issue) => {
    // Ajv reports a missing or an unknown property at its parent; the pointer names the property itself.
    const unknown = issue.params?.additionalProperty;
    const missing = issue.params?.missingProperty ?? (issue.params?.requiredProperties as string[] | undefined)?.[0] ?? unknown;
    const pointer = `${issue.instancePath ?? ''}${typeof missing === 'string' ? `/${missing}` : ''}`;
    const detail = typeof unknown === 'string' ? 'is not a field of this resource; see /docs for the fields' : (issue.message ?? 'is invalid');
    return { pointer: pointer === '' ? '/' : pointer, detail };
  });
}

/** Maps anything thrown inside a request to a catalogue error; unknown errors become 500. */
function toAppError(error: FastifyError, request: FastifyRequest, bodyLimitBytes: number): AppError {
  if (isAppError(error)) return error;
  if (Array.isArray(error.validation)) {
    const where = error.validationContext ?? 'body';
    const base = new ValidationFailedError(where);
    return appError({ code: base.code, status: base.status, title: base.title, detail: base.detail, errors: toFieldErrors(error.validation) });
  }
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new UnsupportedMediaTypeError(String(request.headers['content-type'] ?? 'none'));
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new PayloadTooLargeError(bodyLimitBytes);
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new MalformedJsonError();
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new BadRequestError('The body is empty although the content type says JSON; send a JSON document or no content type.');
  }
  if (error instanceof SyntaxError && error.statusCode === 400) return new MalformedJsonError();
  const status = error.statusCode ?? 500;
  // Fastify's own 4xx errors carry safe, fixed messages; anything else could hold internals and stays hidden.
  if (status >= 400 && status < 500 && error.code?.startsWith('FST_')) {
    return appError({ code: 'KIT_BAD_REQUEST', status, title: STATUS_CODES[status] ?? 'Bad Request', detail: error.message });
  }
  return new InternalError(String(request.id));
}

function problemType(code: string): string {
  return `urn:erp:problem:${code.toLowerCase().replaceAll('_', '-')}`;
}

/** The part of a Fastify reply that {@link sendProblem} needs; any server flavour's reply fits. */
export interface ProblemReply {
  readonly request: { readonly url: string; readonly id: unknown };
  code(status: number): ProblemReply;
  type(contentType: string): ProblemReply;
  header(name: string, value: string): ProblemReply;
  send(payload: string): unknown;
}

/** Sends `error` as an RFC 9457 problem document. The only place that does so. */
export function sendProblem<Reply extends ProblemReply>(reply: Reply, error: AppError): Reply {
  const problem: ProblemDocument = {
    type: problemType(error.code),
    title: error.title,
    status: error.status,
    detail: error.detail,
    instance: reply.request.url.split('?')[0],
    code: error.code,
    request_id: String(reply.request.id),
    ...(error.errors ? { errors: error.errors } : {}),
  };
  // Pre-serialised so that a route's response schema can never reshape or reject a problem document.
  // Set here too: errors raised before the request hooks ran (routing failures) must still carry the id.
  reply.code(error.status).type(PROBLEM_CONTENT_TYPE).header('x-request-id', String(reply.request.id)).send(JSON.stringify(problem));
  return reply;
}

/** Installs the error and not-found handlers that answer every failure as a problem document. */
export function installProblemHandler(app: FastifyInstance, options: { bodyLimitBytes: number }): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const mapped = toAppError(error, request, options.bodyLimitBytes);
    if (mapped.status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: mapped.code, status: mapped.status }, 'request rejected');
    return sendProblem(reply, mapped);
  });
  app.setNotFoundHandler((request, reply) => sendProblem(reply, new RouteNotFoundError(request.method, request.url.split('?')[0] ?? '/')));
}
