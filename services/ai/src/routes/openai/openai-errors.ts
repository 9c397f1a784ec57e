import { isAppError } from '@erp/kit';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { retryAfterOf } from '../../errors.js';

/** The error object OpenAI's API answers with, which OpenAI client libraries parse. */
export interface OpenAiErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

function typeOf(status: number): string {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 429) return 'rate_limit_error';
  return status >= 500 ? 'server_error' : 'invalid_request_error';
}

interface SchemaIssue {
  instancePath?: string;
  message?: string;
  params?: { missingProperty?: string };
}

function fieldOf(issue: SchemaIssue | undefined): string | null {
  if (!issue) return null;
  const pointer = `${issue.instancePath ?? ''}${issue.params?.missingProperty ? `/${issue.params.missingProperty}` : ''}`;
  return pointer.replace(/^\//, '').replaceAll('/', '.') || null;
}

/** Maps anything a `/v1` route throws to a status and OpenAI's error body; never shows internals. */
export function toOpenAiError(error: FastifyError, request: FastifyRequest): { status: number; body: OpenAiErrorBody } {
  if (isAppError(error)) {
    const type = error.code === 'AI_QUOTA_MONTHLY_BUDGET' ? 'insufficient_quota' : typeOf(error.status);
    return { status: error.status, body: { error: { message: error.detail, type, param: null, code: error.code } } };
  }
  if (Array.isArray(error.validation)) {
    const [first] = error.validation as SchemaIssue[];
    const param = fieldOf(first);
    const message = `Invalid request: ${param ?? 'body'} ${first?.message ?? 'is invalid'}.`;
    return { status: 400, body: { error: { message, type: 'invalid_request_error', param, code: 'KIT_VALIDATION_FAILED' } } };
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500 && error.code?.startsWith('FST_')) {
    return { status, body: { error: { message: error.message, type: typeOf(status), param: null, code: 'KIT_BAD_REQUEST' } } };
  }
  const message = `An unexpected error occurred. Quote request id ${String(request.id)} when reporting it.`;
  return { status: 500, body: { error: { message, type: 'server_error', param: null, code: 'KIT_INTERNAL' } } };
}

/** Sends an error of a `/v1` route in OpenAI's shape, with Retry-After and the Bearer challenge where they belong. */
export function sendOpenAiError(reply: FastifyReply, error: FastifyError): FastifyReply {
  const { status, body } = toOpenAiError(error, reply.request);
  if (status >= 500) reply.request.log.error({ err: error }, 'request failed');
  else reply.request.log.info({ code: body.error.code, status }, 'request rejected');
  const retryAfterS = retryAfterOf(error);
  if (retryAfterS !== undefined) reply.header('retry-after', String(retryAfterS));
  if (status === 401) reply.header('www-authenticate', 'Bearer realm="erp"');
  return reply.code(status).header('x-request-id', String(reply.request.id)).type('application/json').send(body);
}
