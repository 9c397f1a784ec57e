const PROVIDER_ERROR = Symbol.for('erp.ai.provider-error');

/**
 * Why a provider call failed, in the terms routing decides on:
 * - `rate-limited`: the vendor answered 429; `retryAfterMs` says when to try again if it said so.
 * - `overloaded`: the vendor is saturated (Anthropic 529, a 503).
 * - `timeout`: no answer (or no next chunk) within the deployment's timeout, or a vendor 408/504.
 * - `server-error`: any other 5xx, or a stream that broke off.
 * - `network`: the vendor could not be reached.
 * - `unauthorized`: the vendor refused the key, the permission or the model id (401, 403, 404): a configuration fault.
 * - `bad-request`: the vendor refused this request (400, 413, 422); another vendor would most likely refuse it too.
 */
export type ProviderErrorKind = 'rate-limited' | 'overloaded' | 'timeout' | 'server-error' | 'network' | 'unauthorized' | 'bad-request';

export interface ProviderErrorFields {
  readonly kind: ProviderErrorKind;
  readonly provider: string;
  readonly modelId: string;
  readonly message: string;
  readonly statusCode?: number | undefined;
  readonly retryAfterMs?: number | undefined;
  readonly cause?: unknown;
}

/** A failed call of a provider, whatever the vendor; recognise it with {@link isProviderError}, not `instanceof`. */
export interface ProviderError extends Error, Omit<ProviderErrorFields, 'cause' | 'message'> {
  readonly [PROVIDER_ERROR]: true;
}

export function createProviderError(fields: ProviderErrorFields): ProviderError {
  const error = new Error(fields.message, { cause: fields.cause }) as Error & Record<string | symbol, unknown>;
  error.name = 'ProviderError';
  error[PROVIDER_ERROR] = true;
  for (const [name, value] of Object.entries(fields)) if (name !== 'message' && name !== 'cause' && value !== undefined) error[name] = value;
  return error as unknown as ProviderError;
}

export function isProviderError(error: unknown): error is ProviderError {
  return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[PROVIDER_ERROR] === true;
}

/**
 * Whether the failure lies with the deployment rather than the request: then another deployment may be tried
 * and the failure counts for the deployment's circuit breaker. A request the vendor refused as such would most
 * likely be refused elsewhere too, and sending it on would only spread the prompt to more vendors.
 */
export function isDeploymentFault(kind: ProviderErrorKind): boolean {
  return kind !== 'bad-request';
}
