import { InternalError, ServiceUnavailableError, ValidationFailedError } from '@erp/kit';
import { status } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { LedgerTooLargeError, MonthlyBudgetExceededError, RequestsPerMinuteExceededError, SuggestionNotFoundError } from '../../src/errors.js';
import { grpcStatusOf, toServiceError } from '../../src/grpc/grpc-status.js';

describe('grpcStatusOf', () => {
  it.each([
    [400, status.INVALID_ARGUMENT],
    [422, status.INVALID_ARGUMENT],
    [401, status.UNAUTHENTICATED],
    [403, status.PERMISSION_DENIED],
    [404, status.NOT_FOUND],
    [409, status.FAILED_PRECONDITION],
    [413, status.RESOURCE_EXHAUSTED],
    [429, status.RESOURCE_EXHAUSTED],
    [503, status.UNAVAILABLE],
    [504, status.DEADLINE_EXCEEDED],
    [500, status.INTERNAL],
    [502, status.INTERNAL],
  ])('should map HTTP %i to gRPC status %i', (httpStatus, expected) => {
    expect(grpcStatusOf(httpStatus)).toBe(expected);
  });
});

describe('toServiceError', () => {
  it('should answer quota refusals with RESOURCE_EXHAUSTED and their code in the trailers', () => {
    const error = toServiceError(new RequestsPerMinuteExceededError(60), 'request-1');

    expect(error.code).toBe(status.RESOURCE_EXHAUSTED);
    expect(error.metadata?.get('erp-error-code')).toEqual(['AI_QUOTA_REQUESTS_PER_MINUTE']);
    expect(toServiceError(new MonthlyBudgetExceededError('500'), 'request-1').code).toBe(status.RESOURCE_EXHAUSTED);
  });

  it('should answer a ledger too large to analyse with RESOURCE_EXHAUSTED, not INVALID_ARGUMENT', () => {
    expect(toServiceError(new LedgerTooLargeError(300_000, 200_000), 'request-1').code).toBe(status.RESOURCE_EXHAUSTED);
  });

  it('should name the first invalid field in the message and every one in the trailers', () => {
    const invalid = Object.assign(new ValidationFailedError('message'), {
      errors: [
        { pointer: '/entries/0/id', detail: 'is used twice' },
        { pointer: '/chart', detail: 'must be skr03 or skr04' },
      ],
    });

    const error = toServiceError(invalid, 'request-1');

    expect(error).toMatchObject({ code: status.INVALID_ARGUMENT, details: '/entries/0/id: is used twice' });
    expect(error.metadata?.get('erp-field')).toEqual(['/entries/0/id', '/chart']);
    expect(toServiceError(new SuggestionNotFoundError('x'), 'request-1').code).toBe(status.NOT_FOUND);
  });

  it('should answer anything unexpected with INTERNAL and the request id only', () => {
    const fromDatabase = toServiceError(new Error('relation "ai.suggestion" does not exist'), 'request-7');
    const internal = toServiceError(new InternalError('x'), 'request-7');

    expect(fromDatabase).toMatchObject({ code: status.INTERNAL, details: 'An unexpected error occurred. Quote request id request-7 when reporting it.' });
    expect(internal.code).toBe(status.INTERNAL);
    expect(toServiceError(new ServiceUnavailableError('auth keys unreachable'), 'request-7').code).toBe(status.UNAVAILABLE);
  });
});
