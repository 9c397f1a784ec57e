import type { AiBenchSettings } from './ai-settings.js';
import { type AiStack, BENCH_MODEL, CACHE_TASK, OVERHEAD_TASK } from './ai-stack.js';
import { type Goal, goalMet, goalText, perRound } from './gateway-goals.js';
import { type LoadResult, median, runPacedLoad } from './load.js';
import { cpuSeconds } from './processes.js';
import { fixed, printTable } from './table.js';

/** The goals of the issue for the ai service's own added latency. */
export const ADDED_P50_GOAL: Goal = { direction: '<=', limit: 2 };
export const ADDED_P99_GOAL: Goal = { direction: '<=', limit: 10 };

const QUESTION = [{ role: 'user', content: 'Summarise the open receivables of the bench company in two sentences.' }];

/** One way of sending the same chat completion: to the fake directly, or through the ai service for a task. */
interface Target {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

function direct(stack: AiStack): Target {
  return {
    url: `${stack.fakeUrl}/v1/chat/completions`,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'bench', messages: QUESTION }),
  };
}

function throughAi(stack: AiStack, task: string): Target {
  return {
    url: `${stack.aiUrl}/v1/chat/completions`,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${stack.token}`, 'x-erp-task': task },
    body: JSON.stringify({ model: BENCH_MODEL, messages: QUESTION }),
  };
}

/** Fails unless the target answers 200, and through ai from the expected deployment and cache state: a benchmark of refusals measures nothing. */
async function check(target: Target, cache?: 'hit' | 'miss'): Promise<void> {
  const response = await fetch(target.url, { method: 'POST', headers: target.headers, body: target.body });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${target.url} answered ${response.status}: ${text.slice(0, 300)}`);
  if (cache && (response.headers.get('x-erp-model') !== BENCH_MODEL || response.headers.get('x-erp-cache') !== cache)) {
    throw new Error(`${target.url} answered from ${response.headers.get('x-erp-model')} with cache ${response.headers.get('x-erp-cache')}, not ${cache}`);
  }
}

interface Measured extends LoadResult {
  /** CPU time of the ai process per answered request. */
  readonly aiCpuUs: number;
}

async function measure(stack: AiStack, target: Target, settings: AiBenchSettings, durationS = settings.durationS): Promise<Measured> {
  const before = await cpuSeconds(stack.aiPid);
  const result = await runPacedLoad({ ...target, method: 'POST', durationS, rate: settings.rate });
  const after = await cpuSeconds(stack.aiPid);
  return { ...result, aiCpuUs: ((after - before) * 1e6) / Math.max(1, result.requests) };
}

/** One row per percentile: direct, through ai, the difference, and the goal of the difference. */
export function addedLatencyRows(direct: readonly LoadResult[], viaAi: readonly LoadResult[]): string[][] {
  const percentiles = [
    { label: 'p50', pick: (result: LoadResult) => result.latencyMsP50, goal: ADDED_P50_GOAL },
    { label: 'p99', pick: (result: LoadResult) => result.latencyMsP99, goal: ADDED_P99_GOAL },
  ];
  const failures = [...direct, ...viaAi].reduce((total, result) => total + result.failures, 0);
  return percentiles.map(({ label, pick, goal }) => {
    const added = median(viaAi.map(pick)) - median(direct.map(pick));
    return [
      label,
      fixed(median(direct.map(pick)), 2),
      fixed(median(viaAi.map(pick)), 2),
      fixed(added, 2),
      goalText(goal, 'ms'),
      goalMet(added, goal),
      `${perRound(direct.map(pick), 2)} / ${perRound(viaAi.map(pick), 2)}`,
      String(failures),
    ];
  });
}

/**
 * Figure 1: the ai service's own latency. The same chat completion is sent at a fixed rate to the fake directly
 * and through ai (`/v1/chat/completions`, token check, routing, breaker, scheduler, the AI SDK call, usage
 * record), in alternating rounds; the added latency is the difference of the medians of the per-round percentiles.
 */
export async function overheadFigures(stack: AiStack, settings: AiBenchSettings): Promise<void> {
  const [fake, viaAi] = [direct(stack), throughAi(stack, OVERHEAD_TASK)];
  await check(fake);
  await check(viaAi, 'miss');
  for (const target of [fake, viaAi]) await measure(stack, target, settings, settings.warmupS);
  const rounds = { direct: [] as Measured[], ai: [] as Measured[] };
  for (let round = 0; round < settings.rounds; round += 1) {
    const order = round % 2 === 0 ? (['direct', 'ai'] as const) : (['ai', 'direct'] as const);
    for (const side of order) rounds[side].push(await measure(stack, side === 'direct' ? fake : viaAi, settings));
  }
  printTable(
    `ai gateway overhead: a chat completion to a zero-latency OpenAI-compatible fake directly and through ai (${settings.rate} req/s evenly paced, ` +
      `open loop, ${settings.rounds} alternating rounds of ${settings.durationS} s, medians of per-round percentiles; ` +
      `added = through ai − direct; ai CPU ${fixed(median(rounds.ai.map((result) => result.aiCpuUs)), 0)} µs per request)`,
    ['percentile', 'direct ms', 'through ai ms', 'added ms', 'goal', 'met', 'per round direct / through ai', 'failures'],
    addedLatencyRows(rounds.direct, rounds.ai),
  );
}

/**
 * Figure 2: exact cache hits. The same request of a task with a cache is answered from the exact cache after
 * its first call; its latency through ai is all the service's own. The goals are the added-latency goals.
 */
export async function cacheFigures(stack: AiStack, settings: AiBenchSettings): Promise<void> {
  const cached = throughAi(stack, CACHE_TASK);
  await check(cached);
  await check(cached, 'hit');
  await measure(stack, cached, settings, settings.warmupS);
  const rounds: Measured[] = [];
  for (let round = 0; round < settings.rounds; round += 1) rounds.push(await measure(stack, cached, settings));
  const rows = [
    { label: 'p50', pick: (result: LoadResult) => result.latencyMsP50, goal: ADDED_P50_GOAL },
    { label: 'p99', pick: (result: LoadResult) => result.latencyMsP99, goal: ADDED_P99_GOAL },
  ].map(({ label, pick, goal }) => {
    const value = median(rounds.map(pick));
    return [
      label,
      fixed(value, 2),
      goalText(goal, 'ms'),
      goalMet(value, goal),
      perRound(rounds.map(pick), 2),
      String(rounds.reduce((sum, r) => sum + r.failures, 0)),
    ];
  });
  printTable(
    `Exact cache hits through ai (${settings.rate} req/s evenly paced, open loop, ${settings.rounds} rounds of ${settings.durationS} s; ` +
      `ai CPU ${fixed(median(rounds.map((result) => result.aiCpuUs)), 0)} µs per request)`,
    ['percentile', 'hit latency ms', 'goal', 'met', 'per round', 'failures'],
    rows,
  );
}
