import { FINANCE_INTELLIGENCE_LOADER_OPTIONS, FINANCE_INTELLIGENCE_SERVICE, financeIntelligenceProtoPath } from '@erp/contracts';
import type { TokenVerifier } from '@erp/kit';
import { Server, ServerCredentials, type ServiceDefinition } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import type { FastifyBaseLogger } from 'fastify';
import type { GrpcSettings } from '../config.js';
import type { IntelligenceContext } from '../intelligence/intelligence-context.js';
import { createCallGuard } from './call-guard.js';
import { scoreEntriesHandler } from './score-entries.js';
import { suggestPostingsHandler } from './suggest-postings.js';

/** A running gRPC server of the ai service. */
export interface AiGrpcServer {
  /** The port it listens on (the one asked for, or the one the OS chose for 0). */
  readonly port: number;
  /** Stops taking calls, lets those in flight finish for `shutdownGraceMs`, then cancels the rest. */
  stop(): Promise<void>;
}

export interface AiGrpcServerOptions {
  host: string;
  /** 0 lets the OS choose (tests). */
  port: number;
  settings: GrpcSettings;
  verifier: TokenVerifier;
  intelligence: IntelligenceContext;
  logger: Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>;
}

/** The service definition of `erp.ai.v1.FinanceIntelligence`, loaded from the contracts' .proto at start. */
function financeIntelligenceService(): ServiceDefinition {
  return loadSync(financeIntelligenceProtoPath(), FINANCE_INTELLIGENCE_LOADER_OPTIONS)[FINANCE_INTELLIGENCE_SERVICE] as ServiceDefinition;
}

function bind(server: Server, address: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(address, ServerCredentials.createInsecure(), (error, port) => (error ? reject(error) : resolve(port)));
  });
}

/**
 * Starts the gRPC server of the finance intelligence (`FinanceIntelligence`: `SuggestPostings`,
 * `ScoreEntries`) on `host:port`. Every call needs an access token with `ai.suggestions:read`; messages over
 * `maxMessageBytes` are refused with RESOURCE_EXHAUSTED by gRPC itself.
 */
export async function startGrpcServer(options: AiGrpcServerOptions): Promise<AiGrpcServer> {
  const { settings } = options;
  const server = new Server({
    'grpc.max_receive_message_length': settings.maxMessageBytes,
    'grpc.max_send_message_length': settings.maxMessageBytes,
    // Idle connections are checked, so a peer that vanished without closing does not hold resources.
    'grpc.keepalive_time_ms': 60_000,
    'grpc.keepalive_timeout_ms': 20_000,
  });
  const guard = createCallGuard({ verifier: options.verifier, permission: 'ai.suggestions:read', settings, logger: options.logger });
  server.addService(financeIntelligenceService(), {
    SuggestPostings: guard.unary('SuggestPostings', suggestPostingsHandler(options.intelligence)),
    ScoreEntries: guard.unary('ScoreEntries', scoreEntriesHandler(options.intelligence)),
  });
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  const port = await bind(server, `${host}:${options.port}`).catch((error: unknown) => {
    throw new Error(`The gRPC server could not listen on ${host}:${options.port} (AI_GRPC_PORT): ${(error as Error).message}`);
  });
  options.logger.info({ grpc_port: port }, 'gRPC server listening');
  return {
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          options.logger.warn({ grace_ms: settings.shutdownGraceMs }, 'gRPC calls still running at shutdown were cancelled');
          server.forceShutdown();
          resolve();
        }, settings.shutdownGraceMs);
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      }),
  };
}
