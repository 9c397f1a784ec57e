import { fileURLToPath } from 'node:url';
import { createTestDatabase } from '@erp/kit/testing';
import { createSystem } from '../system/create-system.js';
import type { CleanupStack } from './cleanup-stack.js';
import { distinctFreePorts } from './free-ports.js';
import { answers200, startProcess } from './processes.js';
import { defaultsOnly } from './system-env.js';

/**
 * The gateway's rate limits during the benchmark: every policy of the default still applies (the limiter
 * runs its full per-request work), but with quotas no single client reaches. One-second windows bound each
 * in-process log by one second of requests (a few thousand entries), near the 600 to 1,200 entries the
 * default per-minute limits allow, where a one-minute window would grow it to the whole run's requests.
 */
export const BENCH_RATE_LIMITS = '/api/v1/auth/login=ip:100000/1s; /health=off; /alive=off; /metrics=off; /=ip:100000/1s,user:100000/1s,tenant:100000/1s';

/** The running processes of the benchmark and a logged-in user's access token. */
export interface GatewayStack {
  readonly gatewayUrl: string;
  readonly authUrl: string;
  /** The bench upstream, called directly. */
  readonly upstreamUrl: string;
  readonly token: string;
  readonly email: string;
  readonly password: string;
  /** Every process the stack started, for the check that nothing is left running. */
  pids(): number[];
  /** The processes whose CPU time the saturation figure reads. */
  readonly upstreamPid: number;
  readonly gatewayPid: number;
}

const upstreamFile = fileURLToPath(new URL('./fixtures/gateway-upstream.js', import.meta.url));
const EMAIL = 'bench@gateway.example';
const PASSWORD = 'Bench-Passphrase-2026';

/**
 * Starts, on a fresh database of the server at `serverAdminUrl`: the bench upstream as `finance`, then auth and
 * the gateway as real processes the way `erp up` starts them; registers a tenant and logs its admin in. Each
 * step pushes its undo onto `cleanup`, so a failure halfway still stops and drops what was started.
 */
export async function startGatewayStack(serverAdminUrl: string, cleanup: CleanupStack): Promise<GatewayStack> {
  const database = await createTestDatabase(serverAdminUrl);
  cleanup.push(() => database.drop());
  const [gatewayPort, authPort, upstreamPort] = (await distinctFreePorts(3)) as [number, number, number];
  const authUrl = `http://127.0.0.1:${authPort}`;
  const upstreamUrl = `http://127.0.0.1:${upstreamPort}`;
  // The upstream starts first: the gateway's first health check of FINANCE_URL then finds it up.
  const upstream = await startProcess(
    upstreamFile,
    {
      PORT: String(upstreamPort),
      DATABASE_URL: database.adminUrl,
      AUTH_JWKS_URL: `${authUrl}/.well-known/jwks.json`,
      AUTH_ISSUER: authUrl,
      // The V8 setting createSystem gives every service, so that the upstream runs like the gateway beside it.
      NODE_OPTIONS: ['--max-semi-space-size=4', process.env.NODE_OPTIONS].filter(Boolean).join(' '),
    },
    answers200(`${upstreamUrl}/alive`),
  );
  cleanup.push(() => upstream.stop());
  // defaultsOnly drops REDIS_URL and AMQP_URL: the registry and the limiter stay in this run's own database
  // and memory, so no other system's live `finance` instance can be chosen instead of the upstream.
  const system = createSystem({
    env: { ...defaultsOnly(process.env), AUTH_ISSUER: authUrl, RATE_LIMITS: BENCH_RATE_LIMITS, ACCESS_TOKEN_TTL_S: '3600' },
    databaseUrl: database.adminUrl,
    services: ['gateway', 'auth'],
    ports: { gateway: gatewayPort, auth: authPort, finance: upstreamPort },
    logLevel: 'warn',
    onLine: (line) => {
      if (line.stream === 'stderr') process.stderr.write(`[system] ${line.source}: ${line.text}\n`);
    },
  });
  cleanup.push(() => system.stop());
  await system.start();
  const pids = () => [upstream.child.pid, ...system.processes().map((entry) => entry.pid)].filter((pid): pid is number => pid !== undefined);
  const token = await registerAndLogIn(authUrl);
  const gatewayPid = system.processes().find((entry) => entry.name === 'gateway')?.pid;
  if (gatewayPid === undefined || upstream.child.pid === undefined) throw new Error('the gateway or the upstream has no process id');
  return {
    gatewayUrl: `http://127.0.0.1:${gatewayPort}`,
    authUrl,
    upstreamUrl,
    token,
    email: EMAIL,
    password: PASSWORD,
    pids,
    upstreamPid: upstream.child.pid,
    gatewayPid,
  };
}

async function registerAndLogIn(authUrl: string): Promise<string> {
  const registered = await postJson(`${authUrl}/api/v1/auth/register`, { company_name: 'Bench GmbH', email: EMAIL, password: PASSWORD });
  if (registered.status !== 201) throw new Error(`registering the bench tenant answered ${registered.status}: ${JSON.stringify(registered.body)}`);
  const login = await postJson(`${authUrl}/api/v1/auth/login`, { email: EMAIL, password: PASSWORD });
  const token = (login.body as { access_token?: unknown }).access_token;
  if (login.status !== 200 || typeof token !== 'string') throw new Error(`logging in answered ${login.status}: ${JSON.stringify(login.body)}`);
  return token;
}

/** POSTs `body` as JSON and reads the JSON answer, if any. */
export async function postJson(url: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

/**
 * Fails unless `url` answers 200 with `token`, both directly and through the gateway: a benchmark of refusals
 * would measure nothing. Returns the gateway's `RateLimit` header, which proves the limiter ran.
 */
export async function checkRoute(stack: GatewayStack, path: string): Promise<string> {
  const headers = { authorization: `Bearer ${stack.token}` };
  const [direct, proxied] = await Promise.all([fetch(`${stack.upstreamUrl}${path}`, { headers }), fetch(`${stack.gatewayUrl}${path}`, { headers })]);
  const bodies = await Promise.all([direct.text(), proxied.text()]);
  if (direct.status !== 200 || proxied.status !== 200)
    throw new Error(`${path} answered ${direct.status} directly and ${proxied.status} through the gateway: ${bodies.join(' / ')}`);
  if (bodies[0] !== bodies[1] && path.endsWith('/ping')) throw new Error(`${path} answered differently through the gateway: ${bodies.join(' / ')}`);
  return proxied.headers.get('ratelimit') ?? 'none';
}
