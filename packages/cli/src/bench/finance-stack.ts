import { createTestDatabase } from '@erp/kit/testing';
import { createSystem } from '../system/create-system.js';
import type { CleanupStack } from './cleanup-stack.js';
import { distinctFreePorts } from './free-ports.js';
import { BENCH_RATE_LIMITS, postJson } from './gateway-stack.js';
import { defaultsOnly } from './system-env.js';

/** Auth and finance as real processes on a fresh database; a tenant with SKR03 and this year's fiscal year. */
export interface FinanceStack {
  readonly financeUrl: string;
  readonly token: string;
  readonly tenantId: string;
  readonly fiscalYear: number;
  /** Admin URL of the server the stack's database lives on, for pgbench's own database. */
  readonly serverAdminUrl: string;
  /** Admin URL of the stack's own database, for the journal fixture. */
  readonly databaseUrl: string;
  readonly financePid: number;
  pids(): number[];
}

const EMAIL = 'bench@finance.example';
const PASSWORD = 'Bench-Passphrase-2026';

/** Starts auth and finance the way `erp up` does and sets up a tenant; every step pushes its undo onto `cleanup`. */
export async function startFinanceStack(serverAdminUrl: string, cleanup: CleanupStack): Promise<FinanceStack> {
  const database = await createTestDatabase(serverAdminUrl);
  cleanup.push(() => database.drop());
  const [authPort, financePort] = (await distinctFreePorts(2)) as [number, number];
  const system = createSystem({
    env: { ...defaultsOnly(process.env), RATE_LIMITS: BENCH_RATE_LIMITS, ACCESS_TOKEN_TTL_S: '3600', OVERDUE_CHECK_INTERVAL_MS: '0' },
    databaseUrl: database.adminUrl,
    services: ['auth', 'finance'],
    ports: { auth: authPort, finance: financePort },
    logLevel: 'warn',
    onLine: (line) => {
      if (line.stream === 'stderr') process.stderr.write(`[system] ${line.source}: ${line.text}\n`);
    },
  });
  cleanup.push(() => system.stop());
  await system.start();
  const authUrl = `http://127.0.0.1:${authPort}`;
  const financeUrl = `http://127.0.0.1:${financePort}`;
  await expect201(postJson(`${authUrl}/api/v1/auth/register`, { company_name: 'Bench Buchhaltung GmbH', email: EMAIL, password: PASSWORD }), 'register');
  const login = await postJson(`${authUrl}/api/v1/auth/login`, { email: EMAIL, password: PASSWORD });
  const token = (login.body as { access_token?: unknown }).access_token;
  if (typeof token !== 'string') throw new Error(`logging in answered ${login.status}`);
  const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { tid: string };
  const fiscalYear = new Date().getUTCFullYear();
  await expect201(authorized(financeUrl, '/api/v1/finance/setup', token, { chart: 'SKR03' }), 'chart set-up');
  await expect201(authorized(financeUrl, '/api/v1/finance/fiscal-years', token, { year: fiscalYear }), 'fiscal year');
  const financePid = system.processes().find((entry) => entry.name === 'finance')?.pid;
  if (financePid === undefined) throw new Error('finance has no process id');
  return {
    financeUrl,
    token,
    tenantId: claims.tid,
    fiscalYear,
    serverAdminUrl,
    databaseUrl: database.adminUrl,
    financePid,
    pids: () => system.processes().flatMap((entry) => (entry.pid === undefined ? [] : [entry.pid])),
  };
}

async function authorized(baseUrl: string, path: string, token: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

async function expect201(answer: Promise<{ status: number; body: unknown }>, what: string): Promise<void> {
  const { status, body } = await answer;
  if (status !== 201) throw new Error(`bench ${what} answered ${status}: ${JSON.stringify(body).slice(0, 300)}`);
}
