import { APICallError } from 'ai';
import { createProviderError, isProviderError, type ProviderError, type ProviderErrorKind } from '../spec/errors.js';
import { retryAfterMsFrom } from './retry-after.js';

function kindOfStatus(status: number): ProviderErrorKind {
  if (status === 429) return 'rate-limited';
  if (status === 529 || status === 503) return 'overloaded';
  if (status === 408 || status === 504) return 'timeout';
  if (status === 401 || status === 403 || status === 404) return 'unauthorized';
  if (status >= 500) return 'server-error';
  return 'bad-request';
}

// Error types vendors put into a stream instead of an HTTP status (Anthropic's `event: error`, OpenAI's `error` chunk).
const STREAM_ERROR_TYPES: Readonly<Record<string, ProviderErrorKind>> = {
  overloaded_error: 'overloaded',
  rate_limit_error: 'rate-limited',
  rate_limit_exceeded: 'rate-limited',
  api_error: 'server-error',
  server_error: 'server-error',
  invalid_request_error: 'bad-request',
  request_too_large: 'bad-request',
  authentication_error: 'unauthorized',
  permission_error: 'unauthorized',
  not_found_error: 'unauthorized',
};

function abortName(error: unknown): string | undefined {
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'AbortError' || name === 'TimeoutError' || name === 'ResponseAborted' ? name : undefined;
}

function streamErrorKind(error: Record<string, unknown>): ProviderErrorKind {
  if (typeof error.statusCode === 'number') return kindOfStatus(error.statusCode);
  const type = typeof error.type === 'string' ? error.type : typeof error.code === 'string' ? error.code : '';
  return STREAM_ERROR_TYPES[type] ?? 'server-error';
}

/**
 * Maps whatever an AI SDK call threw (an `APICallError`, an abort, a stream error object) to a
 * {@link ProviderError}. An abort whose reason is a `TimeoutError` (the deployment's timeout) is a timeout;
 * any other abort (the client went away) reads as `network`, and the caller knows why it aborted.
 */
export function toProviderError(error: unknown, model: { provider: string; modelId: string }, now = Date.now()): ProviderError {
  if (isProviderError(error)) return error;
  const base = { provider: model.provider, modelId: model.modelId, cause: error };
  const aborted = abortName(error) ?? (APICallError.isInstance(error) ? abortName(error.cause) : undefined);
  if (aborted) {
    const kind = aborted === 'TimeoutError' ? 'timeout' : 'network';
    return createProviderError({ ...base, kind, message: kind === 'timeout' ? 'The provider did not answer in time.' : 'The call was aborted.' });
  }
  if (APICallError.isInstance(error)) {
    if (error.statusCode === undefined) return createProviderError({ ...base, kind: 'network', message: error.message });
    const kind = kindOfStatus(error.statusCode);
    return createProviderError({
      ...base,
      kind,
      message: error.message,
      statusCode: error.statusCode,
      retryAfterMs: retryAfterMsFrom(error.responseHeaders, now),
    });
  }
  if (typeof error === 'object' && error !== null && !(error instanceof Error)) {
    const fields = error as Record<string, unknown>;
    const message = typeof fields.message === 'string' ? fields.message : 'The provider reported an error in the stream.';
    return createProviderError({
      ...base,
      kind: streamErrorKind(fields),
      message,
      statusCode: typeof fields.statusCode === 'number' ? fields.statusCode : undefined,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return createProviderError({ ...base, kind: 'server-error', message: `The provider's answer could not be used: ${message}` });
}
