import { type Goal, goalMet, goalText, halfRate, perRound } from './gateway-goals.js';
import type { GatewaySettings } from './gateway-settings.js';
import { checkRoute, type GatewayStack } from './gateway-stack.js';
import { type LoadResult, median, runLoad } from './load.js';
import { cpuSeconds } from './processes.js';
import { fixed, printTable } from './table.js';

/** A route of the bench upstream and what the issue expects of it. */
interface BenchRoute {
  readonly name: string;
  readonly path: string;
  readonly ratioGoal: Goal;
}

const ROUTES: readonly BenchRoute[] = [
  { name: 'ping (trivial)', path: '/api/v1/finance/bench/ping', ratioGoal: { direction: '>=', limit: 0.5 } },
  { name: 'row (one indexed SELECT)', path: '/api/v1/finance/bench/row', ratioGoal: { direction: '>=', limit: 0.9 } },
];
const ADDED_P50_GOAL: Goal = { direction: '<=', limit: 1 };
const ADDED_P99_GOAL: Goal = { direction: '<=', limit: 3 };

type Target = 'direct' | 'gateway';

/** One load round with the CPU time each server process spent per answered request. */
interface Measured extends LoadResult {
  readonly upstreamCpuUs: number;
  readonly gatewayCpuUs: number;
}

/** The rounds of one route, direct and through the gateway. */
interface RouteRounds {
  readonly route: BenchRoute;
  readonly direct: Measured[];
  readonly gateway: Measured[];
}

const urlOf = (stack: GatewayStack, target: Target, route: BenchRoute) => `${target === 'direct' ? stack.upstreamUrl : stack.gatewayUrl}${route.path}`;

/**
 * Runs `settings.rounds` rounds per route, each measuring the upstream directly and through the gateway; the
 * order flips every round so that neither side always runs on a machine warmed (or tired) by the other.
 */
async function alternate(stack: GatewayStack, route: BenchRoute, settings: GatewaySettings, load: (url: string) => Promise<LoadResult>): Promise<RouteRounds> {
  const rounds: RouteRounds = { route, direct: [], gateway: [] };
  for (let round = 0; round < settings.rounds; round += 1) {
    const order: Target[] = round % 2 === 0 ? ['direct', 'gateway'] : ['gateway', 'direct'];
    for (const target of order) rounds[target].push(await withCpu(stack, () => load(urlOf(stack, target, route))));
  }
  return rounds;
}

/**
 * Runs `load` and reads the CPU time of the upstream and the gateway around it. On a small machine the load
 * generator, the gateway and the upstream share the cores, so CPU per request is the steadier comparison.
 */
async function withCpu(stack: GatewayStack, load: () => Promise<LoadResult>): Promise<Measured> {
  const before = await Promise.all([cpuSeconds(stack.upstreamPid), cpuSeconds(stack.gatewayPid)]);
  const result = await load();
  const after = await Promise.all([cpuSeconds(stack.upstreamPid), cpuSeconds(stack.gatewayPid)]);
  const perRequestUs = (index: 0 | 1) => ((after[index] - before[index]) * 1e6) / Math.max(1, result.requests);
  return { ...result, upstreamCpuUs: perRequestUs(0), gatewayCpuUs: perRequestUs(1) };
}

const rateOf = (results: readonly LoadResult[]) => median(results.map((result) => result.requestsPerSecond));
const failuresOf = (rounds: RouteRounds) => [...rounds.direct, ...rounds.gateway].reduce((total, result) => total + result.failures, 0);

/** Figure 1: the saturation rate of each route directly and through the gateway. Returns the measured rounds. */
export async function saturationFigures(stack: GatewayStack, settings: GatewaySettings): Promise<RouteRounds[]> {
  const results: RouteRounds[] = [];
  const limiterHeaders: string[] = [];
  for (const route of ROUTES) {
    limiterHeaders.push(await checkRoute(stack, route.path));
    for (const target of ['direct', 'gateway'] as const) {
      await runLoad({ url: urlOf(stack, target, route), headers: bearer(stack.token), durationS: settings.warmupS, connections: settings.connections });
    }
    const load = (url: string) => runLoad({ url, headers: bearer(stack.token), durationS: settings.durationS, connections: settings.connections });
    results.push(await alternate(stack, route, settings, load));
  }
  printTable(
    `Saturation: the same route directly (client → upstream, which verifies the token) and through the gateway (JWT check + rate limit + proxy), ` +
      `${settings.connections} connections, ${settings.rounds} alternating rounds of ${settings.durationS} s, medians; the gateway answered RateLimit: ${limiterHeaders[0]}`,
    [
      'route',
      'direct req/s',
      'via gateway req/s',
      'direct per round',
      'via gateway per round',
      'ratio proxied/direct',
      'goal',
      'met',
      'CPU µs/req direct: upstream',
      'via gateway: upstream + gateway',
      'failures',
    ],
    results.map(saturationRow),
  );
  return results;
}

function saturationRow(rounds: RouteRounds): string[] {
  const ratio = rateOf(rounds.gateway) / rateOf(rounds.direct);
  const rates = (results: readonly Measured[]) =>
    perRound(
      results.map((result) => result.requestsPerSecond),
      0,
    );
  const cpu = (results: readonly Measured[], pick: (result: Measured) => number) => fixed(median(results.map(pick)), 0);
  const upstreamCpu = (result: Measured) => result.upstreamCpuUs;
  return [
    rounds.route.name,
    fixed(rateOf(rounds.direct), 0),
    fixed(rateOf(rounds.gateway), 0),
    rates(rounds.direct),
    rates(rounds.gateway),
    fixed(ratio, 3),
    goalText(rounds.route.ratioGoal),
    goalMet(ratio, rounds.route.ratioGoal),
    cpu(rounds.direct, upstreamCpu),
    `${cpu(rounds.gateway, upstreamCpu)} + ${cpu(rounds.gateway, (result) => result.gatewayCpuUs)}`,
    String(failuresOf(rounds)),
  ];
}

/**
 * Figure 2: latency of each route at half the gateway's saturation rate of that route (a fixed, open-loop
 * rate), directly and through the gateway; the added latency is the difference of the medians.
 */
export async function latencyFigures(stack: GatewayStack, settings: GatewaySettings, saturation: readonly RouteRounds[]): Promise<void> {
  const rows: string[][] = [];
  for (const measured of saturation) {
    const rate = halfRate(rateOf(measured.gateway));
    const load = (url: string) =>
      runLoad({ url, headers: bearer(stack.token), durationS: settings.durationS, connections: settings.fixedRateConnections, rate });
    const rounds = await alternate(stack, measured.route, settings, load);
    rows.push(...latencyRows(rounds, rate));
  }
  printTable(
    `Latency at half the gateway's saturation rate (fixed rate, ${settings.fixedRateConnections} connections, ${settings.rounds} alternating rounds of ` +
      `${settings.durationS} s, medians of the per-round exact percentiles; added = via gateway − direct)`,
    ['route', 'percentile', 'rate req/s', 'direct ms', 'via gateway ms', 'added ms', 'goal', 'met', 'per round direct / via gateway', 'failures'],
    rows,
  );
}

function latencyRows(rounds: RouteRounds, rate: number): string[][] {
  const percentiles = [
    { label: 'p50', pick: (result: LoadResult) => result.latencyMsP50, goal: ADDED_P50_GOAL },
    { label: 'p99', pick: (result: LoadResult) => result.latencyMsP99, goal: ADDED_P99_GOAL },
  ];
  return percentiles.map(({ label, pick, goal }) => {
    const direct = median(rounds.direct.map(pick));
    const gateway = median(rounds.gateway.map(pick));
    const added = gateway - direct;
    return [
      rounds.route.name,
      label,
      String(rate),
      fixed(direct, 2),
      fixed(gateway, 2),
      fixed(added, 2),
      goalText(goal, 'ms'),
      goalMet(added, goal),
      `${perRound(rounds.direct.map(pick), 2)} / ${perRound(rounds.gateway.map(pick), 2)}`,
      String(failuresOf(rounds)),
    ];
  });
}

/** The authorization header of the bench user's access token. */
function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}
