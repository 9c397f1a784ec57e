import { randomUUID } from 'node:crypto';
import { FINANCE_INTELLIGENCE_METADATA, type Permission } from '@erp/contracts';
import { ForbiddenError, type Principal, type TokenVerifier, UnauthenticatedError } from '@erp/kit';
import { type handleUnaryCall, type Metadata, type ServerUnaryCall, type ServiceError, status } from '@grpc/grpc-js';
import type { FastifyBaseLogger } from 'fastify';
import type { GrpcSettings } from '../config.js';
import { serviceError, toServiceError } from './grpc-status.js';

/** What a handler gets besides the request: the verified caller and the call's time. */
export interface CallContext {
  readonly principal: Principal;
  readonly requestId: string;
  /** Aborted when the client cancels or the call's time is up; the handler must then commit nothing. */
  readonly signal: AbortSignal;
  /** Milliseconds left until the call's deadline (or the server's own limit, if sooner). */
  remainingMs(): number;
}

export type UnaryHandler<Request, Response> = (request: Request, context: CallContext) => Promise<Response>;

/** Wraps handlers with authentication, the concurrency limit, deadlines, status mapping and a log line per call. */
export interface CallGuard {
  unary<Request, Response>(method: string, handler: UnaryHandler<Request, Response>): handleUnaryCall<Request, Response>;
}

export interface CallGuardOptions {
  verifier: TokenVerifier;
  /** The permission every call needs. */
  permission: Permission;
  settings: Pick<GrpcSettings, 'maxConcurrentCalls' | 'callTimeoutMs'>;
  logger: Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>;
}

/** Longer than any token the auth service issues, as on HTTP. */
const TOKEN_LENGTH_MAX = 8192;
const BEARER_PATTERN = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;
const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

function single(metadata: Metadata, key: string): string | undefined {
  const values = metadata.get(key);
  return values.length === 1 && typeof values[0] === 'string' ? values[0] : undefined;
}

/** The same access tokens as on HTTP, from the metadata `authorization: Bearer <token>`; the tenant is the token's. */
async function authenticate(metadata: Metadata, options: CallGuardOptions): Promise<Principal> {
  const header = single(metadata, FINANCE_INTELLIGENCE_METADATA.authorization);
  if (header === undefined) throw new UnauthenticatedError('This call needs an access token; send the metadata authorization: Bearer <token>.');
  const token = header.length <= TOKEN_LENGTH_MAX ? BEARER_PATTERN.exec(header)?.[1] : undefined;
  if (!token) throw new UnauthenticatedError('The access token is malformed.');
  const principal = await options.verifier.verify(token);
  if (!principal.permissions.includes(options.permission)) {
    throw new ForbiddenError(`This needs the permission "${options.permission}", which the access token does not grant.`);
  }
  const tenants = metadata.get(FINANCE_INTELLIGENCE_METADATA.tenantId);
  if (tenants.length > 0 && (tenants.length > 1 || tenants[0] !== principal.tenantId)) {
    throw new ForbiddenError('The access token belongs to another tenant than x-tenant-id names; use a token issued for that tenant.');
  }
  return principal;
}

/** The call's deadline in epoch milliseconds; Infinity when the client set none. */
function deadlineOf(call: ServerUnaryCall<unknown, unknown>): number {
  const deadline = call.getDeadline();
  return deadline instanceof Date ? deadline.getTime() : deadline;
}

/**
 * Builds the guard every method of the server goes through. A call beyond `maxConcurrentCalls` is refused at
 * once; each call runs at most until its deadline or `callTimeoutMs`, whichever comes first, and is answered
 * DEADLINE_EXCEEDED then even if its work is still winding down (which then commits nothing).
 */
export function createCallGuard(options: CallGuardOptions): CallGuard {
  let inFlight = 0;
  return {
    unary<Request, Response>(method: string, handler: UnaryHandler<Request, Response>): handleUnaryCall<Request, Response> {
      return (call, callback) => {
        const startedAt = performance.now();
        const supplied = single(call.metadata, FINANCE_INTELLIGENCE_METADATA.requestId);
        const requestId = supplied && REQUEST_ID_PATTERN.test(supplied) ? supplied : randomUUID();
        let tenantId: string | undefined;
        let answered = false;
        const answer = (error: Partial<ServiceError> | null, response?: Response, cause?: unknown) => {
          if (answered) return;
          answered = true;
          const code = error?.code ?? status.OK;
          const line = {
            grpc_method: method,
            grpc_code: status[code],
            tenant: tenantId,
            request_id: requestId,
            duration_ms: Math.round(performance.now() - startedAt),
          };
          if (code === status.INTERNAL) options.logger.error({ ...line, err: cause }, 'grpc call failed');
          else options.logger.info(line, 'grpc call');
          if (error) callback(error);
          else callback(null, response);
        };
        if (inFlight >= options.settings.maxConcurrentCalls) {
          answer(serviceError(status.RESOURCE_EXHAUSTED, `More than ${options.settings.maxConcurrentCalls} calls at once; retry shortly.`, 'AI_GRPC_BUSY'));
          return;
        }
        const untilMs = Math.min(deadlineOf(call), Date.now() + options.settings.callTimeoutMs);
        if (untilMs <= Date.now()) {
          answer(serviceError(status.DEADLINE_EXCEEDED, 'The deadline had passed when the call arrived.', 'AI_GRPC_DEADLINE_EXCEEDED'));
          return;
        }
        inFlight += 1;
        const controller = new AbortController();
        const timer = setTimeout(() => {
          controller.abort(new Error('deadline exceeded'));
          answer(serviceError(status.DEADLINE_EXCEEDED, 'The call did not finish before its deadline; nothing was stored.', 'AI_GRPC_DEADLINE_EXCEEDED'));
        }, untilMs - Date.now());
        call.on('cancelled', () => {
          controller.abort(new Error('cancelled'));
          answer(serviceError(status.CANCELLED, 'The client cancelled the call.', 'AI_GRPC_CANCELLED'));
        });
        const context = { requestId, signal: controller.signal, remainingMs: () => untilMs - Date.now() };
        authenticate(call.metadata, options)
          .then((principal) => {
            tenantId = principal.tenantId;
            return handler(call.request, { ...context, principal });
          })
          .then(
            (response) => answer(null, response),
            (error: unknown) => answer(toServiceError(error, requestId), undefined, error),
          )
          .finally(() => {
            inFlight -= 1;
            clearTimeout(timer);
          });
      };
    },
  };
}
