import { fileURLToPath } from 'node:url';
import { createTestDatabase } from '@erp/kit/testing';
import { createSystem } from '../system/create-system.js';
import type { CleanupStack } from './cleanup-stack.js';
import { distinctFreePorts } from './free-ports.js';
import { BENCH_RATE_LIMITS, postJson } from './gateway-stack.js';
import { answers200, startProcess } from './processes.js';
import { defaultsOnly } from './system-env.js';

/** The running processes of the ai benchmark and a logged-in admin's access token. */
export interface AiStack {
  readonly aiUrl: string;
  /** The zero-latency OpenAI-compatible fake, called directly. */
  readonly fakeUrl: string;
  readonly token: string;
  readonly tenantId: string;
  /** Admin URL of the stack's database: the benchmark publishes finance events into its Postgres queue. */
  readonly databaseUrl: string;
  readonly aiPid: number;
  pids(): number[];
}

const fakeFile = fileURLToPath(new URL('./fixtures/ai-fake-openai.js', import.meta.url));
const EMAIL = 'bench@ai.example';
const PASSWORD = 'Bench-Passphrase-2026';

/** The model through which the overhead is measured, and the tasks of the figures (no cache, exact cache). */
export const BENCH_MODEL = 'fake/bench';
export const OVERHEAD_TASK = 'bench-overhead';
export const CACHE_TASK = 'bench-cache';

function aiConfig(fakeUrl: string): string {
  const model = { id: 'bench', capabilities: { chat: true, context_tokens: 128_000 }, price: { input_eur_per_million: '0.15', output_eur_per_million: '0.6' } };
  const provider = { kind: 'openai-compatible', base_url: `${fakeUrl}/v1`, timeout_ms: 10_000, max_concurrency: 256, models: [model] };
  const pinned = { strategy: 'pinned', model: BENCH_MODEL, fallback: false };
  return JSON.stringify({
    providers: { fake: provider },
    tasks: { [OVERHEAD_TASK]: { ...pinned, cache_ttl_s: 0 }, [CACHE_TASK]: { ...pinned, cache_ttl_s: 3600 } },
  });
}

/**
 * Starts, on a fresh database of the server at `serverAdminUrl`: the fake OpenAI-compatible upstream, then auth
 * and ai as real processes the way `erp up` starts them (embedded defaults: pg-boss, in-process caches), with
 * the fake as the installation's provider; registers a tenant and logs its admin in. Each step pushes its undo
 * onto `cleanup`.
 */
export async function startAiStack(serverAdminUrl: string, cleanup: CleanupStack): Promise<AiStack> {
  const database = await createTestDatabase(serverAdminUrl);
  cleanup.push(() => database.drop());
  const [aiPort, authPort, fakePort] = (await distinctFreePorts(3)) as [number, number, number];
  const fakeUrl = `http://127.0.0.1:${fakePort}`;
  const fake = await startProcess(fakeFile, { PORT: String(fakePort) }, answers200(`${fakeUrl}/health`));
  cleanup.push(() => fake.stop());
  const system = createSystem({
    env: { ...defaultsOnly(process.env), RATE_LIMITS: BENCH_RATE_LIMITS, ACCESS_TOKEN_TTL_S: '3600', AI_CONFIG: aiConfig(fakeUrl) },
    databaseUrl: database.adminUrl,
    services: ['auth', 'ai'],
    ports: { auth: authPort, ai: aiPort },
    logLevel: 'warn',
    onLine: (line) => {
      if (line.stream === 'stderr') process.stderr.write(`[system] ${line.source}: ${line.text}\n`);
    },
  });
  cleanup.push(() => system.stop());
  await system.start();
  const authUrl = `http://127.0.0.1:${authPort}`;
  const registered = await postJson(`${authUrl}/api/v1/auth/register`, { company_name: 'Bench KI GmbH', email: EMAIL, password: PASSWORD });
  if (registered.status !== 201) throw new Error(`registering the bench tenant answered ${registered.status}`);
  const login = await postJson(`${authUrl}/api/v1/auth/login`, { email: EMAIL, password: PASSWORD });
  const token = (login.body as { access_token?: unknown }).access_token;
  if (typeof token !== 'string') throw new Error(`logging in answered ${login.status}`);
  const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { tid: string };
  const aiPid = system.processes().find((entry) => entry.name === 'ai')?.pid;
  if (aiPid === undefined || fake.child.pid === undefined) throw new Error('ai or the fake upstream has no process id');
  return {
    aiUrl: `http://127.0.0.1:${aiPort}`,
    fakeUrl,
    token,
    tenantId: claims.tid,
    databaseUrl: database.adminUrl,
    aiPid,
    pids: () => [fake.child.pid, ...system.processes().map((entry) => entry.pid)].filter((pid): pid is number => pid !== undefined),
  };
}
