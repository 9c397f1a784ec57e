import { randomUUID } from 'node:crypto';
import type { PacedScenario } from './paced-load.js';

/** Offered rates per critical endpoint: what a busy small company's staff cause, not a stress test. */
export interface PerfRates {
  readonly login: number;
  readonly refresh: number;
  readonly listCustomers: number;
  readonly createCustomer: number;
  readonly postEntry: number;
  readonly trialBalance: number;
}

export const NORMAL_RATES: PerfRates = { login: 2, refresh: 5, listCustomers: 30, createCustomer: 8, postEntry: 15, trialBalance: 4 };

/** A tenant set up through the gateway: an admin, a pool of refresh tokens, a chart of accounts, a fiscal year. */
export interface PerfTenant {
  readonly gatewayUrl: string;
  readonly email: string;
  readonly password: string;
  readonly accessToken: string;
  /** Each refresh spends its token and yields the next one, so the pool is a queue of live tokens. */
  readonly refreshTokens: string[];
  readonly fiscalYear: number;
}

const PASSWORD = 'perf-gate-Passw0rd!';

/** Registers a tenant, logs in `refreshPool` times, sets up SKR03, a fiscal year and `customers` customers. */
export async function setUpTenant(gatewayUrl: string, options: { refreshPool: number; customers: number; today: Date }): Promise<PerfTenant> {
  const email = `perf-${randomUUID().slice(0, 8)}@perf.example`;
  await expectStatus(201, 'register', call(gatewayUrl, 'POST', '/api/v1/auth/register', { company_name: 'Perf Gate GmbH', email, password: PASSWORD }));
  const refreshTokens: string[] = [];
  let accessToken = '';
  for (let index = 0; index < options.refreshPool; index += 1) {
    const tokens = (await expectStatus(200, 'login', call(gatewayUrl, 'POST', '/api/v1/auth/login', { email, password: PASSWORD }))) as {
      access_token: string;
      refresh_token: string;
    };
    accessToken = tokens.access_token;
    refreshTokens.push(tokens.refresh_token);
  }
  const fiscalYear = options.today.getUTCFullYear();
  await expectStatus(201, 'finance setup', call(gatewayUrl, 'POST', '/api/v1/finance/setup', { chart: 'SKR03' }, accessToken));
  await expectStatus(201, 'fiscal year', call(gatewayUrl, 'POST', '/api/v1/finance/fiscal-years', { year: fiscalYear }, accessToken));
  for (let index = 0; index < options.customers; index += 1) {
    await expectStatus(201, 'customer', call(gatewayUrl, 'POST', '/api/v1/customers', customerBody(index), accessToken));
  }
  return { gatewayUrl, email, password: PASSWORD, accessToken, refreshTokens, fiscalYear };
}

/** The scenarios of the critical endpoints of observer_config.json that need a tenant, at `rates`. */
export function criticalScenarios(tenant: PerfTenant, rates: PerfRates, today: Date): PacedScenario[] {
  const day = today.toISOString().slice(0, 10);
  let sequence = 0;
  const next = () => {
    sequence += 1;
    return sequence;
  };
  const ok = async (status: number, answer: Promise<Response>) => {
    const response = await answer;
    await response.arrayBuffer();
    return response.status === status;
  };
  return [
    {
      endpoint: 'POST /api/v1/auth/login',
      ratePerSecond: rates.login,
      send: () => ok(200, call(tenant.gatewayUrl, 'POST', '/api/v1/auth/login', { email: tenant.email, password: tenant.password })),
    },
    {
      endpoint: 'POST /api/v1/auth/token/refresh',
      ratePerSecond: rates.refresh,
      send: async () => {
        const token = tenant.refreshTokens.shift();
        if (token === undefined) return false;
        const response = await call(tenant.gatewayUrl, 'POST', '/api/v1/auth/token/refresh', { refresh_token: token });
        const body = (await response.json()) as { refresh_token?: string };
        if (response.status !== 200 || typeof body.refresh_token !== 'string') return false;
        tenant.refreshTokens.push(body.refresh_token);
        return true;
      },
    },
    {
      endpoint: 'GET /api/v1/customers',
      ratePerSecond: rates.listCustomers,
      // no-cache: the gateway's response cache would otherwise answer, and core would see no traffic.
      send: () => ok(200, call(tenant.gatewayUrl, 'GET', '/api/v1/customers?limit=50', undefined, tenant.accessToken, { 'cache-control': 'no-cache' })),
    },
    {
      endpoint: 'POST /api/v1/customers',
      ratePerSecond: rates.createCustomer,
      send: () => ok(201, call(tenant.gatewayUrl, 'POST', '/api/v1/customers', customerBody(1000 + next()), tenant.accessToken)),
    },
    {
      endpoint: 'POST /api/v1/finance/transactions',
      ratePerSecond: rates.postEntry,
      send: () => ok(201, call(tenant.gatewayUrl, 'POST', '/api/v1/finance/transactions', entryBody(day, next()), tenant.accessToken)),
    },
    {
      endpoint: 'GET /api/v1/finance/reports/trial-balance',
      ratePerSecond: rates.trialBalance,
      send: () =>
        ok(200, call(tenant.gatewayUrl, 'GET', `/api/v1/finance/reports/trial-balance?fiscal_year=${tenant.fiscalYear}`, undefined, tenant.accessToken)),
    },
  ];
}

function customerBody(index: number): Record<string, unknown> {
  const cities = ['München', 'Köln', 'Hamburg', 'Leipzig', 'Freiburg'];
  return {
    kind: 'company',
    company_name: `Kunde ${index} Handels GmbH`,
    email: `einkauf${index}@kunde.example`,
    payment_terms: { net_days: 30, skonto_percent: '2.00', skonto_days: 10 },
    addresses: [
      {
        type: 'billing',
        is_default: true,
        street: `Hauptstraße ${(index % 90) + 1}`,
        postal_code: '80331',
        city: cities[index % cities.length],
        country: 'DE',
      },
    ],
  };
}

/** A sale on account with 19 % VAT: three lines once the tax line is generated. */
function entryBody(day: string, sequence: number): Record<string, unknown> {
  const gross = `${100 + (sequence % 900)}.${String(sequence % 100).padStart(2, '0')}`;
  return {
    posting_date: day,
    document_date: day,
    document_ref: `PERF-${sequence}`,
    description: 'Verkauf (Performance-Gate)',
    currency: 'EUR',
    exchange_rate: '1',
    lines: [
      { account: '1400', debit: gross },
      { account: '8400', credit: gross, text: 'Ware' },
    ],
  };
}

function call(baseUrl: string, method: string, path: string, body?: unknown, token?: string, extraHeaders: Record<string, string> = {}): Promise<Response> {
  const headers: Record<string, string> = { ...extraHeaders };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  return fetch(`${baseUrl}${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}), signal: AbortSignal.timeout(10_000) });
}

async function expectStatus(status: number, what: string, answer: Promise<Response>): Promise<unknown> {
  const response = await answer;
  const text = await response.text();
  if (response.status !== status) throw new Error(`perf set-up step "${what}" answered ${response.status} instead of ${status}: ${text.slice(0, 500)}`);
  return text ? (JSON.parse(text) as unknown) : undefined;
}

/** POSTs with a token and returns the text of the answer (the observer's stored report). */
export async function postForText(url: string, token: string, accept: string): Promise<string> {
  const response = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}`, accept }, signal: AbortSignal.timeout(30_000) });
  const text = await response.text();
  if (response.status !== 201) throw new Error(`POST ${url} answered ${response.status}: ${text.slice(0, 500)}`);
  return text;
}
