import { ProblemDocument } from '@erp/contracts';
import { Value } from 'typebox/value';
import { NoUpstreamError, UpstreamBadResponseError, UpstreamTimeoutError, UpstreamUnavailableError } from '../errors.js';
import type { UpstreamLease, UpstreamResolver } from '../upstream-resolver.js';
import { problemToGraphqlError, toGraphqlError } from './graphql-errors.js';

/** One REST call a resolver makes. */
export interface ServiceCall {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path and query string, e.g. `/api/v1/auth/users?limit=50`. */
  readonly path: string;
  /** Sent as JSON. */
  readonly body?: unknown;
  /** Headers of this call besides the caller's, e.g. `Idempotency-Key` or `If-Match`. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** Calls the services for the resolvers of one GraphQL request, with the caller's credentials and trace. */
export interface ServiceClient {
  /**
   * Resolves to the service's JSON answer (`undefined` for an empty one). Rejects with a GraphQL error that
   * carries the service's problem document, or the gateway's 502, 503 or 504 when no answer came.
   */
  call<Result>(service: string, call: ServiceCall): Promise<Result>;
}

export interface ServiceClientOptions {
  resolver: Pick<UpstreamResolver, 'pick'>;
  /** Longest wait for one call, retries included. */
  timeoutMs: number;
  /** Other instances an idempotent call is sent to after a connection error. */
  retries: number;
  /** Statuses that count as the instance failing (ejection and breaker). */
  ejectStatuses: readonly number[];
  fetch?: typeof fetch;
}

type Attempt = { kind: 'answer'; status: number; contentType: string; text: string } | { kind: 'timeout' } | { kind: 'unreachable' };

const IDEMPOTENT_METHODS = new Set(['GET', 'PUT', 'DELETE']);

/**
 * A client for one GraphQL request: every call goes to the instance the resolver picks (so balancing, ejection
 * and breakers apply as to forwarded requests) and carries `headers` (the caller's `Authorization`,
 * `x-request-id`, `traceparent`, `x-forwarded-*`), so each service verifies the token itself.
 */
export function createServiceClient(options: ServiceClientOptions, headers: Readonly<Record<string, string>>): ServiceClient {
  const fetchImpl = options.fetch ?? fetch;
  const ejectStatuses = new Set(options.ejectStatuses);

  async function attempt(lease: UpstreamLease, call: ServiceCall, deadline: number): Promise<Attempt> {
    const body = call.body === undefined ? undefined : JSON.stringify(call.body);
    try {
      const response = await fetchImpl(`${lease.url}${call.path}`, {
        method: call.method,
        headers: { ...call.headers, ...headers, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body,
        // A redirect would carry the caller's token elsewhere; no service answers one.
        redirect: 'manual',
        signal: AbortSignal.timeout(Math.max(1, deadline - Date.now())),
      });
      lease.record(ejectStatuses.has(response.status) ? 'status-failure' : 'success');
      return { kind: 'answer', status: response.status, contentType: response.headers.get('content-type') ?? '', text: await response.text() };
    } catch (error) {
      const timedOut = (error as Error).name === 'TimeoutError';
      lease.record(timedOut ? 'timeout' : 'connection-failure');
      return { kind: timedOut ? 'timeout' : 'unreachable' };
    } finally {
      lease.end();
    }
  }

  return {
    async call<Result>(service: string, call: ServiceCall): Promise<Result> {
      const deadline = Date.now() + options.timeoutMs;
      const tried: string[] = [];
      for (;;) {
        const lease = await options.resolver.pick(service, tried);
        if (!lease) throw toGraphqlError(tried.length === 0 ? new NoUpstreamError(service) : new UpstreamUnavailableError(service));
        tried.push(lease.url);
        const result = await attempt(lease, call, deadline);
        if (result.kind === 'answer') return toResult<Result>(service, result);
        if (result.kind === 'timeout') throw toGraphqlError(new UpstreamTimeoutError(service, options.timeoutMs));
        const mayRetry = IDEMPOTENT_METHODS.has(call.method) && tried.length <= options.retries && Date.now() < deadline;
        if (!mayRetry) throw toGraphqlError(new UpstreamUnavailableError(service));
      }
    },
  };
}

/** The service's data for a 2xx answer; a GraphQL error for a problem document or anything unreadable. */
function toResult<Result>(service: string, answer: { status: number; contentType: string; text: string }): Result {
  const parsed = parseJson(answer.text);
  if (answer.status >= 200 && answer.status < 300) {
    if (answer.text === '') return undefined as Result;
    if (parsed.ok) return parsed.value as Result;
  } else if (answer.status >= 400 && parsed.ok && isProblem(answer.contentType, parsed.value)) {
    throw problemToGraphqlError(parsed.value);
  }
  throw toGraphqlError(new UpstreamBadResponseError(service, answer.status));
}

function isProblem(contentType: string, value: unknown): value is ProblemDocument {
  return /^application\/(problem\+)?json/i.test(contentType) && Value.Check(ProblemDocument, value);
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}
