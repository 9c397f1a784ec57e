import {
  FINANCE_INTELLIGENCE_LOADER_OPTIONS,
  FINANCE_INTELLIGENCE_METADATA,
  FINANCE_INTELLIGENCE_SERVICE,
  financeIntelligenceProtoPath,
  type GrpcOutgoing,
  type ScoreEntriesRequest,
  type ScoreEntriesResponse,
  type SuggestPostingsRequest,
  type SuggestPostingsResponse,
} from '@erp/contracts';
import { type Client, credentials, Metadata, makeClientConstructor, type ServiceDefinition, type ServiceError, status } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import type { AiGrpcSettings } from '../config.js';
import { type CircuitBreaker, createCircuitBreaker } from './circuit-breaker.js';

/** Who a call is made for: the end user's own token goes along, so ai applies the user's permissions. */
export interface AiCaller {
  /** The request's `Authorization` header, `Bearer <token>`. */
  readonly authorization: string;
  readonly tenantId: string;
  readonly requestId: string;
  readonly traceparent: string;
}

/** What ai answered: the response, or why there is none (the gRPC status, ai's sentence and error code). */
export type AiAnswer<Response> =
  | { readonly ok: true; readonly response: Response }
  | { readonly ok: false; readonly code: status; readonly detail: string; readonly errorCode: string };

/** The ai service's finance intelligence as finance calls it; never throws, every failure is an answer. */
export interface AiIntelligenceClient {
  suggestPostings(request: GrpcOutgoing<SuggestPostingsRequest>, caller: AiCaller): Promise<AiAnswer<SuggestPostingsResponse>>;
  scoreEntries(request: GrpcOutgoing<ScoreEntriesRequest>, caller: AiCaller): Promise<AiAnswer<ScoreEntriesResponse>>;
  close(): void;
}

/** Statuses that say ai could not be reached or failed, as opposed to ai refusing the request. */
const FAILURES = new Set([status.UNAVAILABLE, status.DEADLINE_EXCEEDED, status.INTERNAL, status.UNKNOWN, status.CANCELLED]);
const RECEIVE_BYTES_MAX = 4 * 1024 * 1024;

type UnaryMethod = (
  request: unknown,
  metadata: Metadata,
  options: { deadline: number },
  callback: (error: ServiceError | null, response: unknown) => void,
) => void;

function connect(address: string): Client {
  const definition = loadSync(financeIntelligenceProtoPath(), FINANCE_INTELLIGENCE_LOADER_OPTIONS)[FINANCE_INTELLIGENCE_SERVICE] as ServiceDefinition;
  const Service = makeClientConstructor(definition, 'FinanceIntelligence');
  return new Service(address, credentials.createInsecure(), {
    'grpc.max_receive_message_length': RECEIVE_BYTES_MAX,
    // A restarted ai is found again within seconds, without hammering one that is down.
    'grpc.initial_reconnect_backoff_ms': 500,
    'grpc.max_reconnect_backoff_ms': 10_000,
    'grpc.keepalive_time_ms': 60_000,
  });
}

function metadataOf(caller: AiCaller): Metadata {
  const metadata = new Metadata();
  metadata.set(FINANCE_INTELLIGENCE_METADATA.authorization, caller.authorization);
  metadata.set(FINANCE_INTELLIGENCE_METADATA.tenantId, caller.tenantId);
  metadata.set(FINANCE_INTELLIGENCE_METADATA.requestId, caller.requestId);
  metadata.set(FINANCE_INTELLIGENCE_METADATA.traceparent, caller.traceparent);
  return metadata;
}

function transportDetail(code: status, timeoutMs: number): string {
  if (code === status.DEADLINE_EXCEEDED) return `The ai service did not answer within ${timeoutMs} ms.`;
  if (code === status.UNAVAILABLE) return 'The ai service cannot be reached.';
  if (code === status.RESOURCE_EXHAUSTED) return 'The question or the answer exceeded the message size limit of the ai service.';
  return `The call to the ai service failed (${status[code]}).`;
}

function refusal<Response>(code: status, detail: string, errorCode = ''): AiAnswer<Response> {
  return { ok: false, code, detail, errorCode };
}

/**
 * Builds the client of ai's `FinanceIntelligence`. The channel opens on the first call (an instance that is
 * never asked costs nothing). Each call has the deadline `timeoutMs`; when ai is down, calls fail at once
 * (no wait for a connection), and after `breakerFailures` failures in a row the breaker answers for ai
 * without calling until `breakerCooldownMs` have passed.
 */
export function createAiIntelligenceClient(settings: AiGrpcSettings, clock: () => number = Date.now): AiIntelligenceClient {
  const breaker: CircuitBreaker = createCircuitBreaker({ failureThreshold: settings.breakerFailures, cooldownMs: settings.breakerCooldownMs });
  let client: Client | undefined;
  const call = <Response>(method: string, request: unknown, caller: AiCaller): Promise<AiAnswer<Response>> => {
    if (settings.address === undefined) return Promise.resolve(refusal(status.UNAVAILABLE, 'The ai service is not configured (AI_GRPC_URL=off).'));
    const decision = breaker.decide(clock());
    if (!decision.allowed) {
      return Promise.resolve(refusal(status.UNAVAILABLE, `The ai service failed repeatedly; it is asked again from ${decision.retryAt.toISOString()}.`));
    }
    client ??= connect(settings.address);
    const unary = (client as unknown as Record<string, UnaryMethod>)[method] as UnaryMethod;
    return new Promise((resolve) => {
      const settle = (error: ServiceError | null, response: unknown) => {
        if (!error) {
          breaker.recordSuccess();
          resolve({ ok: true, response: response as Response });
          return;
        }
        if (FAILURES.has(error.code)) breaker.recordFailure(clock());
        else breaker.recordSuccess();
        const errorCode = String(error.metadata?.get(FINANCE_INTELLIGENCE_METADATA.errorCode)[0] ?? '');
        // ai words its own refusals for the user; a transport's message (addresses, sockets) is not for them.
        resolve(refusal(error.code, errorCode === '' ? transportDetail(error.code, settings.timeoutMs) : error.details, errorCode));
      };
      try {
        unary.call(client, request, metadataOf(caller), { deadline: clock() + settings.timeoutMs }, settle);
      } catch {
        // A request that cannot be encoded (a programming error) fails this call, not the finance request.
        resolve(refusal(status.INTERNAL, 'The request to the ai service could not be sent.'));
      }
    });
  };
  return {
    suggestPostings: (request, caller) => call('SuggestPostings', request, caller),
    scoreEntries: (request, caller) => call('ScoreEntries', request, caller),
    close: () => client?.close(),
  };
}
