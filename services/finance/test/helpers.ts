import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PERMISSIONS, type Permission } from '@erp/contracts';
import { connectServiceDb, type ServiceApp, type ServiceDb } from '@erp/kit';
import { createTestDatabase, createTestTokens, type TestDatabase, type TestTokens } from '@erp/kit/testing';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import type { FinanceDb } from '../src/db/schema.js';

export const migrationsFolder = fileURLToPath(new URL('../dist/db/migrations', import.meta.url));

/** Every permission of the finance service. */
export const FINANCE_PERMISSIONS = PERMISSIONS.filter((permission) => permission.startsWith('finance.'));

export interface TestFinance {
  app: ServiceApp;
  db: ServiceDb<FinanceDb>;
  database: TestDatabase;
  tokens: TestTokens;
  /** The temporary folder of this app's document files (set by `buildTestApp`); removed by `close`. */
  documentsDir?: string;
  close(): Promise<void>;
}

/**
 * The finance service on a fresh database of `serverAdminUrl`, verifying tokens of a local test issuer, with its
 * document files in a fresh temporary folder (never the repository's `.data`).
 */
export async function buildTestApp(serverAdminUrl: string, options: { clock?: () => Date; env?: Record<string, string> } = {}): Promise<TestFinance> {
  const database = await createTestDatabase(serverAdminUrl);
  const documentsDir = await mkdtemp(join(tmpdir(), 'erp-finance-documents-'));
  const config = loadConfig({ DATABASE_URL: database.adminUrl, LOG_LEVEL: 'silent', FINANCE_DOCUMENTS_DIR: documentsDir, ...options.env });
  const db = await connectServiceDb<FinanceDb>({ adminUrl: database.adminUrl, service: 'finance', migrationsFolder });
  const tokens = await createTestTokens();
  const app = await buildApp({ config, db, verifier: tokens.verifier, ...(options.clock ? { clock: options.clock } : {}) });
  return {
    app,
    db,
    database,
    tokens,
    documentsDir,
    close: async () => {
      await app.close();
      await database.drop();
      await rm(documentsDir, { recursive: true, force: true });
    },
  };
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

// biome-ignore lint/suspicious/noExplicitAny: response bodies are read loosely in tests; each test asserts the shape it relies on.
type Json = any;

export interface Response {
  statusCode: number;
  headers: Record<string, string | string[] | number | undefined>;
  json<T = Json>(): T;
  body: string;
}

/** A caller of one tenant with a fixed set of permissions. */
export interface Client {
  readonly tenantId: string;
  readonly userId: string;
  request(method: Method, url: string, payload?: unknown, headers?: Record<string, string>): Promise<Response>;
  get(url: string): Promise<Response>;
  post(url: string, payload?: unknown, headers?: Record<string, string>): Promise<Response>;
}

export async function clientFor(finance: TestFinance, options: { tenantId?: string; permissions?: readonly Permission[] } = {}): Promise<Client> {
  const tenantId = options.tenantId ?? randomUUID();
  const userId = randomUUID();
  const authorization = await finance.tokens.bearer({ tenantId, userId, permissions: options.permissions ?? FINANCE_PERMISSIONS, ttlS: 3600 });
  const request = async (method: Method, url: string, payload?: unknown, headers: Record<string, string> = {}) =>
    (await finance.app.inject({
      method,
      url,
      headers: { authorization, ...headers },
      ...(payload === undefined ? {} : { payload: payload as object }),
    })) as Response;
  return { tenantId, userId, request, get: (url) => request('GET', url), post: (url, payload, headers) => request('POST', url, payload, headers) };
}

export const FINANCE = '/api/v1/finance';

/** A tenant with its ledger set up on `chart` and fiscal year `year` (calendar year) created. */
export async function readyTenant(finance: TestFinance, options: { chart?: 'SKR03' | 'SKR04'; year?: number; tenantId?: string } = {}): Promise<Client> {
  const client = await clientFor(finance, { tenantId: options.tenantId });
  const setup = await client.post(`${FINANCE}/setup`, { chart: options.chart ?? 'SKR03' });
  if (setup.statusCode !== 201) throw new Error(`set-up failed: ${setup.body}`);
  const year = await client.post(`${FINANCE}/fiscal-years`, { year: options.year ?? 2026 });
  if (year.statusCode !== 201) throw new Error(`fiscal year failed: ${year.body}`);
  return client;
}

export interface LineInput {
  account: string;
  debit?: string;
  credit?: string;
  tax_code?: string | null;
  text?: string | null;
}

export const debit = (account: string, amount: string, extra: Partial<LineInput> = {}): LineInput => ({ account, debit: amount, ...extra });
export const credit = (account: string, amount: string, extra: Partial<LineInput> = {}): LineInput => ({ account, credit: amount, ...extra });

let documentSequence = 0;

/** A valid entry body (a 119.00 cash sale at 19 % on SKR03) with `overrides` on top. */
export function entryInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  documentSequence += 1;
  return {
    posting_date: '2026-01-15',
    document_date: '2026-01-15',
    document_ref: `RE-${documentSequence}`,
    description: 'Barverkauf',
    lines: [debit('1000', '119.00'), credit('8400', '119.00')],
    ...overrides,
  };
}

/** Posts `body` and returns the created entry; throws unless the service answers 201. */
export async function postEntry(client: Client, body: Record<string, unknown> = entryInput()): Promise<Json> {
  const response = await client.post(`${FINANCE}/transactions`, body);
  if (response.statusCode !== 201) throw new Error(`posting failed: ${response.body}`);
  return response.json();
}
