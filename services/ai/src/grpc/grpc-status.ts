import { FINANCE_INTELLIGENCE_METADATA } from '@erp/contracts';
import { isAppError } from '@erp/kit';
import { Metadata, type ServiceError, status } from '@grpc/grpc-js';

/** Codes whose HTTP status would mislead: the ledger's size is no fault of the request. */
const CODE_STATUS: Readonly<Record<string, status>> = {
  AI_LEDGER_TOO_LARGE: status.RESOURCE_EXHAUSTED,
};

/** The gRPC status of an HTTP status of the service's error catalogue. */
export function grpcStatusOf(httpStatus: number): status {
  if (httpStatus === 400 || httpStatus === 422) return status.INVALID_ARGUMENT;
  if (httpStatus === 401) return status.UNAUTHENTICATED;
  if (httpStatus === 403) return status.PERMISSION_DENIED;
  if (httpStatus === 404) return status.NOT_FOUND;
  if (httpStatus === 409) return status.FAILED_PRECONDITION;
  if (httpStatus === 413 || httpStatus === 429) return status.RESOURCE_EXHAUSTED;
  if (httpStatus === 503) return status.UNAVAILABLE;
  if (httpStatus === 504) return status.DEADLINE_EXCEEDED;
  return status.INTERNAL;
}

/** A refusal with its status, a sentence for the caller, and the error code (and fields) as trailing metadata. */
export function serviceError(code: status, message: string, errorCode: string, fields: readonly string[] = []): Partial<ServiceError> {
  const metadata = new Metadata();
  metadata.set(FINANCE_INTELLIGENCE_METADATA.errorCode, errorCode);
  for (const field of fields.slice(0, 20)) metadata.add(FINANCE_INTELLIGENCE_METADATA.field, field);
  return { code, details: message, metadata };
}

/**
 * Turns what a handler threw into the status the client gets: catalogue errors by their status (the detail
 * names the field of a validation error), anything else INTERNAL with the request id only, never internals.
 */
export function toServiceError(error: unknown, requestId: string): Partial<ServiceError> {
  if (!isAppError(error) || error.status >= 500) {
    if (isAppError(error) && (error.status === 503 || error.status === 504)) return serviceError(grpcStatusOf(error.status), error.detail, error.code);
    return serviceError(status.INTERNAL, `An unexpected error occurred. Quote request id ${requestId} when reporting it.`, 'KIT_INTERNAL');
  }
  const fields = (error.errors ?? []).map((field) => field.pointer);
  const first = error.errors?.[0];
  const message = first ? `${first.pointer}: ${first.detail}` : error.detail;
  return serviceError(CODE_STATUS[error.code] ?? grpcStatusOf(error.status), message, error.code, fields);
}
