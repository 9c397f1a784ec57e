import { fileURLToPath } from 'node:url';
import {
  FINANCE_INTELLIGENCE_LOADER_OPTIONS,
  FINANCE_INTELLIGENCE_SERVICE,
  financeIntelligenceProtoPath,
  type GrpcOutgoing,
  type ScoreEntriesRequest,
  type ScoreEntriesResponse,
  type SuggestPostingsRequest,
  type SuggestPostingsResponse,
} from '@erp/contracts';
import { connectServiceDb, type ServiceApp, type ServiceDb, type TokenVerifier } from '@erp/kit';
import { createTestDatabase, freePort, type TestDatabase } from '@erp/kit/testing';
import { credentials, Metadata, makeClientConstructor, type ServiceDefinition, type ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import pg from 'pg';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { AiDb } from '../../src/db/schema.js';

const migrationsFolder = fileURLToPath(new URL('../../dist/db/migrations', import.meta.url));

/** The ai service with its gRPC server on a free port, verifying tokens with `verifier`. */
export interface GrpcTestAi {
  app: ServiceApp;
  db: ServiceDb<AiDb>;
  database: TestDatabase;
  /** `127.0.0.1:<port>` of the gRPC server. */
  address: string;
  /** Runs `work` in a transaction of the database's owner (locks, counts across tenants). */
  asAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface GrpcTestAppOptions {
  verifier: TokenVerifier;
  env?: Record<string, string>;
  now?: () => Date;
}

/**
 * Builds the ai service on a fresh database of `serverAdminUrl` with `grpcPort` set, as main.ts does with
 * `AI_GRPC_PORT`. Other services' tests (finance) use it to talk to a real ai over gRPC.
 */
export async function buildGrpcTestApp(serverAdminUrl: string, options: GrpcTestAppOptions): Promise<GrpcTestAi> {
  const database = await createTestDatabase(serverAdminUrl);
  const config = loadConfig({
    DATABASE_URL: database.adminUrl,
    LOG_LEVEL: 'silent',
    AI_KEY_SECRET: 'test-secret-of-sufficient-length',
    AI_TENANT_SETTINGS_TTL_MS: '0',
    AUTH_URL: 'http://auth.test',
    HOST: '127.0.0.1',
    ...options.env,
  });
  const db = await connectServiceDb<AiDb>({ adminUrl: database.adminUrl, service: 'ai', migrationsFolder });
  const port = await freePort();
  const app = await buildApp({ config, db, verifier: options.verifier, now: options.now, grpcPort: port });
  return {
    app,
    db,
    database,
    address: `127.0.0.1:${port}`,
    asAdmin: async (work) => {
      const client = new pg.Client({ connectionString: database.adminUrl });
      await client.connect();
      try {
        return await work(client);
      } finally {
        await client.end();
      }
    },
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}

/** A call's options: the access token (a whole `Bearer …` value), extra metadata and the deadline. */
export interface CallOptions {
  authorization?: string;
  metadata?: Record<string, string>;
  deadlineMs?: number;
}

/** A promise-based client of `FinanceIntelligence`, as finance would call it. */
export interface FinanceIntelligenceTestClient {
  suggestPostings(request: GrpcOutgoing<SuggestPostingsRequest>, options?: CallOptions): Promise<SuggestPostingsResponse>;
  scoreEntries(request: GrpcOutgoing<ScoreEntriesRequest>, options?: CallOptions): Promise<ScoreEntriesResponse>;
  close(): void;
}

export function createTestClient(address: string, channelOptions: Record<string, number> = {}): FinanceIntelligenceTestClient {
  const definition = loadSync(financeIntelligenceProtoPath(), FINANCE_INTELLIGENCE_LOADER_OPTIONS);
  const Service = makeClientConstructor(definition[FINANCE_INTELLIGENCE_SERVICE] as ServiceDefinition, 'FinanceIntelligence');
  const client = new Service(address, credentials.createInsecure(), channelOptions);
  const call = <Response>(method: string, request: unknown, options: CallOptions = {}) =>
    new Promise<Response>((resolve, reject) => {
      const metadata = new Metadata();
      if (options.authorization) metadata.set('authorization', options.authorization);
      for (const [key, value] of Object.entries(options.metadata ?? {})) metadata.set(key, value);
      const deadline = Date.now() + (options.deadlineMs ?? 10_000);
      const unary = client[method] as (
        request: unknown,
        metadata: Metadata,
        options: { deadline: number },
        callback: (error: ServiceError | null, response: Response) => void,
      ) => void;
      unary.call(client, request, metadata, { deadline }, (error, response) => (error ? reject(error) : resolve(response)));
    });
  return {
    suggestPostings: (request, options) => call('SuggestPostings', request, options),
    scoreEntries: (request, options) => call('ScoreEntries', request, options),
    close: () => client.close(),
  };
}

/** The refusal of a call: its status code, message and the service's error code and fields from the trailers. */
export async function refusalOf(promise: Promise<unknown>): Promise<{ code: number; details: string; errorCode: string; fields: string[] }> {
  try {
    await promise;
  } catch (error) {
    const serviceError = error as ServiceError;
    return {
      code: serviceError.code,
      details: serviceError.details,
      errorCode: String(serviceError.metadata?.get('erp-error-code')[0] ?? ''),
      fields: (serviceError.metadata?.get('erp-field') ?? []).map(String),
    };
  }
  throw new Error('the call succeeded');
}
